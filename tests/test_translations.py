"""The English catalogue is complete and sound, and English pages carry no French from our templates.

Rerun after `make messages`: a new string left untranslated or fuzzy, a placeholder lost in
translation, or a .mo not recompiled makes these tests fail."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from events.tests.factories import EventFactory, ExhibitionFactory

PO_PATH = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"

# %(name)s, %s, %d…; "%%" is a literal percent sign, not a placeholder.
PYTHON_FORMAT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeExXorc%]")
BRACE_FORMAT = re.compile(r"{[^{}]*}")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO_PATH))


def placeholders(text, flags):
    found = set()
    if "python-format" in flags:
        found |= {p for p in PYTHON_FORMAT.findall(text) if p != "%%"}
    if "python-brace-format" in flags:
        found |= set(BRACE_FORMAT.findall(text))
    return found


def label(entry):
    return f"{entry.msgctxt + ' | ' if entry.msgctxt else ''}{entry.msgid!r}"


def test_every_entry_is_translated_and_not_fuzzy(catalogue):
    assert not catalogue.metadata_is_fuzzy
    assert catalogue.metadata.get("Language") == "en"
    assert len(catalogue) > 0
    untranslated = [label(e) for e in catalogue.untranslated_entries()]
    fuzzy = [label(e) for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy: {fuzzy[:20]}"
    obsolete = [label(e) for e in catalogue.obsolete_entries()]
    assert not obsolete, f"obsolete entries left: {obsolete[:20]}"


def test_plural_entries_have_both_forms(catalogue):
    assert "nplurals=2" in catalogue.metadata["Plural-Forms"]
    for entry in catalogue:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1], label(entry)
            assert all(entry.msgstr_plural.values()), label(entry)


def test_placeholders_are_kept(catalogue):
    problems = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            # The singular may spell the number out ("Only one place left"), so compare the union,
            # and no form may invent a placeholder.
            source = placeholders(entry.msgid, entry.flags) | placeholders(entry.msgid_plural, entry.flags)
            forms = [placeholders(text, entry.flags) for text in entry.msgstr_plural.values()]
            if set().union(*forms) != source or any(not form <= source for form in forms):
                problems.append((label(entry), sorted(source), [sorted(f) for f in forms]))
        else:
            source = placeholders(entry.msgid, entry.flags)
            target = placeholders(entry.msgstr, entry.flags)
            if source != target:
                problems.append((label(entry), sorted(source), sorted(target)))
        # HTML tags inside a string must survive translation.
        tags = sorted(re.findall(r"</?\w+", entry.msgid))
        translated = entry.msgstr_plural.get(1, "") if entry.msgid_plural else entry.msgstr
        if tags != sorted(re.findall(r"</?\w+", translated)):
            problems.append((label(entry), tags, "HTML tags differ"))
    assert not problems, problems


def test_mo_file_is_compiled_from_the_po(catalogue):
    """`scripts/compile_messages.py` was run after the last change to the .po."""
    assert PO_PATH.with_suffix(".mo").read_bytes() == catalogue.to_binary()


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext's msgfmt is not installed")
def test_msgfmt_check_passes():
    result = subprocess.run(
        ["msgfmt", "--check", "-o", "/dev/null", str(PO_PATH)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


# Distinctive French from base.html, the home page, the agenda and the login page: none of it
# may show on an /en/ page. (Event titles and other database content are not translated.)
FRENCH_FROM_OUR_TEMPLATES = [
    "Aller au contenu",
    "Navigation principale",
    "Se connecter",
    "Créer un compte",
    "Mon compte",
    "Liens utiles",
    "Venir au Club",
    "Nos partenaires",
    "Confidentialité",
    "Mentions légales",
    "Langue",
    "sociétaire",
    "Un lieu ouvert à tous",
    "Le lieu, pour tout le monde",
    "Parcourir les annonces",
    "Prochainement au Club",
    "évènement",
    "Réserver",
    "Entrée libre",
    "Filtrer",
    "Toutes les dates",
    "Cette semaine",
    "places libres",
    "Mot de passe",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/", "/en/comptes/login/", "/en/agenda/", "/en/lieu/"])
def test_english_pages_have_no_french_from_our_templates(client, url):
    EventFactory(title="Lecture 1", summary="Summary.", description="Description.")
    ExhibitionFactory(title="Lecture 2", summary="Summary.", description="Description.")
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    found = [word for word in FRENCH_FROM_OUR_TEMPLATES if word.lower() in content.lower()]
    assert not found, f"French on {url}: {found}"


@pytest.mark.django_db
def test_english_event_page_has_no_french_from_our_templates(client):
    event = EventFactory(title="Lecture", summary="Summary.", description="Description.")
    content = client.get(f"/en/agenda/{event.slug}/").content.decode()
    assert '<html lang="en">' in content
    assert "Book my place" in content
    found = [word for word in FRENCH_FROM_OUR_TEMPLATES if word.lower() in content.lower()]
    assert not found, found
