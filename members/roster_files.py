"""Reading a roster file as spreadsheets write it, before any rule about its rows.

Excel and LibreOffice save « CSV » in many shapes: commas or semicolons, tabs for « Texte
Unicode » (UTF-16 with a BOM), UTF-8 with or without BOM, Windows-1252, CRLF or old Mac CR line
ends, and headers typed by people (« Numéro », « Code postal », « CODE_POSTAL »). This module
turns any of them into rows keyed by our column names, or says in plain words why it cannot."""

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 100 * 1024 * 1024
REQUIRED_COLUMNS = ("number", "last_name", "postcode", "active")
# The columns as staff know them, for the messages.
FRENCH_COLUMNS = {
    "number": "numéro",
    "last_name": "nom",
    "postcode": "code postal",
    "active": "actif",
}
# Header keys after _header_key(): no case, accents, spaces, underscores or punctuation.
COLUMN_ALIASES = {
    "number": "number",
    "numero": "number",
    "num": "number",
    "no": "number",
    "numerosocietaire": "number",
    "nsocietaire": "number",
    "nosocietaire": "number",
    "numsocietaire": "number",
    "societaire": "number",
    "lastname": "last_name",
    "nom": "last_name",
    "nomdefamille": "last_name",
    "nomdusocietaire": "last_name",
    "postcode": "postcode",
    "postalcode": "postcode",
    "codepostal": "postcode",
    "cp": "postcode",
    "active": "active",
    "actif": "active",
    "active_": "active",
    "statut": "active",
}


class RosterFileError(Exception):
    """The file as a whole cannot be imported; nothing was written."""


def expected_columns() -> str:
    return ", ".join(f"« {FRENCH_COLUMNS[name]} »" for name in REQUIRED_COLUMNS)


def _header_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.replace("°", "o").replace("º", "o"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", "", plain)


def decode(raw: bytes) -> str:
    """The file's text, whatever the encoding a spreadsheet chose; line ends become \\n."""
    if len(raw) > MAX_FILE_BYTES:
        raise RosterFileError(
            _("Le fichier dépasse %(size)d Mo : découpez-le en plusieurs fichiers.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise RosterFileError(_("Le fichier se dit en UTF-16 (« Texte Unicode ») mais il est abîmé.")) from None
    elif b"\x00" in raw:
        raise RosterFileError(
            _(
                "Ce fichier n'est pas un tableau au format texte. Dans votre tableur, choisissez "
                "« Enregistrer sous » puis « CSV » ou « Texte Unicode »."
            )
        )
    else:
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # cp1252 leaves five bytes undefined
            raise RosterFileError(_("Le fichier n'est ni en UTF-8 ni en Windows-1252 : enregistrez-le en CSV UTF-8."))
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in ("\t", ";", ",")}
    return max(counts, key=counts.get)


def read_rows(raw: bytes) -> Iterator[tuple[int, dict, bool]]:
    """Yield (line number, row keyed by our column names, whether it had every column).
    Raises RosterFileError before the first row when the header lacks a column."""
    text = decode(raw)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first_line))
    try:
        header = next(reader)
    except StopIteration:
        raise RosterFileError(_("Le fichier est vide.")) from None
    except csv.Error as exc:
        raise RosterFileError(_("Fichier illisible : %(error)s") % {"error": exc}) from None
    columns = [COLUMN_ALIASES.get(_header_key(name)) for name in header]
    missing = [FRENCH_COLUMNS[name] for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise RosterFileError(
            _(
                "Colonnes manquantes : %(missing)s. La première ligne du fichier doit nommer les colonnes "
                "%(expected)s (majuscules, accents et espaces sont sans importance) ; elle contient : %(found)s."
            )
            % {
                "missing": ", ".join(f"« {name} »" for name in missing),
                "expected": expected_columns(),
                "found": ", ".join(f"« {name.strip()[:40]} »" for name in header[:10]) or "—",
            }
        )
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            row = {col: value.strip() for col, value in zip(columns, values, strict=False) if col}
            yield reader.line_num, row, len(values) == len(header)
    except csv.Error as exc:
        raise RosterFileError(
            _("Fichier illisible ligne %(line)d : %(error)s") % {"line": reader.line_num, "error": exc}
        ) from None
