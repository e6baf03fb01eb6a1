"""club.mail gives every e-mail an HTML part, even one added without an HTML template or a reason
of its own (the alerts and partner feeds other branches add): its text in the club's layout, the
main link as a button, the CSS inlined, and a footer that says why it is received."""

import pytest
from django.core import mail

from club.mail import send_templated_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_email(settings, tmp_path):
    folder = tmp_path / "emails"
    folder.mkdir()
    subject = "{% autoescape off %}Nouvelle annonce : {{ title }}{% endautoescape %}"
    (folder / "teaser_new_subject.txt").write_text(subject)
    (folder / "teaser_new.txt").write_text(
        "{% autoescape off %}Bonjour,\n\nUne annonce « {{ title }} » vous attend :\n{{ action_url }}\n\n"
        "Voir aussi https://example.org/aide.{% endautoescape %}"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "emails/teaser_new"


def test_an_e_mail_without_html_template_gets_the_layout_with_its_button(new_email):
    send_templated_mail(
        template=new_email,
        to=["ana@example.org"],
        context={"title": "Vélo <cargo> & remorque", "action_url": "https://club.example/a/1/", "action_label": "Voir"},
    )
    [message] = mail.outbox
    assert message.subject == "Nouvelle annonce : Vélo <cargo> & remorque"
    assert "Une annonce « Vélo <cargo> & remorque » vous attend" in message.body
    # The club's general reason, as no other applies, and the site.
    assert "Vous recevez cet e-mail parce que votre adresse est enregistrée au Club" in message.body
    assert message.body.rstrip().endswith("Le Club — http://127.0.0.1:8000")
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Vélo &lt;cargo&gt; &amp; remorque" in html and "<cargo>" not in html
    assert 'href="https://club.example/a/1/"' in html and ">Voir</a>" in html  # the button
    assert 'href="https://example.org/aide"' in html  # a link, without the full stop after it
    assert "Vous recevez cet e-mail parce que votre adresse est enregistrée au Club" in html
    # Inlined: the button's colour sits on the element itself, for the mail apps that drop <style>.
    assert "background-color: #0b5563" in html.split(">Voir</a>")[0].rsplit("<a ", 1)[1]
    assert "prefers-color-scheme: dark" in html  # kept for the apps that read it


def test_the_recipients_language_is_used_for_the_layout(new_email):
    send_templated_mail(template=new_email, to=["ana@example.org"], context={"title": "x"}, language="en")
    assert '<html lang="en"' in mail.outbox[0].alternatives[0][0]
