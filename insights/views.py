"""The staff dashboard, an admin view (club/urls.py wraps it in admin.site.admin_view: only staff
reach it; anyone else gets the admin's login)."""

import io

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from club.csv_export import spreadsheet_writer

from .period import PeriodForm
from .rollup import rolled_up_through
from .selectors import dashboard_blocks, table_by_key


@require_GET
def dashboard(request):
    form = PeriodForm(request.GET or None)
    period = form.period()
    wanted = request.GET.get("csv")
    if wanted:
        table = table_by_key(period, wanted)
        if table is None:
            raise Http404
        return _csv(table, period)
    blocks, computed_at, rolled_up_through = _blocks(period)
    query = request.GET.copy()
    query.pop("csv", None)
    context = {
        **admin.site.each_context(request),
        "title": _("Tableau de bord"),
        "form": form,
        "period": period,
        "previous": period.previous(),
        "blocks": blocks,
        "computed_at": computed_at,
        # Said on the page when some of the period's days come from the nightly aggregates.
        "rolled_up_through": rolled_up_through if rolled_up_through and rolled_up_through >= period.first_day else None,
        "query_string": query.urlencode(),
    }
    return TemplateResponse(request, "insights/dashboard.html", context)


def _blocks(period):
    """The period's figures, when they were computed and the last day of the daily aggregates
    they read: kept INSIGHTS_CACHE_SECONDS (a few minutes) per period and language, on top of the
    SQL (which is fast on its own, see bench/dashboard.py); the page says when they were computed."""
    if not settings.INSIGHTS_CACHE_SECONDS:
        return dashboard_blocks(period), timezone.now(), rolled_up_through()
    key = f"insights:{period.first_day}:{period.last_day}:{translation.get_language()}"
    cached = cache.get(key)
    if cached is None:
        cached = (dashboard_blocks(period), timezone.now(), rolled_up_through())
        cache.set(key, cached, settings.INSIGHTS_CACHE_SECONDS)
    return cached


def _csv(table, period):
    buffer = io.StringIO()
    writer = spreadsheet_writer(buffer, delimiter=";")
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{table.key}_{period.first_day:%Y-%m-%d}_{period.last_day:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
