from django.urls import path

from . import views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("pages/", views.pages, name="pages"),
    path("pages/new/", views.page_create, name="page_create"),
    path("pages/<slug:page_slug>/", views.page_edit, name="page"),
    path("corrections/", views.corrections, name="corrections"),
    path("corrections/<int:pk>/", views.correction, name="correction"),
    path("processes/", views.process_list, name="processes"),
    path("processes/new/", views.process_create, name="process_create"),
    path("processes/<slug:slug>/", views.process_detail, name="process"),
    path("processes/<slug:slug>/edit/", views.process_edit, name="process_edit"),
    path("processes/<slug:slug>/phases/", views.phases_edit, name="phases_edit"),
    path("processes/<slug:slug>/current-phase/", views.current_phase_set, name="current_phase"),
    path("processes/<slug:slug>/close/", views.process_close, name="process_close"),
    path(
        "processes/<slug:slug>/opportunities/new/",
        views.opportunity_create,
        name="opportunity_create",
    ),
    path(
        "processes/<slug:slug>/opportunities/<int:pk>/",
        views.opportunity_edit,
        name="opportunity",
    ),
    path(
        "processes/<slug:slug>/opportunities/<int:pk>/open/",
        views.opportunity_open,
        name="opportunity_open",
    ),
    path(
        "processes/<slug:slug>/opportunities/<int:pk>/close/",
        views.opportunity_close,
        name="opportunity_close",
    ),
    path("processes/<slug:slug>/sessions/new/", views.session_create, name="session_create"),
    path("processes/<slug:slug>/sessions/<int:pk>/", views.session_edit, name="session"),
    path(
        "processes/<slug:slug>/questionnaires/new/",
        views.questionnaire_create,
        name="questionnaire_create",
    ),
    path(
        "processes/<slug:slug>/questionnaires/<int:pk>/",
        views.questionnaire_edit,
        name="questionnaire",
    ),
    path(
        "processes/<slug:slug>/questionnaires/<int:pk>/questions/new/",
        views.question_create,
        name="question_create",
    ),
    path(
        "processes/<slug:slug>/questionnaires/<int:pk>/questions/<int:question_pk>/",
        views.question_edit,
        name="question",
    ),
]
