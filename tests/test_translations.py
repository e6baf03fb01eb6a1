"""The English catalogue is complete and sound (pages in English: tests/test_english_pages.py).

Rerun after `make messages`: a new string left untranslated or fuzzy, a placeholder lost in
translation, or a .mo not recompiled makes these tests fail."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

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


# Pages in English showing no French (catalogue strings and the content written in both languages)
# are tested in tests/test_english_pages.py, with the rule in tests/french_text.py.
