from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/download.json", views.data_json, name="my_data_json"),
    path("my-data/correction/", views.correction, name="my_data_correction"),
    path("my-data/withdraw/", views.withdraw, name="my_data_withdraw"),
    path("my-data/access/<str:token>/", views.access, name="access"),
    path("my-data/access/<str:token>/download.json", views.data_json, name="access_json"),
    path("my-data/access/<str:token>/correction/", views.correction, name="access_correction"),
    path("my-data/access/<str:token>/withdraw/", views.withdraw, name="access_withdraw"),
    path("processes/<slug:slug>/", views.statement, name="statement"),
]
