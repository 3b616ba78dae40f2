from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("follow/<int:content_type_id>/<int:object_id>/", views.follow, name="follow"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/remove/", views.subscription_remove, name="subscription_remove"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("mine/", views.mine, name="mine"),
]
