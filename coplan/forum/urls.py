from django.urls import path

from .models import MeetingStatus
from .views import meetings, members, oversight, public, workspace

app_name = "forum"

urlpatterns = [
    path("<slug:slug>/", public.forum_home, name="home"),
    path("<slug:slug>/terms/", public.forum_page, {"page": "terms"}, name="terms"),
    path("<slug:slug>/rules/", public.forum_page, {"page": "rules"}, name="rules"),
    path("<slug:slug>/meetings/<int:pk>/", public.meeting_detail, name="meeting"),
    path(
        "<slug:slug>/meetings/<int:pk>/documents/<int:document_pk>/",
        public.document_download,
        name="document",
    ),
    path("<slug:slug>/repository/", public.repository_list, name="repository"),
    path("<slug:slug>/repository/feed.atom", public.RepositoryFeed(), name="repository_feed"),
    path("<slug:slug>/compliance/", public.compliance_dashboard, name="compliance"),
    path("<slug:slug>/responses/", public.coverage_public, name="coverage"),
    path("<slug:slug>/lessons/", public.lessons_public, name="lessons"),
    path("<slug:slug>/self-assessment/", public.self_assessment, name="self_assessment"),
    path(
        "<slug:slug>/self-assessment/report.pdf",
        public.self_assessment_pdf,
        name="self_assessment_pdf",
    ),
    path("<slug:slug>/staff/", members.staff_home, name="staff_home"),
    path("<slug:slug>/staff/pages/", members.staff_forum_edit, name="staff_forum_edit"),
    path("<slug:slug>/staff/members/add/", members.staff_member_add, name="staff_member_add"),
    path("<slug:slug>/staff/members/", members.staff_members, name="staff_members"),
    path(
        "<slug:slug>/staff/members/<int:pk>/", members.staff_member_edit, name="staff_member_edit"
    ),
    path(
        "<slug:slug>/staff/members/<int:pk>/end/", members.staff_member_end, name="staff_member_end"
    ),
    path("<slug:slug>/staff/meetings/add/", meetings.staff_meeting_add, name="staff_meeting_add"),
    path("<slug:slug>/staff/meetings/<int:pk>/", meetings.staff_meeting, name="staff_meeting"),
    path(
        "<slug:slug>/staff/meetings/<int:pk>/attendance/",
        meetings.staff_meeting_attendance,
        name="staff_meeting_attendance",
    ),
    path(
        "<slug:slug>/staff/meetings/<int:pk>/documents/",
        meetings.staff_meeting_document_add,
        name="staff_meeting_document_add",
    ),
    path(
        "<slug:slug>/staff/meetings/<int:pk>/publish-agenda/",
        meetings.staff_meeting_publish,
        {"stage": MeetingStatus.AGENDA_PUBLISHED},
        name="staff_meeting_publish_agenda",
    ),
    path(
        "<slug:slug>/staff/meetings/<int:pk>/publish-minutes/",
        meetings.staff_meeting_publish,
        {"stage": MeetingStatus.MINUTES_PUBLISHED},
        name="staff_meeting_publish_minutes",
    ),
    path("<slug:slug>/staff/workspace/", workspace.staff_workspace, name="staff_workspace"),
    path(
        "<slug:slug>/staff/workspace/new/",
        workspace.staff_workspace_edit,
        name="staff_workspace_new",
    ),
    path(
        "<slug:slug>/staff/workspace/<int:pk>/",
        workspace.staff_workspace_edit,
        name="staff_workspace_edit",
    ),
    path(
        "<slug:slug>/staff/workspace/<int:pk>/versions/",
        workspace.staff_workspace_versions,
        name="staff_workspace_versions",
    ),
    path(
        "<slug:slug>/staff/workspace/<int:pk>/versions/<int:number>/",
        workspace.staff_workspace_version,
        name="staff_workspace_version",
    ),
    path(
        "<slug:slug>/staff/compliance/evidence/<int:pk>/",
        oversight.staff_evidence_file,
        name="staff_evidence_file",
    ),
    path("<slug:slug>/staff/responses/", oversight.staff_coverage, name="staff_coverage"),
    path("<slug:slug>/staff/compliance/", oversight.staff_compliance, name="staff_compliance"),
    path("<slug:slug>/staff/lessons/", oversight.staff_lessons, name="staff_lessons"),
    path(
        "<slug:slug>/staff/lessons/publish/",
        oversight.staff_lessons_publish,
        name="staff_lessons_publish",
    ),
    path("<slug:slug>/staff/reviews/", oversight.staff_reviews, name="staff_reviews"),
]
