"""The benchmarks' URLs (club.settings.bench only): the site's, plus /_bare/, a tiny page through
the same server and middleware, which bench/run.py measures as its baseline. Not in club.urls: a
deployed site has no page that exists only for the benchmarks."""

from django.urls import path

from club import urls as site_urls
from club import views as club_views

handler404 = site_urls.handler404
handler500 = site_urls.handler500

urlpatterns = [path("_bare/", club_views.bare, name="bare"), *site_urls.urlpatterns]
