"""Comparing what a person types with the insurer's roster."""

import re
import unicodedata


def normalize_name(value: str) -> str:
    """'  Lefèvre-Dupont ' and 'LEFEVRE DUPONT' compare equal: case, accents, spaces, hyphens and
    apostrophes are ignored, and the ligatures œ and æ (which Unicode does not decompose) read as
    oe and ae: 'Lecœur' is 'LECOEUR'."""
    folded = (value or "").casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", folded)
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", without_accents.casefold())


def normalize_number(value: str) -> str:
    """Sociétaire numbers are compared without spaces, dots or dashes, upper-cased."""
    return re.sub(r"[\s.\-/]+", "", value or "").upper()


def normalize_postcode(value: str) -> str:
    return re.sub(r"\s+", "", value or "")
