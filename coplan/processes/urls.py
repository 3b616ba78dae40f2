from django.urls import path

from . import views

app_name = "processes"

urlpatterns = [
    path("", views.home, name="home"),
    path("processes/<slug:slug>/", views.process_detail, name="detail"),
    path(
        "processes/<slug:slug>/take-part/<slug:opportunity_slug>/",
        views.opportunity_detail,
        name="opportunity",
    ),
    path("pages/<slug:slug>/", views.static_page, name="page"),
]
