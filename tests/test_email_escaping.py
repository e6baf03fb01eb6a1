"""Every e-mail the club sends, with an apostrophe, an ampersand, quotes and angle brackets in every
field people type: the subject and the plain-text part show them as typed (text templates render
with autoescape off), the HTML part escapes them exactly once (never `&amp;#x27;`), injects no
markup, and shows the same words; each e-mail says why it is received and names the site."""

import re
from dataclasses import fields
from html.parser import HTMLParser

import pytest

from tests.email_catalogue import FAMILIES, Words, html_of

pytestmark = pytest.mark.django_db

NASTY = 'L\'«a» & "b" <c>'
WORDS = Words(**{field.name: f"{NASTY} {field.name}" for field in fields(Words)})
ENTITIES = re.compile(r"&(#x?[0-9a-f]+|amp|lt|gt|quot|apos);", re.IGNORECASE)

# kind: the typed fields its text must show
SHOWN = {
    "booking_confirmed": ["event_title", "booking_name", "needs", "room"],
    "booking_promoted": ["event_title", "booking_name", "room"],
    "booking_reminder": ["event_title", "booking_name"],
    "booking_event_rescheduled": ["event_title", "booking_name"],
    "booking_waiting": ["event_title", "booking_name"],
    "booking_cancelled": ["event_title", "booking_name"],
    "event_cancelled": ["event_title", "booking_name"],
    "exchange_requested": ["listing_title", "lender", "borrower", "message"],
    "exchange_withdrawn": ["listing_title", "lender", "borrower"],
    "exchange_handover": ["listing_title", "lender", "borrower", "note"],
    "exchange_completed": ["listing_title", "lender", "borrower"],
    "exchange_accepted": ["listing_title", "lender", "borrower"],
    "exchange_declined": ["listing_title", "lender", "borrower", "reason"],
    "exchange_cancelled": ["listing_title", "lender", "borrower", "reason"],
    "exchange_expired": ["listing_title", "lender", "borrower"],
    "exchange_reminder_start": ["listing_title", "lender", "borrower"],
    "exchange_reminder_return": ["listing_title", "lender", "borrower"],
    "conversation_new_message": ["listing_title", "borrower", "message"],
    "listing_hidden": ["listing_title"],
    "listing_expiring": ["listing_title"],
    "listing_restored": ["listing_title"],
    "listing_extended": ["listing_title"],
    "membership_lapsed": ["lender"],
    "membership_restored": ["lender"],
    "verification_verified": ["borrower"],
    "verification_rejected": ["lender", "rejection"],
    "account_signup": [],
    "account_password_reset": [],
    "proposal_question": ["event_title", "reason"],
    "proposal_declined": ["event_title", "reason"],
    "proposal_accepted": ["event_title"],
    "proposal_event": ["event_title"],
}


class _Text(HTMLParser):
    """The words a reader sees in an HTML part (entities decoded once), and its tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.chunks.append(data)


def seen_in(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.chunks).split()), parser.tags


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_e_mail_shows_what_people_typed_as_typed(family):
    emails = FAMILIES[family](WORDS)
    assert set(emails) <= set(SHOWN), set(emails) - set(SHOWN)
    for kind, message in emails.items():
        text, html = message.body, html_of(message)
        for part, where in ((message.subject, "subject"), (text, "text part")):
            assert not ENTITIES.search(part), f"{kind}: an HTML entity in the {where}:\n{part}"
            assert "\n" not in message.subject
        seen, tags = seen_in(html)
        assert "c" not in tags, f"{kind}: the typed <c> became a tag in the HTML part"
        assert "&amp;#" not in html and "&amp;amp;" not in html and "&amp;lt;" not in html, kind
        for name in SHOWN[kind]:
            typed = getattr(WORDS, name)
            assert typed in text, f"{kind}: {name} is not shown as typed in the text part:\n{text}"
            assert typed in seen, f"{kind}: {name} is not shown, escaped once, in the HTML part:\n{seen}"
        assert "Vous recevez cet e-mail parce qu" in text, f"{kind}: the text does not say why"
        assert "Vous recevez cet e-mail parce qu" in seen, f"{kind}: the HTML does not say why"
        assert "Le Club" in text and "Le Club" in seen, f"{kind}: the site is not named"
