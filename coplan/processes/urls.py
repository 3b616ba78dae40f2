from django.urls import path

from . import views, views_blocks

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
    path("videos/<int:pk>/<str:part>", views_blocks.video_file, name="video_file"),
    path(
        "staff/blocks/processes/<slug:slug>/",
        views_blocks.staff_process_blocks,
        name="staff_process_blocks",
    ),
    path(
        "staff/blocks/processes/<slug:slug>/videos/new/",
        views_blocks.staff_process_video_create,
        name="staff_process_video_create",
    ),
    path(
        "staff/blocks/pages/<slug:page_slug>/",
        views_blocks.staff_page_blocks,
        name="staff_page_blocks",
    ),
    path(
        "staff/blocks/pages/<slug:page_slug>/videos/new/",
        views_blocks.staff_page_video_create,
        name="staff_page_video_create",
    ),
    path("staff/blocks/videos/<int:pk>/", views_blocks.staff_video_edit, name="staff_video_edit"),
    path(
        "staff/blocks/videos/<int:pk>/delete/",
        views_blocks.staff_video_delete,
        name="staff_video_delete",
    ),
]
