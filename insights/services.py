"""Writes of the dashboard's app: the anonymised search log, the logins' days."""

import datetime as dt
import logging
import re

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from .models import ActiveMemberDay, SearchLog

logger = logging.getLogger(__name__)

MAX_WORDS = 8
MAX_WORD_LENGTH = 30
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_POSTCODE = re.compile(r"^\s*(\d{5})\s*$")


def normalised_words(text: str) -> str:
    """The words of a query, lower-cased, each once, sorted, space-separated: nothing with a digit
    survives (postcodes, phone numbers, street numbers), nor one-letter words."""
    words = {
        word.lower()[:MAX_WORD_LENGTH]
        for token in (text or "").split()
        if not any(character.isdigit() for character in token)  # "12bis", "06.12.34.56.78"
        for word in _WORD.findall(token)
        if len(word) > 1
    }
    return " ".join(sorted(words)[:MAX_WORDS])


def department_of(place: str) -> str:
    """The département of a postcode typed as the place ('75011' → '75', '97411' → '974'),
    else '' (a town's name is not kept: it could be finer than a département)."""
    match = _POSTCODE.match(place or "")
    if not match:
        return ""
    code = match.group(1)
    return code[:3] if code.startswith(("97", "98")) else code[:2]


def search_log_record(*, user, params, found: int | None) -> SearchLog | None:
    """Log one annonce search (`params`: the search page's query string), anonymised (see
    SearchLog): only a verified member's search with words (`q`) in it, its first page only (the
    next pages are the same search), not a search the form refused (`found` None). One INSERT, no
    lock. Returns the row, or None when nothing is logged."""
    if found is None or params.get("page") not in (None, "", "1"):
        return None
    if not getattr(user, "is_authenticated", False) or not user.is_verified_member:
        return None
    words = normalised_words(params.get("q", ""))
    if not words:
        return None
    return SearchLog.objects.create(words=words, department=department_of(params.get("near", "")), found=found)


def purge_search_log(*, now: dt.datetime | None = None) -> int:
    """Delete the searches older than INSIGHTS_SEARCH_LOG_DAYS. Idempotent; returns how many."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.INSIGHTS_SEARCH_LOG_DAYS)
    deleted, _ = SearchLog.objects.filter(at__lt=limit).delete()
    return deleted


def active_member_day_record(*, user, day: dt.date | None = None) -> None:
    """Record that `user` was active on `day` (today, Europe/Paris), for the dashboard's active
    members: called at every login (insights.apps), since User.last_login keeps only the last one.
    One INSERT … ON CONFLICT DO NOTHING (idempotent, no lock), in a savepoint; a failure is logged,
    never raised: it must not break a login."""
    day = day or timezone.localdate(timezone=timezone.get_default_timezone())
    try:
        with transaction.atomic():
            ActiveMemberDay.objects.bulk_create([ActiveMemberDay(day=day, member=user)], ignore_conflicts=True)
    except DatabaseError:
        logger.exception("the day of a login was not recorded (user %s)", user.pk)
