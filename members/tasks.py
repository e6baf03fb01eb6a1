from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from club.mail import language_of, send_once, send_templated_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_verification_decision(profile_id: int) -> None:
    """Tell a member that staff approved or rejected their verification."""
    from .models import MemberProfile

    profile = MemberProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or profile.verification_status not in ("verified", "rejected"):
        return
    language = language_of(profile.user)
    with translation.override(language):
        if profile.is_verified:
            action = (reverse("listings:list"), _("Voir les annonces"))
        else:
            action = (reverse("members:verification"), _("Faire une nouvelle demande"))
    send_templated_mail(
        template="emails/verification_decision",
        to=[profile.user.email],
        context={"profile": profile, "action_url": settings.SITE_URL + action[0], "action_label": action[1]},
        language=language,
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_account_email(*, subject: str, body: str, html: str | None, to: list[str], from_email: str) -> None:
    """Send an e-mail that django-allauth rendered (confirmation, password reset…)."""
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    send_once(message)


@shared_task(soft_time_limit=1800, time_limit=1860)
def run_roster_import(job_id: int) -> None:
    """Import a roster file uploaded in the admin (members.roster_jobs)."""
    from .roster_jobs import roster_import_run

    roster_import_run(job_id=job_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_membership_change(profile_id: int) -> None:
    """Tell a member that they lost, or got back, access to the annonces with their roster row."""
    from .models import MemberProfile

    profile = MemberProfile.objects.select_related("user").filter(pk=profile_id).first()
    if profile is None or profile.verification_status not in ("lapsed", "verified"):
        return
    name = "membership_lapsed" if profile.verification_status == "lapsed" else "membership_restored"
    language = language_of(profile.user)
    with translation.override(language):
        if name == "membership_lapsed":
            action = (reverse("members:account"), _("Mon compte au Club"))
        else:
            action = (reverse("listings:mine"), _("Relancer mes annonces"))
    send_templated_mail(
        template=f"emails/{name}",
        to=[profile.user.email],
        context={"profile": profile, "action_url": settings.SITE_URL + action[0], "action_label": action[1]},
        language=language,
        discriminator=f"{name}-{int(profile.verification_decided_at.timestamp())}",
    )
