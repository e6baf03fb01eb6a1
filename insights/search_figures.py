"""The most searched words and the searches that found nothing, from the anonymised log."""

from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import SearchLog
from .sql import is_postgres, rows
from .tables import Block, Figure, Table, share

TOP = 20


def search_block(period) -> Block:
    """Four queries whatever the size of the log."""
    previous = period.previous()
    current = Q(at__gte=period.start, at__lt=period.end)
    before = Q(at__gte=previous.start, at__lt=previous.end)
    totals = SearchLog.objects.aggregate(
        searches=Count("pk", filter=current),
        searches_previous=Count("pk", filter=before),
        empty=Count("pk", filter=current & Q(found=0)),
        empty_previous=Count("pk", filter=before & Q(found=0)),
    )
    in_period = SearchLog.objects.filter(current)
    empty = in_period.filter(found=0).values("words").annotate(n=Count("pk")).order_by("-n", "words")[:TOP]
    return Block(
        key="search",
        title=_("Recherches"),
        figures=[
            Figure(_("Recherches"), totals["searches"], totals["searches_previous"]),
            Figure(
                _("Part sans résultat"),
                share(totals["empty"], totals["searches"]),
                share(totals["empty_previous"], totals["searches_previous"]),
                "%",
            ),
        ],
        tables=[
            Table(
                key="search-words",
                caption=_("Les mots les plus cherchés"),
                headers=[_("Mot"), _("Recherches")],
                rows=[list(r) for r in top_words(period)],
                chart_columns=[1],
                chart_type="hbar",
            ),
            Table(
                key="search-empty",
                caption=_("Les recherches sans résultat"),
                headers=[_("Mots"), _("Recherches")],
                rows=[[r["words"], r["n"]] for r in empty],
            ),
        ],
    )


def top_words(period) -> list[tuple[str, int]]:
    table = SearchLog._meta.db_table
    if is_postgres():
        sql = (
            f"SELECT word, COUNT(*) AS n FROM {table}, unnest(string_to_array(words, ' ')) AS word "  # noqa: S608
            "WHERE at >= %s AND at < %s GROUP BY word ORDER BY n DESC, word LIMIT %s"
        )
        return rows(sql, [period.start, period.end, TOP])
    # SQLite (make run): one query for the rows, counted here.
    counter = Counter()
    for words in SearchLog.objects.filter(at__gte=period.start, at__lt=period.end).values_list("words", flat=True):
        counter.update(words.split())
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:TOP]
