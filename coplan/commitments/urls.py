from django.urls import path

from . import views

app_name = "commitments"

C = "<slug:process_slug>/<slug:identifier>/"

urlpatterns = [
    path("<slug:process_slug>/", views.commitment_list, name="list"),
    path("<slug:process_slug>/dashboard/", views.dashboard, name="dashboard"),
    path(
        "<slug:process_slug>/export/commitments.csv",
        views.export_commitments_csv,
        name="export_csv",
    ),
    path(
        "<slug:process_slug>/export/commitments.json",
        views.export_commitments_json,
        name="export_json",
    ),
    path(
        "<slug:process_slug>/export/milestones.csv",
        views.export_milestones_csv,
        name="export_milestones_csv",
    ),
    path(
        "<slug:process_slug>/export/milestones.json",
        views.export_milestones_json,
        name="export_milestones_json",
    ),
    path("<slug:process_slug>/staff/new/", views.commitment_create, name="create"),
    path("<slug:process_slug>/staff/invitations/", views.invitations, name="invitations"),
    path(C, views.commitment_detail, name="detail"),
    path(C + "template/", views.commitment_print, name="print"),
    path(C + "versions/", views.version_compare, name="versions"),
    path(C + "amend/", views.amendment_propose, name="amend"),
    path(C + "milestones/<int:pk>/", views.milestone_detail, name="milestone"),
    path(C + "staff/edit/", views.commitment_edit, name="edit"),
    path(C + "staff/status/", views.commitment_transition, name="transition"),
    path(C + "staff/amendments/", views.amendment_list, name="amendments"),
    path(C + "staff/amendments/<int:pk>/", views.amendment_decide, name="amendment_decide"),
    path(C + "staff/partners/", views.partners, name="partners"),
    path(C + "staff/partners/<int:pk>/answer/", views.partner_respond, name="partner_respond"),
    path(C + "staff/milestones/new/", views.milestone_edit, name="milestone_add"),
    path(C + "staff/milestones/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path(C + "staff/milestones/<int:pk>/report/", views.progress_report, name="report"),
    path(C + "staff/milestones/<int:pk>/assess/", views.assessment_post, name="assess"),
    path(C + "staff/sources/", views.sources, name="sources"),
    path(C + "staff/sources/<int:pk>/unlink/", views.source_unlink, name="source_unlink"),
]
