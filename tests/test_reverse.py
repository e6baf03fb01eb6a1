"""club.reverse.reverse_pk gives what reverse() gives, whatever the language or the script prefix."""

import pytest
from django.urls import reverse, set_script_prefix
from django.utils import translation

from club.reverse import reverse_pk


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("prefix", ["/", "/club/"])
def test_reverse_pk_is_reverse(language, prefix):
    try:
        set_script_prefix(prefix)
        with translation.override(language):
            for pk in (1, 42, 987654):
                assert reverse_pk("listings:detail", pk) == reverse("listings:detail", args=[pk])
    finally:
        set_script_prefix("/")


def test_the_english_address_is_not_the_french_one():
    with translation.override("en"):
        english = reverse_pk("listings:detail", 7)
    with translation.override("fr"):
        french = reverse_pk("listings:detail", 7)
    assert english != french
    assert english.endswith("/7/") and french.endswith("/7/")
