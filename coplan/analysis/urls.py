from django.urls import path

from .views import coding, discovery, reports, themes

app_name = "analysis"

urlpatterns = [
    path("reports/<int:pk>/", reports.report_public, name="report"),
    path("reports/<int:pk>/pdf/", reports.report_pdf, name="report_pdf"),
    path("staff/", coding.workspace_home, name="home"),
    path("staff/<slug:slug>/", coding.queue, name="queue"),
    path("staff/<slug:slug>/code/<int:pk>/", coding.code, name="code"),
    path("staff/<slug:slug>/code/<int:pk>/translate/", coding.translate, name="translate"),
    path(
        "staff/<slug:slug>/suggestions/<int:pk>/<str:decision>/",
        coding.suggestion_decide,
        name="suggestion",
    ),
    path("staff/<slug:slug>/codebook/", themes.codebook, name="codebook"),
    path("staff/<slug:slug>/codebook/<int:pk>/", themes.theme_edit, name="theme_edit"),
    path("staff/<slug:slug>/codebook/<int:pk>/merge/", themes.theme_merge, name="theme_merge"),
    path("staff/<slug:slug>/codebook/<int:pk>/split/", themes.theme_split, name="theme_split"),
    path("staff/<slug:slug>/retrain/", discovery.retrain, name="retrain"),
    path("staff/<slug:slug>/campaigns/", discovery.campaigns, name="campaigns"),
    path(
        "staff/<slug:slug>/campaigns/detect/",
        discovery.campaigns_detect,
        name="campaigns_detect",
    ),
    path("staff/<slug:slug>/topics/", discovery.topics, name="topics"),
    path("staff/<slug:slug>/topics/<int:pk>/adopt/", discovery.topic_adopt, name="topic_adopt"),
    path("staff/<slug:slug>/reports/", reports.reports, name="reports"),
    path("staff/<slug:slug>/reports/<int:pk>/", reports.report_staff, name="report_staff"),
    path(
        "staff/<slug:slug>/reports/<int:pk>/publish/",
        reports.report_publish,
        name="report_publish",
    ),
]
