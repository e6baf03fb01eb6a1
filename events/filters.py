"""The agenda's FilterSet, shared by the pages and (later) the API. Periods are computed in
Europe/Paris and select every event that overlaps them (an exhibition running for weeks is
"this weekend" too)."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Event, EventType

PERIODS = [
    ("today", _("Aujourd'hui")),
    ("weekend", _("Ce week-end")),
    ("week", _("Cette semaine")),
    ("month", _("Ce mois-ci")),
]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def period_range(period: str, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime] | None:
    """[start, end) of a named period, local time."""
    today = timezone.localtime(now or timezone.now()).date()
    if period == "today":
        return _midnight(today), _midnight(today + dt.timedelta(days=1))
    if period == "weekend":
        # Saturday and Sunday; on a Sunday, what is left of it.
        monday = today + dt.timedelta(days=7 - today.weekday())
        return _midnight(max(today, monday - dt.timedelta(days=2))), _midnight(monday)
    if period == "week":
        return _midnight(today), _midnight(today + dt.timedelta(days=7 - today.weekday()))
    if period == "month":
        first_next = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        return _midnight(today), _midnight(first_next)
    return None


class EventFilter(django_filters.FilterSet):
    type = django_filters.ModelChoiceFilter(
        label=_("Type"),
        queryset=EventType.objects.all(),
        to_field_name="slug",
        empty_label=_("Tous les types"),
    )
    period = django_filters.ChoiceFilter(
        label=_("Quand"), choices=PERIODS, empty_label=_("Toutes les dates"), method="filter_period"
    )
    date_from = django_filters.DateFilter(
        label=_("Du"), method="filter_from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Au"), method="filter_to", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Event
        fields = ["type", "period", "date_from", "date_to"]

    def filter_period(self, queryset, name, value):
        bounds = period_range(value)
        if bounds is None:
            return queryset
        start, end = bounds
        return queryset.filter(Q(starts_at__lt=end) & Q(ends_at__gte=start))

    def filter_from(self, queryset, name, value):
        return queryset.filter(ends_at__gte=_midnight(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_midnight(value + dt.timedelta(days=1)))

    @property
    def is_active(self) -> bool:
        return any(self.form.cleaned_data.get(name) for name in self.filters) if self.form.is_valid() else False
