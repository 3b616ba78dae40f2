from django.urls import path

from . import contact, views

app_name = "contributions"

urlpatterns = [
    path("<slug:slug>/<slug:opportunity_slug>/ideas/", views.idea_list, name="idea_list"),
    path("<slug:slug>/<slug:opportunity_slug>/ideas/new/", views.idea_create, name="idea_create"),
    path("<slug:slug>/<slug:opportunity_slug>/feedback/", views.feedback, name="feedback"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/support/", views.idea_support, name="idea_support"),
    path(
        "ideas/<int:pk>/support/confirm/<str:token>/",
        views.support_confirm,
        name="support_confirm",
    ),
    path("contributions/<int:pk>/", views.contribution_detail, name="detail"),
    path("contributions/<int:pk>/flag/", views.contribution_flag, name="flag"),
    path(
        "comment/<int:content_type_id>/<int:object_id>/",
        views.comment_create,
        name="comment_create",
    ),
    path(
        "reply/<int:content_type_id>/<int:object_id>/<int:parent_id>/",
        views.reply_form,
        name="reply",
    ),
    path("page-feedback/", views.page_feedback, name="page_feedback"),
    path("contact/<slug:slug>/", contact.contact, name="contact"),
    path("mine/", views.my_contributions, name="mine"),
    path("mine/<int:pk>/withdraw/", views.contribution_withdraw, name="withdraw"),
]
