from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("decide/", views.decide, name="decide"),
    path("log/", views.log, name="log"),
    path("<int:pk>/", views.detail, name="detail"),
]
