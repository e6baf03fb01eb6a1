"""The one rule for « an English page shows no French »: what French an /en/ page may not contain.

Two sources of French are looked for:
- the catalogue: every French msgid of locale/en/LC_MESSAGES/django.po whose English differs (a
  page in English showing one means a string was left untranslated, or rendered outside the
  active language);
- the content staff write in both languages (every field registered with modeltranslation, read
  from the database): where a row has its English, its French may not show.

Text inside an element marked `lang="fr"` is declared French (the language switcher's
« Français ») and is not counted. A row with no English falls back to French on purpose: that is
not counted either (the admin marks it, see club/translation_admin.py)."""

import functools
import html
import re
from pathlib import Path

import polib
from modeltranslation.translator import translator

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

# Placeholders (%(name)s, %s, {name}) and HTML tags split a msgid into literal fragments.
SPLITTER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXorc%]|{[^{}]*}|<[^>]+>")
# A whole msgid this short ("Nom", "De") is too often part of other text to tell anything.
MIN_MSGID = 4
# A fragment of a msgid with placeholders must be this long to count on its own.
MIN_FRAGMENT = 12
# Distinctive French words, looked for anywhere (case-insensitive): they catch a French string that
# the catalogue does not know yet (written since the last `make messages`).
FRENCH_WORDS = ("sociétaire", "évènement", "Réserver", "Entrée libre", "places libres", "Mot de passe", "annonce")
DECLARED_FRENCH = re.compile(r"<(\w+)\b[^>]*\blang=\"fr\"[^>]*>.*?</\1>", re.S)
TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S)


def normalise(text: str) -> str:
    return " ".join(html.unescape(text).split())


def page_text(content: str) -> str:
    """What a visitor reads: the text and the attributes (alt, title, aria-label, placeholder), not
    the markup, without what is declared French."""
    content = DECLARED_FRENCH.sub(" ", content)
    attributes = " ".join(
        value for value in re.findall(r"\b(?:alt|title|aria-label|placeholder|content)=\"([^\"]*)\"", content)
    )
    return normalise(TAGS.sub(" ", content) + " " + attributes)


def _fragments(msgid: str) -> list[str]:
    pieces = [normalise(piece).strip(" :;,.«»()") for piece in SPLITTER.split(msgid)]
    if len(pieces) == 1:
        return pieces if len(pieces[0]) >= MIN_MSGID else []
    return [piece for piece in pieces if len(piece) >= MIN_FRAGMENT]


@functools.cache
def catalogue_french() -> tuple[str, ...]:
    """The French of the catalogue that English pages may not show. A French msgid that is also
    English (it appears as words of some translation: « Description », « Contact ») is left out."""
    catalogue = polib.pofile(str(PO_PATH))
    entries = [e for e in catalogue if not e.obsolete and (e.msgstr or e.msgstr_plural)]
    english = " " + " ".join(
        normalise(text) for e in entries for text in ([e.msgstr] if e.msgstr else e.msgstr_plural.values())
    )
    french = set()
    for entry in entries:
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        translations = [entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values())
        for source in sources:
            if source in translations:
                continue
            for fragment in _fragments(source):
                if not re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", english):
                    french.add(fragment)
    return tuple(sorted(french))


def content_french() -> list[str]:
    """The French lines of every translated field of every row that has its English."""
    found = set()
    for model in translator.get_registered_models(abstract=False):
        names = translator.get_options_for_model(model).fields
        for row in model.objects.all():
            for name in names:
                french, english = getattr(row, f"{name}_fr") or "", getattr(row, f"{name}_en") or ""
                if not (french.strip() and english.strip()) or french == english:
                    continue
                english_text = normalise(english)
                for line in french.splitlines():
                    line = normalise(line)
                    if len(line) >= MIN_MSGID and line not in english_text:
                        found.add(line)
    return sorted(found)


def french_on_page(content: str) -> list[str]:
    """Every piece of catalogue or content French found on the page (empty when there is none)."""
    text = page_text(content)
    found = [fragment for fragment in catalogue_french() if re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text)]
    found += [line for line in content_french() if line in text]
    found += [word for word in FRENCH_WORDS if word.lower() in text.lower()]
    return found
