"""Rate limits the issue lists that were not yet tested elsewhere: sign-up, password reset (both
allauth's own, kept on by merging our ACCOUNT_RATE_LIMITS with its defaults) and reports. Login,
verification, messages, bookings and annonce posting are tested next to their views; SECURITY.md
lists them all."""

import pytest
from allauth.account import app_settings as allauth_settings
from django.test import Client
from django.urls import reverse

from listings.models import Report
from listings.tests.factories import ListingFactory
from members.tests.factories import VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def test_allauth_default_limits_stay_on_next_to_the_clubs_own():
    limits = allauth_settings.RATE_LIMITS
    for action in ["login", "login_failed", "signup", "reset_password", "reset_password_from_key", "confirm_email"]:
        assert limits.get(action), action
    for action in ["verify_membership", "book", "book_email", "listing_post", "send_message", "report"]:
        assert limits.get(action), action


def test_signup_is_rate_limited_per_address():
    client = Client(REMOTE_ADDR="203.0.113.7")
    codes = [client.post(reverse("account_signup"), {"email": f"x{i}@example.org"}).status_code for i in range(21)]
    assert 429 not in codes[:20] and codes[20] == 429
    assert "patientez quelques minutes" in client.post(reverse("account_signup"), {}).content.decode()
    # Another address is not affected.
    assert Client(REMOTE_ADDR="203.0.113.8").post(reverse("account_signup"), {}).status_code != 429


def test_password_reset_is_rate_limited_per_email(member):
    client = Client()
    for _ in range(5):
        response = client.post(reverse("account_reset_password"), {"email": member.email})
        assert response.status_code == 302
    refused = client.post(reverse("account_reset_password"), {"email": member.email})
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Trop de demandes" in html and 'class="site-header"' in html  # the site's page, in French


def test_password_reset_is_rate_limited_per_address():
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [
        client.post(reverse("account_reset_password"), {"email": f"p{i}@example.org"}).status_code for i in range(21)
    ]
    assert 429 not in codes[:20] and codes[20] == 429


def test_reports_are_rate_limited(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "report": "2/d/user"}
    reporter = VerifiedMemberFactory()
    client = Client()
    client.force_login(reporter)
    listings = [ListingFactory() for _ in range(3)]
    codes = [
        client.post(reverse("listings:report", args=[listing.pk]), {"reason": "other", "text": "?"}).status_code
        for listing in listings
    ]
    assert codes == [302, 302, 429]
    assert Report.objects.count() == 2
    page = client.post(reverse("listings:report", args=[listings[2].pk]), {"reason": "other"}).content.decode()
    assert "Trop de signalements" in page
