"""Importing the insurer's roster of sociétaires from a CSV file.

The file has a header with the columns `number,last_name,postcode,active` (French names
`numero,nom,code_postal,actif` are accepted too), separated by commas or semicolons, in UTF-8
(with or without BOM) or Windows-1252. Re-importing the same file changes nothing. Bad rows are
skipped and reported with their line number; a file that cannot be read, or lacks a column,
imports nothing."""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import RosterEntry
from .names import normalize_number, normalize_postcode

COLUMN_ALIASES = {
    "number": "number",
    "numero": "number",
    "numéro": "number",
    "numero_societaire": "number",
    "last_name": "last_name",
    "nom": "last_name",
    "postcode": "postcode",
    "code_postal": "postcode",
    "active": "active",
    "actif": "active",
}
REQUIRED_COLUMNS = ("number", "last_name", "postcode", "active")
TRUE_WORDS = {"1", "true", "yes", "oui", "o", "y", "vrai", ""}
FALSE_WORDS = {"0", "false", "no", "non", "n", "faux"}
MAX_FILE_BYTES = 50 * 1024 * 1024
CHUNK = 2000


class RosterFileError(Exception):
    """The file as a whole cannot be imported; nothing was written."""


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
    rejected: list[RejectedRow] = field(default_factory=list)

    def summary(self) -> str:
        return _(
            "%(created)d créé(s), %(updated)d mis à jour, %(deactivated)d désactivé(s), "
            "%(unchanged)d inchangé(s), %(rejected)d rejeté(s)"
        ) % {
            "created": self.created,
            "updated": self.updated,
            "deactivated": self.deactivated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


def _decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise RosterFileError(_("Le fichier est trop volumineux."))
    if b"\x00" in raw:
        raise RosterFileError(_("Ce fichier n'est pas un fichier texte CSV."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(_("Le fichier n'est ni en UTF-8 ni en Windows-1252."))


def _read_rows(text: str):
    """Yield (line number, row dict with canonical column names)."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise RosterFileError(_("Le fichier est vide.")) from None
    except csv.Error as exc:
        raise RosterFileError(_("Fichier CSV illisible : %(error)s") % {"error": exc}) from None
    columns = [COLUMN_ALIASES.get(name.strip().lower()) for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise RosterFileError(
            _("Colonnes manquantes : %(missing)s. Colonnes attendues : %(expected)s.")
            % {"missing": ", ".join(missing), "expected": ", ".join(REQUIRED_COLUMNS)}
        )
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            row = {col: value.strip() for col, value in zip(columns, values, strict=False) if col}
            yield reader.line_num, row, len(values) == len(header)
    except csv.Error as exc:
        raise RosterFileError(
            _("Fichier CSV illisible ligne %(line)d : %(error)s") % {"line": reader.line_num, "error": exc}
        ) from None


def _clean_row(row: dict) -> tuple[dict | None, str | None]:
    number = normalize_number(row.get("number", ""))
    last_name = row.get("last_name", "")
    postcode = normalize_postcode(row.get("postcode", ""))
    active_word = row.get("active", "").lower()
    if not number:
        return None, _("numéro manquant")
    if not re.fullmatch(r"[A-Z0-9]{1,20}", number):
        return None, _("numéro invalide « %(value)s »") % {"value": row.get("number")}
    if not last_name:
        return None, _("nom manquant")
    if len(last_name) > 150:
        return None, _("nom trop long")
    if not re.fullmatch(r"\d{5}", postcode):
        return None, _("code postal invalide « %(value)s »") % {"value": row.get("postcode")}
    if active_word not in TRUE_WORDS | FALSE_WORDS:
        return None, _("valeur « actif » invalide « %(value)s » (attendu : oui/non, 1/0)") % {"value": active_word}
    return {"number": number, "last_name": last_name, "postcode": postcode, "active": active_word in TRUE_WORDS}, None


def _apply_chunk(chunk: list[tuple[int, dict]], report: ImportReport) -> None:
    numbers = [clean["number"] for _line, clean in chunk]
    existing = {entry.number: entry for entry in RosterEntry.objects.select_for_update().filter(number__in=numbers)}
    for _line, clean in chunk:
        entry = existing.get(clean["number"])
        if entry is None:
            RosterEntry.objects.create(**clean)
            report.created += 1
            continue
        changed = [name for name in ("last_name", "postcode", "active") if getattr(entry, name) != clean[name]]
        if not changed:
            report.unchanged += 1
            continue
        if "active" in changed and not clean["active"]:
            report.deactivated += 1
        else:
            report.updated += 1
        for name in changed:
            setattr(entry, name, clean[name])
        entry.save()


@transaction.atomic
def roster_import(raw: bytes, *, deactivate_missing: bool = False) -> ImportReport:
    """Create or update roster rows from a CSV file's bytes. With `deactivate_missing`, the file
    is the whole roster and active rows absent from it are deactivated. Raises RosterFileError,
    writing nothing, when the file cannot be read or lacks a column."""
    report = ImportReport()
    parsed: list[tuple[int, dict]] = []
    seen: dict[str, int] = {}
    for line, row, complete in _read_rows(_decode(raw)):
        if not complete:
            report.rejected.append(RejectedRow(line, _("nombre de colonnes incorrect")))
            continue
        clean, reason = _clean_row(row)
        if reason:
            report.rejected.append(RejectedRow(line, reason))
        elif clean["number"] in seen:
            report.rejected.append(
                RejectedRow(line, _("numéro déjà présent ligne %(line)d") % {"line": seen[clean["number"]]})
            )
        else:
            seen[clean["number"]] = line
            parsed.append((line, clean))

    for start in range(0, len(parsed), CHUNK):
        _apply_chunk(parsed[start : start + CHUNK], report)

    if deactivate_missing:
        report.deactivated += RosterEntry.objects.filter(active=True).exclude(number__in=seen).update(active=False)
    return report
