from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("opportunity/<int:opportunity_pk>/", views.for_opportunity, name="for_opportunity"),
    path("<int:pk>/", views.answer, name="answer"),
    path("<int:pk>/change/", views.answer_change, name="answer_change"),
    path("<int:pk>/send/", views.answer_send, name="answer_send"),
    path("<int:pk>/thanks/", views.thanks, name="thanks"),
    path("<int:pk>/check-your-email/", views.check_email, name="check_email"),
    path("<int:pk>/confirm/<str:token>/", views.confirm, name="confirm"),
    path("<int:pk>/results/", views.results, name="results"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/<int:pk>/results/", views.staff_results, name="staff_results"),
    path("staff/<int:pk>/responses.csv", views.staff_export, name="staff_export"),
]
