"""Importing the insurer's roster of sociétaires: a sync, in batches.

The file (read by roster_files: any spreadsheet's CSV) has the columns numéro, nom, code postal
and actif. Rows are checked first; a file that cannot be read, or lacks a column, writes nothing.
Then rows are written in batches, one transaction each (bulk writes), so that a roster of
500 000 rows imports in a minute and a re-run after a failure finishes the job: importing the
same file twice changes nothing. A row that turns inactive (or, with `deactivate_missing`, is
absent from a full roster) takes the verified rights from the member who claimed it at once;
a row reactivated gives them back (members.membership does both)."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import membership
from .models import RosterEntry
from .names import normalize_name, normalize_number, normalize_postcode
from .roster_files import RosterFileError, read_rows
from .roster_files import _header_key as _fold

__all__ = ["ImportReport", "RejectedRow", "RosterFileError", "roster_import"]

TRUE_WORDS = {"1", "true", "yes", "oui", "o", "y", "vrai", "x", "actif", "active", ""}
FALSE_WORDS = {"0", "false", "no", "non", "n", "faux", "inactif", "inactive", "radie", "resilie", "sorti"}
BATCH = 5000
_NUMBER = re.compile(r"[A-Z0-9]{1,20}")
_POSTCODE = re.compile(r"\d{5}")
_POSTCODE_WITHOUT_ZERO = re.compile(r"\d{4}")


@lru_cache(maxsize=256)
def _active_word(value: str) -> str:
    return _fold(value)


@dataclass
class RejectedRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    reactivated: int = 0
    members_lapsed: int = 0
    members_restored: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[RejectedRow] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(created)d créé(s), %(updated)d mis à jour, %(deactivated)d désactivé(s), "
            "%(reactivated)d réactivé(s), %(unchanged)d inchangé(s), %(rejected)d rejeté(s) ; "
            "%(lapsed)d membre(s) privé(s) d'accès, %(restored)d rétabli(s)"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "deactivated": self.deactivated,
            "reactivated": self.reactivated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
            "lapsed": self.members_lapsed,
            "restored": self.members_restored,
        }


def _clean_row(row: dict, line: int, report: ImportReport) -> dict | None:
    """The row as we store it, or None after recording why it is refused."""
    number = normalize_number(row.get("number", ""))
    last_name = row.get("last_name", "")
    postcode = normalize_postcode(row.get("postcode", ""))
    active_word = _active_word(row.get("active", ""))
    reason = None
    if not number:
        reason = _("numéro manquant")
    elif not _NUMBER.fullmatch(number):
        reason = _("numéro invalide « %(value)s »") % {"value": row.get("number")}
    elif not last_name:
        reason = _("nom manquant")
    elif len(last_name) > 150:
        reason = _("nom trop long")
    elif active_word not in TRUE_WORDS | FALSE_WORDS:
        reason = _("valeur « actif » invalide « %(value)s » (attendu : oui/non, 1/0)") % {"value": row.get("active")}
    elif _POSTCODE_WITHOUT_ZERO.fullmatch(postcode):
        # A spreadsheet read 01000 as the number 1000.
        report.warnings.append(
            RejectedRow(
                line,
                _("code postal « %(value)s » complété en « 0%(value)s » (zéro initial perdu par le tableur)")
                % {"value": postcode},
            )
        )
        postcode = "0" + postcode
    elif not _POSTCODE.fullmatch(postcode):
        reason = _("code postal invalide « %(value)s »") % {"value": row.get("postcode")}
    if reason:
        report.rejected.append(RejectedRow(line, reason))
        return None
    return {"number": number, "last_name": last_name, "postcode": postcode, "active": active_word in TRUE_WORDS}


def _parse(raw: bytes, report: ImportReport) -> list[dict]:
    rows: list[dict] = []
    seen: dict[str, int] = {}
    for line, row, complete in read_rows(raw):
        if not complete:
            report.rejected.append(RejectedRow(line, _("nombre de colonnes incorrect")))
            continue
        clean = _clean_row(row, line, report)
        if clean is None:
            continue
        if clean["number"] in seen:
            report.rejected.append(
                RejectedRow(line, _("numéro déjà présent ligne %(line)d") % {"line": seen[clean["number"]]})
            )
            continue
        seen[clean["number"]] = line
        rows.append(clean)
    return rows


def _members_follow(*, deactivated: list[int], reactivated: list[int], report: ImportReport, by) -> None:
    for profile_id in membership.profiles_claiming(deactivated):
        report.members_lapsed += membership.membership_lapse(profile_id=profile_id, by=by)
    for profile_id in membership.profiles_claiming(reactivated):
        report.members_restored += membership.membership_restore(profile_id=profile_id, by=by)


_UPDATED = ("last_name", "last_name_normalized", "postcode", "active", "updated_at")


def _insert_rows(rows: list[dict], *, now) -> None:
    """New rows through COPY on PostgreSQL (a first import of 500 000 rows is mostly this);
    bulk_create elsewhere."""
    if connection.vendor != "postgresql":
        RosterEntry.objects.bulk_create(
            [RosterEntry(**row, last_name_normalized=normalize_name(row["last_name"])) for row in rows],
            batch_size=500,
        )
        return
    columns = "number, last_name, last_name_normalized, postcode, active, created_at, updated_at"
    sql = f"COPY {RosterEntry._meta.db_table} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(sql) as copy:
        for row in rows:
            name = row["last_name"]
            copy.write_row((row["number"], name, normalize_name(name), row["postcode"], row["active"], now, now))


def _update_rows(entries: list[RosterEntry]) -> None:
    """Write changed rows in one statement: Django's bulk_update builds a CASE per column and row,
    which PostgreSQL takes minutes to plan for thousands of rows; UPDATE … FROM (VALUES …) is
    linear. SQLite (the zero-setup `make run`) keeps bulk_update in small batches."""
    if not entries:
        return
    if connection.vendor != "postgresql":
        RosterEntry.objects.bulk_update(entries, _UPDATED, batch_size=200)
        return
    table = RosterEntry._meta.db_table
    values = ", ".join(["(%s::bigint, %s, %s, %s, %s::boolean, %s::timestamptz)"] * len(entries))
    params = [value for e in entries for value in (e.pk, *(getattr(e, name) for name in _UPDATED))]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS r SET last_name = v.last_name, last_name_normalized = v.normalized, "  # noqa: S608
            "postcode = v.postcode, active = v.active, updated_at = v.updated_at "
            f"FROM (VALUES {values}) AS v(id, last_name, normalized, postcode, active, updated_at) WHERE r.id = v.id",
            params,
        )


@transaction.atomic
def _apply_batch(rows: list[dict], report: ImportReport, *, by) -> None:
    now = timezone.now()
    # Plain tuples, not model instances: a batch reads 5 000 rows and most are unchanged.
    existing = {
        number: (pk, last_name, postcode, active)
        for pk, number, last_name, postcode, active in RosterEntry.objects.select_for_update()
        .filter(number__in=[row["number"] for row in rows])
        .values_list("pk", "number", "last_name", "postcode", "active")
    }
    new, changed, deactivated, reactivated = [], [], [], []
    for row in rows:
        found = existing.get(row["number"])
        if found is None:
            new.append(row)
            continue
        pk, *stored = found
        if tuple(stored) == (row["last_name"], row["postcode"], row["active"]):
            report.unchanged += 1
            continue
        was_active = stored[2]
        if was_active and not row["active"]:
            deactivated.append(pk)
        elif row["active"] and not was_active:
            reactivated.append(pk)
        else:
            report.updated += 1
        changed.append(RosterEntry(pk=pk, **row, last_name_normalized=normalize_name(row["last_name"]), updated_at=now))
    _insert_rows(new, now=now)
    _update_rows(changed)
    report.created += len(new)
    report.deactivated += len(deactivated)
    report.reactivated += len(reactivated)
    _members_follow(deactivated=deactivated, reactivated=reactivated, report=report, by=by)


@transaction.atomic
def _deactivate(pks: list[int], report: ImportReport, *, by) -> None:
    RosterEntry.objects.filter(pk__in=pks, active=True).update(active=False, updated_at=timezone.now())
    report.deactivated += len(pks)
    _members_follow(deactivated=pks, reactivated=[], report=report, by=by)


def roster_import(
    raw: bytes,
    *,
    deactivate_missing: bool = False,
    by=None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Sync the roster with a file's bytes. With `deactivate_missing`, the file is the whole
    roster and active rows absent from it are deactivated. Raises RosterFileError, writing
    nothing, when the file cannot be read or lacks a column. One transaction per batch of
    BATCH rows, each taking row locks on the roster rows it changes; `progress(done, total)` is
    called after each batch. `by` is the staff member who asked (for the members' history)."""
    report = ImportReport()
    rows = _parse(raw, report)
    total = len(rows)
    for start in range(0, total, BATCH):
        _apply_batch(rows[start : start + BATCH], report, by=by)
        if progress:
            progress(min(start + BATCH, total), total)
    if deactivate_missing:
        in_file = {row["number"] for row in rows}
        active = RosterEntry.objects.filter(active=True).values_list("pk", "number")
        missing = [pk for pk, number in active if number not in in_file]
        for start in range(0, len(missing), BATCH):
            _deactivate(missing[start : start + BATCH], report, by=by)
    return report
