"""The site's URLs plus two that fail on purpose, for the error-page tests."""

from django.db import OperationalError
from django.urls import path

from coplan.urls import *  # noqa: F403
from coplan.urls import urlpatterns as site_urlpatterns


def database_gone(request):
    raise OperationalError("connection to server was lost")


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-database-gone", database_gone),
    path("test-broken", broken),
    *site_urlpatterns,
]
