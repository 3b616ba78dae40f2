from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("<slug:slug>/", views.forum_home, name="home"),
    path("<slug:slug>/terms/", views.forum_page, {"page": "terms"}, name="terms"),
    path("<slug:slug>/rules/", views.forum_page, {"page": "rules"}, name="rules"),
    path("<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path(
        "<slug:slug>/meetings/<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
    path("<slug:slug>/repository/", views.repository_list, name="repository"),
    path("<slug:slug>/repository/feed.atom", views.RepositoryFeed(), name="repository_feed"),
    path("<slug:slug>/compliance/", views.compliance_dashboard, name="compliance"),
    path("<slug:slug>/responses/", views.coverage_public, name="coverage"),
    path("<slug:slug>/lessons/", views.lessons_public, name="lessons"),
    path("<slug:slug>/self-assessment/", views.self_assessment, name="self_assessment"),
    path(
        "<slug:slug>/self-assessment/report.pdf",
        views.self_assessment_pdf,
        name="self_assessment_pdf",
    ),
    path("<slug:slug>/staff/", views.staff_home, name="staff_home"),
    path("<slug:slug>/staff/pages/", views.staff_forum_edit, name="staff_forum_edit"),
    path("<slug:slug>/staff/members/add/", views.staff_member_add, name="staff_member_add"),
    path("<slug:slug>/staff/members/", views.staff_members, name="staff_members"),
    path("<slug:slug>/staff/members/<int:pk>/", views.staff_member_edit, name="staff_member_edit"),
    path(
        "<slug:slug>/staff/members/<int:pk>/end/", views.staff_member_end, name="staff_member_end"
    ),
    path("<slug:slug>/staff/meetings/add/", views.staff_meeting_add, name="staff_meeting_add"),
    path("<slug:slug>/staff/meetings/<int:pk>/", views.staff_meeting, name="staff_meeting"),
    path("<slug:slug>/staff/workspace/", views.staff_workspace, name="staff_workspace"),
    path(
        "<slug:slug>/staff/workspace/new/", views.staff_workspace_edit, name="staff_workspace_new"
    ),
    path(
        "<slug:slug>/staff/workspace/<int:pk>/",
        views.staff_workspace_edit,
        name="staff_workspace_edit",
    ),
    path(
        "<slug:slug>/staff/workspace/<int:pk>/versions/",
        views.staff_workspace_versions,
        name="staff_workspace_versions",
    ),
    path(
        "<slug:slug>/staff/workspace/<int:pk>/versions/<int:number>/",
        views.staff_workspace_version,
        name="staff_workspace_version",
    ),
    path(
        "<slug:slug>/staff/compliance/evidence/<int:pk>/",
        views.staff_evidence_file,
        name="staff_evidence_file",
    ),
    path("<slug:slug>/staff/responses/", views.staff_coverage, name="staff_coverage"),
    path("<slug:slug>/staff/compliance/", views.staff_compliance, name="staff_compliance"),
    path("<slug:slug>/staff/lessons/", views.staff_lessons, name="staff_lessons"),
    path("<slug:slug>/staff/reviews/", views.staff_reviews, name="staff_reviews"),
]
