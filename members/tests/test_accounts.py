import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db


def test_signup_requires_email_confirmation_then_logs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "Camille@Example.org",
                "password1": "un-Mot-de-passe-solide-42",
                "password2": "un-Mot-de-passe-solide-42",
                "display_name": "Camille R.",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email__iexact="camille@example.org")
    assert user.profile.display_name == "Camille R."
    assert user.profile.verification_status == "not_submitted"
    # Not logged in before the address is confirmed.
    assert client.get(reverse("members:account")).status_code == 302

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[-1]
    confirm = client.post(path)
    assert confirm.status_code == 302
    assert client.get(reverse("members:account")).status_code == 200


def test_signup_errors_are_shown_and_input_kept(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "not-an-email", "password1": "x", "password2": "y", "display_name": "Léa"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Léa"' in content
    assert "errorlist" in content
    assert User.objects.count() == 0


def test_login_by_email(client, member):
    response = client.post(reverse("account_login"), {"login": member.email, "password": "a-Strong-password-42"})
    assert response.status_code == 302
    assert client.get(reverse("members:account")).status_code == 200


def test_login_is_rate_limited_after_failed_attempts(client, member):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": member.email, "password": "wrong"})
    response = client.post(reverse("account_login"), {"login": member.email, "password": "a-Strong-password-42"})
    assert client.get(reverse("members:account")).status_code == 302
    assert "trop" in response.content.decode().lower()


def test_login_page_is_french_in_the_site_layout(client):
    content = client.get(reverse("account_login")).content.decode()
    assert '<html lang="fr">' in content
    assert "Connexion" in content
    assert 'class="skip-link"' in content


def test_english_login_page(client):
    content = client.get("/en/comptes/login/").content.decode()
    assert '<html lang="en">' in content
    assert "<title>Log in · Le Club</title>" in content


def test_profile_edit_keeps_input_on_error(member_client, member):
    response = member_client.post(reverse("members:profile"), {"display_name": "Zoé", "postcode": "12", "city": "Lyon"})
    assert response.status_code == 400
    assert "5 chiffres" in response.content.decode()
    response = member_client.post(
        reverse("members:profile"), {"display_name": "Zoé", "postcode": "69001", "city": "Lyon"}
    )
    member.profile.refresh_from_db()
    assert (member.profile.display_name, member.profile.postcode) == ("Zoé", "69001")


def test_public_name_never_falls_back_on_the_email(member):
    member.profile.display_name = ""
    assert member.email.split("@")[0] not in member.profile.public_name


def test_seed_demo_is_idempotent_and_refuses_production(settings):
    from django.core.management import CommandError, call_command

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    call_command("seed_demo", "--force")
    call_command("seed_demo", "--force")
    assert User.objects.filter(email__endswith="@club.example").count() == 3
    assert User.objects.get(email="membre@club.example").is_verified_member
    assert not User.objects.get(email="nouveau@club.example").is_verified_member
    assert User.objects.get(email="staff@club.example").is_staff
