from django.urls import path

from . import staff_views, views

app_name = "plans"

urlpatterns = [
    # Staff pages first (a process named "staff" must not shadow them); /staff/ in the path
    # keeps them out of every cache.
    path("staff/<slug:slug>/", staff_views.staff_plan, name="staff_plan"),
    path("staff/<slug:slug>/create/", staff_views.staff_plan_create, name="staff_plan_create"),
    path(
        "staff/<slug:slug>/versions/new/",
        staff_views.staff_version_create,
        name="staff_version_create",
    ),
    path("staff/<slug:slug>/v<int:number>/", staff_views.staff_version, name="staff_version"),
    path(
        "staff/<slug:slug>/v<int:number>/sections/add/",
        staff_views.staff_section_add,
        name="staff_section_add",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/sections/<int:pk>/",
        staff_views.staff_section_edit,
        name="staff_section_edit",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/sections/<int:pk>/move/",
        staff_views.staff_section_move,
        name="staff_section_move",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/sections/<int:pk>/delete/",
        staff_views.staff_section_delete,
        name="staff_section_delete",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/cabinet/",
        staff_views.staff_cabinet_submit,
        name="staff_cabinet_submit",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/cabinet/<int:pk>/",
        staff_views.staff_cabinet_decide,
        name="staff_cabinet_decide",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/publish/",
        staff_views.staff_version_publish,
        name="staff_version_publish",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/discard/",
        staff_views.staff_version_discard,
        name="staff_version_discard",
    ),
    path(
        "staff/<slug:slug>/v<int:number>/changes/",
        staff_views.staff_changes,
        name="staff_changes",
    ),
    path("<slug:slug>/", views.plan_overview, name="overview"),
    path("<slug:slug>/current/<str:stage>/", views.plan_current, name="current"),
    path("<slug:slug>/v<int:number>/", views.version_detail, name="version"),
    path(
        "<slug:slug>/v<int:number>/paragraphs/<int:paragraph>/",
        views.paragraph_detail,
        name="paragraph",
    ),
    path("<slug:slug>/v<int:number>/changes/", views.version_changes, name="changes"),
    path("<slug:slug>/v<int:number>/plan.pdf", views.version_pdf, name="pdf"),
    path("<slug:slug>/v<int:number>/text.json", views.version_text, name="text"),
]
