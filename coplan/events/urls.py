from django.urls import path

from . import views, views_notes, views_proposals, views_volunteers

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/session.ics", views.event_ics, name="ics"),
    path("calendar/<slug:slug>.ics", views.process_feed, name="process_feed"),
    path("registration/<str:token>/", views.registration_manage, name="registration"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/registrations/", views.staff_registrations, name="staff_registrations"),
    path("staff/<int:pk>/registrations.csv", views.staff_export, name="staff_export"),
    path("staff/<int:pk>/notes/", views_notes.staff_notes, name="staff_notes"),
    path("staff/<int:pk>/notes/add/", views_notes.staff_note_add, name="staff_note_add"),
    path("staff/<int:pk>/notes/import/", views_notes.staff_notes_import, name="staff_notes_import"),
    path("staff/<int:pk>/summary/", views_notes.staff_summary_set, name="staff_summary_set"),
    path("volunteer/<slug:slug>/", views_volunteers.volunteer, name="volunteer"),
    path("propose/<slug:slug>/", views_proposals.session_propose, name="propose"),
    path("staff/volunteers/", views_volunteers.staff_volunteers, name="staff_volunteers"),
    path("staff/volunteers/<int:pk>/", views_volunteers.staff_volunteer, name="staff_volunteer"),
]
