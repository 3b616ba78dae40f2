from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    path("reports/<int:pk>/", views.report_public, name="report"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
    path("staff/", views.workspace_home, name="home"),
    path("staff/<slug:slug>/", views.queue, name="queue"),
    path("staff/<slug:slug>/code/<int:pk>/", views.code, name="code"),
    path("staff/<slug:slug>/code/<int:pk>/translate/", views.translate, name="translate"),
    path(
        "staff/<slug:slug>/suggestions/<int:pk>/<str:decision>/",
        views.suggestion_decide,
        name="suggestion",
    ),
    path("staff/<slug:slug>/codebook/", views.codebook, name="codebook"),
    path("staff/<slug:slug>/codebook/<int:pk>/", views.theme_edit, name="theme_edit"),
    path("staff/<slug:slug>/codebook/<int:pk>/merge/", views.theme_merge, name="theme_merge"),
    path("staff/<slug:slug>/codebook/<int:pk>/split/", views.theme_split, name="theme_split"),
    path("staff/<slug:slug>/retrain/", views.retrain, name="retrain"),
    path("staff/<slug:slug>/campaigns/", views.campaigns, name="campaigns"),
    path("staff/<slug:slug>/topics/", views.topics, name="topics"),
    path("staff/<slug:slug>/topics/<int:pk>/adopt/", views.topic_adopt, name="topic_adopt"),
    path("staff/<slug:slug>/reports/", views.reports, name="reports"),
    path("staff/<slug:slug>/reports/<int:pk>/", views.report_staff, name="report_staff"),
]
