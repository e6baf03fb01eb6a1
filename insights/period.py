"""The period the dashboard looks at: from/to dates (last 30 days by default), and the period of
the same length just before it, for comparison. Bounds are aware datetimes in the site's time zone,
start included, end excluded."""

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 30
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    first_day: dt.date
    last_day: dt.date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def start(self) -> dt.datetime:
        return _midnight(self.first_day)

    @property
    def end(self) -> dt.datetime:
        return _midnight(self.last_day + dt.timedelta(days=1))

    def previous(self) -> "Period":
        last = self.first_day - dt.timedelta(days=1)
        return Period(last - dt.timedelta(days=self.days - 1), last)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def default_period(today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(today - dt.timedelta(days=DEFAULT_DAYS - 1), today)


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", _("La fin de la période doit suivre son début."))
        elif first and last and (last - first).days + 1 > MAX_DAYS:
            self.add_error("date_to", _("La période ne peut dépasser trois ans."))
        return data

    def period(self) -> Period:
        """The chosen period; the default one when the form is unbound or invalid."""
        default = default_period()
        if not self.is_bound or not self.is_valid():
            return default
        first, last = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if first and last:
            return Period(first, last)
        if first:
            return Period(first, first + dt.timedelta(days=DEFAULT_DAYS - 1))
        if last:
            return Period(last - dt.timedelta(days=DEFAULT_DAYS - 1), last)
        return default
