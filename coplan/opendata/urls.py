from django.urls import path

from . import views
from .feeds import ProcessFeed

app_name = "opendata"

urlpatterns = [
    path("api/", views.api_docs, name="api_docs"),
    path("staff/<slug:slug>/", views.staff_datasets, name="staff_datasets"),
    path("staff/<slug:slug>/versions/<int:pk>/", views.staff_version, name="staff_version"),
    path("<slug:slug>/", views.process_datasets, name="process"),
    path("<slug:slug>/feed.atom", ProcessFeed(), name="feed"),
    path("<slug:slug>/<slug:kind>/v<int:number>/", views.version_detail, name="version"),
    path(
        "<slug:slug>/<slug:kind>/v<int:number>/<str:filename>",
        views.version_file,
        name="file",
    ),
]
