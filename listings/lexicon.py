"""Typo correction for search: a typed word of five letters or more that no annonce contains is
read as the indexed word one letter away (a letter missing, added, changed, or two swapped).

The words come from listings.SearchWord (filled by services.lexicon_add). On PostgreSQL, pg_trgm
finds the candidates with the trigram GIN index of migration 0008, and the edit distance is then
checked here. On SQLite nothing is corrected (the search still works as typed)."""

import unicodedata

from django.db import connection, transaction

from .models import SearchWord

MIN_LENGTH = 5  # shorter words have too many neighbours one letter away (« velo » / « vele »)
# One letter off in a five-letter word leaves about a third of its trigrams; two swapped letters,
# a fifth. The default threshold (0.3) would miss the swaps.
SIMILARITY_THRESHOLD = 0.2
CANDIDATES = 20


def normalise(word: str) -> str:
    """Lower case without accents, as the lexicon stores words."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def one_edit_apart(a: str, b: str) -> bool:
    """True when b is a with one letter deleted, inserted, replaced, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return True
        i, j = (diffs + [None, None])[:2]
        return len(diffs) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]


def corrections(words: list[str]) -> dict[str, str]:
    """{typed word: indexed word} for the typed words (five letters or more, no digit) that the
    lexicon does not hold but holds a word one edit away from. One query to learn which words are
    known, then one or two per unknown word (the trigram index answers both the LIKE 'x%' and
    the similarity)."""
    if connection.vendor != "postgresql":
        return {}
    wanted = {word: normalise(word) for word in words if len(word) >= MIN_LENGTH and word.isalpha()}
    if not wanted:
        return {}
    known = set(SearchWord.objects.filter(word__in=set(wanted.values())).values_list("word", flat=True))
    last = words[-1]
    found = {}
    for typed, word in wanted.items():
        if word in known:
            continue
        if typed == last and SearchWord.objects.filter(word__startswith=word).exists():
            continue  # an unfinished last word (« tondeu »), which the search matches as a prefix
        with transaction.atomic(), connection.cursor() as cursor:
            # set_config(..., true) lasts until the end of this transaction only.
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(SIMILARITY_THRESHOLD)])
            cursor.execute(
                """SELECT word FROM listings_searchword WHERE word %% %s
                   ORDER BY similarity(word, %s) DESC, word LIMIT %s""",
                [word, word, CANDIDATES],
            )
            candidates = [row[0] for row in cursor.fetchall()]
        best = next((candidate for candidate in candidates if one_edit_apart(word, candidate)), None)
        if best:
            found[typed] = best
    return found
