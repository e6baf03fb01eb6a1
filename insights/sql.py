"""The few figures the ORM cannot say in one query, in raw SQL for PostgreSQL, with the SQLite
equivalent (make run) where the syntax differs."""

from django.db import connection


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def month_of(column: str) -> str:
    """SQL giving 'YYYY-MM' of a timestamp column, in the site's time zone on PostgreSQL."""
    if is_postgres():
        return f"to_char({column} AT TIME ZONE 'Europe/Paris', 'YYYY-MM')"
    return f"strftime('%%Y-%%m', {column})"


def month_start(column: str) -> str:
    """SQL giving the month of a timestamp column, cheap to compute on many rows (date_trunc on
    PostgreSQL, in the site's time zone); month_text turns it into 'YYYY-MM' once grouped."""
    if is_postgres():
        return f"date_trunc('month', {column} AT TIME ZONE 'Europe/Paris')"
    return month_of(column)


def month_start_of_day(column: str) -> str:
    """month_start of a date column (a day already in the site's time zone)."""
    if is_postgres():
        return f"date_trunc('month', {column}::timestamp)"
    return f"strftime('%%Y-%%m', {column})"


def month_text(expression: str) -> str:
    return f"to_char({expression}, 'YYYY-MM')" if is_postgres() else expression


def rows(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def median(values) -> float | None:
    """The median of a few numbers (the SQLite path only; PostgreSQL uses percentile_cont)."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
