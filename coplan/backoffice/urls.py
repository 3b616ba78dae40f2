from django.urls import include, path

from . import views
from .views import lists, mailboxes, people

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", lists.settings_index, name="settings"),
    path("settings/people/", people.people, name="people"),
    path("settings/people/<int:pk>/", people.person, name="person"),
    path(
        "settings/people/<int:pk>/two-step-reset/",
        people.person_mfa_reset,
        name="person_mfa_reset",
    ),
    path("settings/mailboxes/", mailboxes.mailboxes, name="mailboxes"),
    path("settings/mailboxes/new/", mailboxes.mailbox_create, name="mailbox_create"),
    path("settings/mailboxes/<int:pk>/", mailboxes.mailbox_edit, name="mailbox"),
    path("settings/mailboxes/<int:pk>/test/", mailboxes.mailbox_test, name="mailbox_test"),
    *[path("settings/", include(lists.urlpatterns()))],
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
        "processes/<slug:slug>/questionnaires/copy/",
        views.questionnaire_copy,
        name="questionnaire_copy",
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
    path(
        "processes/<slug:slug>/questionnaires/<int:pk>/questions/<int:question_pk>/move/",
        views.question_move,
        name="question_move",
    ),
    path(
        "processes/<slug:slug>/questionnaires/<int:pk>/questions/<int:question_pk>/copy/",
        views.question_copy,
        name="question_copy",
    ),
    path(
        "processes/<slug:slug>/questionnaires/<int:pk>/questions/<int:question_pk>/delete/",
        views.question_delete,
        name="question_delete",
    ),
]
