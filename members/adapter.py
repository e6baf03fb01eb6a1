from typing import NamedTuple
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from club.client_ip import client_ip
from club.mail import language_of, render_mail
from club.queue import enqueue_after_commit

from .forms import language_of_request
from .tasks import send_account_email


class ClubSite(NamedTuple):
    """What allauth's e-mails call `current_site`: the club has no Sites framework, one site."""

    name: str
    domain: str


# allauth's e-mail, its main link (the context key) and that link's button.
ACTIONS = [
    ("activate_url", _("Confirmer mon adresse e-mail")),
    ("password_reset_url", _("Choisir un nouveau mot de passe")),
    ("signup_url", _("Créer mon compte")),
]


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's e-mail (confirmation, password reset…) in the request, through the
        club's mail module: the site named, a text part and an HTML part in the club's layout,
        in the member's language (their profile's, else the page's); then hand the sending to
        Celery after commit, like every other e-mail of the club."""
        request = allauth_context.request
        user = context.get("user")
        language = language_of(user) if getattr(user, "pk", None) else language_of_request(request)
        ctx = {
            "request": request,
            "email": email,
            "current_site": ClubSite(settings.CLUB_NAME, urlsplit(settings.SITE_URL).netloc),
            **context,
        }
        for key, label in ACTIONS:
            if ctx.get(key):
                ctx.setdefault("action_url", ctx[key])
                ctx.setdefault("action_label", label)
                break
        message = render_mail(
            template=template_prefix,
            subject_template=f"{template_prefix}_subject.txt",
            text_template=f"{template_prefix}_message.txt",
            html_template=f"{template_prefix}_message.html",
            to=[email],
            context=ctx,
            language=language,
            from_email=self.get_from_email(),
        )
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), None)
        payload = {
            "subject": self.format_email_subject(message.subject),
            "body": message.body,
            "html": html,
            "to": list(message.to),
            "from_email": message.from_email,
        }
        enqueue_after_commit(send_account_email, **payload)

    def get_client_ip(self, request):
        """The address allauth's rate limits count (ours too: club.ratelimit is allauth's), the
        same one as the API's throttles: club.client_ip, behind TRUSTED_PROXY_COUNT proxies."""
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip
