"""The site's URLs plus one view that fails, for the 500 page tests (tests/test_error_pages.py)."""

from django.urls import path

from club.urls import handler500  # noqa: F401 - handler500 is read by Django
from club.urls import urlpatterns as site_urlpatterns


def broken(request):
    raise RuntimeError("secret detail: table members_user, password=hunter2")


urlpatterns = [path("en-panne/", broken), path("api/v1/en-panne/", broken), *site_urlpatterns]
