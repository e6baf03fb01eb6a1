from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from club.client_ip import client_ip
from club.queue import enqueue_after_commit

from .tasks import send_account_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's e-mail in the request (it needs the request's context) and hand the
        sending to Celery after commit, like every other e-mail of the club."""
        message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), None)
        payload = {
            "subject": message.subject,
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
