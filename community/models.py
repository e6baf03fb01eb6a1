"""Groups of members around an interest or a place, their memberships, posts (with replies),
reports on posts and the annonces shared with them. The rules live in services.py (writes),
selectors.py (reads) and access.py (fetches checked against who asks)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Access(models.TextChoices):
    OPEN = "open", _("Ouvert à tous les membres")
    APPROVAL = "approval", _("Sur demande, validée par ses administrateurs")


def picture_path(group, filename):
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"community/{uuid.uuid4().hex}.{extension}"


class Group(models.Model):
    name = models.CharField(_("nom"), max_length=80)
    description = models.TextField(_("description"), max_length=3000)
    picture = models.ImageField(_("image"), upload_to=picture_path, blank=True)
    place = models.CharField(_("lieu"), max_length=80, blank=True, help_text=_("Une ville, un quartier…"))
    access = models.CharField(_("accès"), max_length=10, choices=Access.choices, default=Access.OPEN)
    founder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="founded_groups", verbose_name=_("fondateur")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    suspended_at = models.DateTimeField(_("suspendu le"), null=True, blank=True, editable=False)
    suspension_reason = models.TextField(_("motif de la suspension"), max_length=2000, blank=True, editable=False)

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.access == Access.OPEN

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrateur")
    MEMBER = "member", _("Membre")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Demande en attente")
    ACTIVE = "active", _("Membre")


class Notify(models.TextChoices):
    EVERY_POST = "every_post", _("Un e-mail à chaque message")
    DIGEST = "digest", _("Un résumé quotidien")
    NONE = "none", _("Aucun e-mail")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("groupe"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships", verbose_name=_("membre")
    )
    role = models.CharField(_("rôle"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("statut"), max_length=10, choices=MembershipStatus.choices)
    notify = models.CharField(_("e-mails"), max_length=12, choices=Notify.choices, default=Notify.DIGEST)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    joined_at = models.DateTimeField(_("membre depuis"), null=True, blank=True)
    digest_sent_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["role", "joined_at", "created_at"]  # admins first ("admin" < "member")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group")]
        indexes = [models.Index(fields=["joined_at"], include=["group", "status"], name="membership_joined_figures")]

    def __str__(self):
        return f"{self.user} · {self.group}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == Role.ADMIN


class Post(models.Model):
    """A message in a group, or a reply to one (`parent`). Plain text: shown escaped, links made
    clickable, never as HTML."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts", verbose_name=_("groupe"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_posts", verbose_name=_("auteur")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies", verbose_name=_("réponse à")
    )
    text = models.TextField(_("message"), max_length=5000)
    pinned = models.BooleanField(_("épinglé"), default=False)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    removed_at = models.DateTimeField(_("retiré le"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("retiré par"),
    )

    class Meta:
        verbose_name = _("message de groupe")
        verbose_name_plural = _("messages de groupe")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["group", "-created_at"], name="post_group_created"),
            # The staff dashboard's counts of a period (insights.community_figures).
            models.Index(fields=["created_at"], include=["group", "author"], name="post_created_figures"),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        return reverse("community:detail", args=[self.group_id]) + f"#post-{self.parent_id or self.pk}"


class ReportReason(models.TextChoices):
    INAPPROPRIATE = "inappropriate", _("Contenu choquant ou inapproprié")
    SPAM = "spam", _("Publicité ou message hors sujet")
    SCAM = "scam", _("Arnaque ou tentative de fraude")
    PERSONAL_DATA = "personal_data", _("Données personnelles exposées")
    OTHER = "other", _("Autre")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("À traiter")
    ACTIONED = "actioned", _("Message retiré")
    DISMISSED = "dismissed", _("Classé sans suite")


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("message"))
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_reports", verbose_name=_("signalé par")
    )
    reason = models.CharField(_("motif"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("précisions"), max_length=2000, blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )

    class Meta:
        verbose_name = _("signalement de message")
        verbose_name_plural = _("signalements de messages de groupe")
        ordering = ["status", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter"], name="one_post_report_per_member")]

    def __str__(self):
        return f"{self.get_reason_display()} · {self.post}"


class SharedListing(models.Model):
    """An annonce its author shared with a group they belong to."""

    listing = models.ForeignKey(
        "listings.Listing", on_delete=models.CASCADE, related_name="group_shares", verbose_name=_("annonce")
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="shares", verbose_name=_("groupe"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("partagée par")
    )
    created_at = models.DateTimeField(_("partagée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("annonce partagée")
        verbose_name_plural = _("annonces partagées")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["listing", "group"], name="one_share_per_group")]

    def __str__(self):
        return f"{self.listing} → {self.group}"


# --- Proposals for the venue (issue 16) -------------------------------------------------------


class ProposalState(models.TextChoices):
    SUBMITTED = "submitted", _("Soumise")
    QUESTION = "question_asked", _("Question de l'équipe")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")


class Proposal(models.Model):
    """An event a verified member proposes for the club's venue. Staff ask a question, decline it
    with a reason or accept it (community.proposals.proposal_accept), which makes a draft event
    linked here. The rules live in community/proposals.py."""

    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("proposé par")
    )
    title = models.CharField(_("titre"), max_length=160)
    type = models.ForeignKey(
        "events.EventType", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("type")
    )
    description = models.TextField(_("description"), max_length=5000)
    format = models.CharField(
        _("format et durée"), max_length=200, help_text=_("Par exemple : une conférence d'1 h 30 suivie d'un échange.")
    )
    wished_period = models.CharField(
        _("période souhaitée"), max_length=200, help_text=_("Par exemple : un samedi après-midi de mars.")
    )
    needs = models.TextField(
        _("besoins"), max_length=2000, blank=True, help_text=_("Taille de salle, matériel (projecteur, micro…).")
    )
    partner = models.CharField(_("partenaire"), max_length=160, blank=True, help_text=_("Une association, un artiste…"))
    group = models.ForeignKey(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name=_("groupe")
    )
    state = models.CharField(
        _("état"), max_length=16, choices=ProposalState.choices, default=ProposalState.SUBMITTED, db_index=True
    )
    staff_message = models.TextField(_("message de l'équipe"), max_length=3000, blank=True)
    event = models.OneToOneField(
        "events.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("évènement"),
    )
    support_count = models.PositiveIntegerField(_("soutiens"), default=0, editable=False)
    created_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True, editable=False)
    early_mail_at = models.DateTimeField(_("soutiens prévenus le"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("proposals:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in (ProposalState.SUBMITTED, ProposalState.QUESTION)


class ProposalSupport(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("soutien")
        verbose_name_plural = _("soutiens")
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="one_support_per_member")]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class ProposalComment(models.Model):
    """A comment under a proposal. Plain text, shown escaped."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("commentaire"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire de proposition")
        verbose_name_plural = _("commentaires de propositions")
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]
