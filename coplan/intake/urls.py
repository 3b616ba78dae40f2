from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.index, name="index"),
    path("runs/<int:pk>/rejects.csv", views.run_rejects, name="run_rejects"),
    path("import/notes/", views.import_notes, name="import_notes"),
    path("import/social/", views.import_social, name="import_social"),
]
