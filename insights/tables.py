"""What every block of the dashboard shows: a table of figures (caption, column headers, rows),
the chart drawn from the same rows, and the same rows as a CSV download. One shape for all, so
the template, the chart script and the CSV export never differ on a number."""

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Table:
    key: str  # the CSV download's name and the chart's data id
    caption: str
    headers: list[str]
    rows: list[list]
    # Which columns the chart draws (indexes into each row; column 0 gives the labels), and how.
    chart_columns: list[int] = field(default_factory=list)
    chart_type: str = "bar"  # "bar", "line" or "hbar"
    note: str = ""

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    def chart(self) -> dict | None:
        """The chart's data for static/js/insights.js, passed with json_script."""
        if not self.chart_columns or not self.rows:
            return None
        return {
            "type": self.chart_type,
            "labels": [str(row[0]) for row in self.rows],
            "datasets": [
                {"label": str(self.headers[i]), "data": [_number(row[i]) for row in self.rows]}
                for i in self.chart_columns
            ],
        }


@dataclass
class Figure:
    """A headline number with the same number over the previous period."""

    label: str
    value: float | int | None
    previous: float | int | None = None
    unit: str = ""  # "%" or "h"

    @property
    def change(self):
        if self.value is None or self.previous is None:
            return None
        return round(self.value - self.previous, 1)


@dataclass
class Block:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pending: str = ""  # « à venir »: the part of the site it reads is not there yet


def _number(value):
    return float(value) if hasattr(value, "as_integer_ratio") and not isinstance(value, int) else value


def month_label(value) -> str:
    """'2026-11' for a month (a date or datetime from TruncMonth, or already a string)."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m")
    return str(value)


def share(part, whole) -> float | None:
    """A percentage with one decimal, None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None
