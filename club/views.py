"""Error views. When the database is unreachable the site answers a friendly 503 (try again in
a moment) instead of a 500; neither page reveals anything about the internals."""

import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularSwaggerSplitView


def _is_api(request) -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def server_error(request):
    # OperationalError / InterfaceError: connection refused, server gone, database locked…
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    if _is_api(request):  # the app reads JSON, as from the rest of the API
        detail = _("Service momentanément indisponible.") if unavailable else _("Erreur du serveur.")
        response = JsonResponse({"detail": detail}, status=503 if unavailable else 500)
    elif unavailable:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    else:
        return HttpResponse(loader.get_template("500.html").render(), status=500)
    if unavailable:
        response["Retry-After"] = "30"
    return response


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: most failures are an expired form (a page left open, a login in another
    tab), so say that and how to retry. `reason` is for developers and never shown."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request, exception):
    """Under /api/ an unknown address answers in the API's format, for the app to read."""
    if _is_api(request):
        return JsonResponse({"detail": _("Introuvable.")}, status=404)
    return defaults.page_not_found(request, exception)


def admin_login(request):
    """The admin's login goes through the site's login, which is rate-limited. A logged-in person
    who is not staff gets a 404: the admin does not exist for them (and there is no redirect loop)."""
    if request.user.is_authenticated:
        raise Http404
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


@require_safe
def language_switch(request):
    """The language switcher of every page: French pages have no prefix, English ones live under
    /en/, so switching only goes to the same page's address in the other language. A GET that
    changes nothing (no cookie: the address alone says the language), hence no CSRF token, which
    the pages cached for every visitor cannot hold (club/page_cache.py)."""
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # translate_url resolves the address in the language it is written in.
    with translation.override(get_language_from_path(urlsplit(next_url).path) or settings.LANGUAGE_CODE):
        target = translate_url(next_url, language)
    return HttpResponseRedirect(target)


def bare(request):
    """A tiny page through the same server and middleware as the site: the benchmarks' baseline,
    routed only by club.bench_urls (club.settings.bench)."""
    return HttpResponse("ok\n", content_type="text/plain")


class ApiDocs(SpectacularSwaggerSplitView):
    """The API's documentation page. Its only renderer is an HTML template, which has nothing to
    render DRF's OPTIONS description with (a 500): OPTIONS says the allowed methods, no body."""

    def options(self, request, *args, **kwargs):
        return HttpResponse(headers={"Allow": ", ".join(self.allowed_methods)})
