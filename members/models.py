from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .names import normalize_name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Logs in by e-mail; there is no username."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        # The few deactivated accounts: search leaves their annonces out by an anti-join on this
        # (listings.selectors.listings_visible_to) instead of reading every author's row.
        indexes = [models.Index(fields=["id"], condition=models.Q(is_active=False), name="user_inactive")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        creating = self._state.adding
        super().save(*args, **kwargs)
        # Every account has exactly one profile, whichever path created it (sign-up, admin,
        # createsuperuser, factories).
        if creating:
            MemberProfile.objects.get_or_create(user=self)

    @property
    def is_verified_member(self) -> bool:
        """The login wall's rule: staff, or a sociétaire whose membership was verified."""
        if not self.is_active:
            return False
        return self.is_staff or self.profile.is_verified


class RosterEntry(models.Model):
    """One sociétaire on the insurer's roster, as imported by staff."""

    number = models.CharField(_("numéro de sociétaire"), max_length=20, unique=True)
    last_name = models.CharField(_("nom"), max_length=150)
    last_name_normalized = models.CharField(max_length=150, editable=False, db_index=True)
    postcode = models.CharField(_("code postal"), max_length=5)
    active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sociétaire du registre")
        verbose_name_plural = _("registre des sociétaires")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} – {self.last_name}"

    def save(self, *args, **kwargs):
        self.last_name_normalized = normalize_name(self.last_name)
        super().save(*args, **kwargs)


class VerificationStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", _("non demandée")
    PENDING = "pending", _("en cours d'examen")
    VERIFIED = "verified", _("vérifiée")
    REJECTED = "rejected", _("refusée")
    # Was verified; their roster row is no longer active (members.membership).
    LAPSED = "lapsed", _("n'est plus sociétaire")


class MemberProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("compte")
    )
    display_name = models.CharField(
        _("nom affiché"),
        max_length=60,
        blank=True,
        help_text=_("Visible des autres membres, par exemple « Claire D. »."),
    )
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    # The language the club writes to them in (e-mails): the sign-up page's, then their choice.
    language = models.CharField(
        _("langue des e-mails"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    city = models.CharField(_("ville"), max_length=100, blank=True)

    # What the person typed when asking to be verified, kept for staff review.
    societaire_number = models.CharField(_("numéro de sociétaire"), max_length=20, blank=True)
    submitted_last_name = models.CharField(_("nom déclaré"), max_length=150, blank=True)
    submitted_postcode = models.CharField(_("code postal déclaré"), max_length=5, blank=True)

    verification_status = models.CharField(
        _("vérification"), max_length=20, choices=VerificationStatus.choices, default=VerificationStatus.NOT_SUBMITTED
    )
    verification_submitted_at = models.DateTimeField(_("demandée le"), null=True, blank=True)
    verification_decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    verification_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidée par"),
        help_text=_("Vide quand la vérification est automatique."),
    )
    rejection_reason = models.CharField(_("motif du refus"), max_length=255, blank=True)
    # The roster row that verified this account. One row verifies at most one account.
    roster_entry = models.OneToOneField(
        RosterEntry,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_by",
        verbose_name=_("sociétaire du registre"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("profil de membre")
        verbose_name_plural = _("profils de membres")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(verification_status="verified") | models.Q(verification_decided_at__isnull=False),
                name="verified_profile_has_decision_date",
            ),
        ]

    def __str__(self):
        return self.public_name

    def get_absolute_url(self):
        return reverse("members:account")

    @property
    def public_name(self) -> str:
        # Never fall back on the e-mail address: members must not see each other's.
        return self.display_name or _("Membre n°%(id)s") % {"id": self.user_id}

    @property
    def is_verified(self) -> bool:
        return self.verification_status == VerificationStatus.VERIFIED

    @property
    def is_pending(self) -> bool:
        return self.verification_status == VerificationStatus.PENDING


class MembershipEvent(models.Model):
    """A change in a member's standing that staff should see in their history."""

    class Kind(models.TextChoices):
        LAPSED = "lapsed", _("n'est plus sociétaire (registre)")
        RESTORED = "restored", _("de nouveau sociétaire (registre)")
        REVOKED = "revoked", _("vérification retirée par l'équipe")

    profile = models.ForeignKey(
        MemberProfile, on_delete=models.CASCADE, related_name="history", verbose_name=_("membre")
    )
    kind = models.CharField(_("changement"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("le"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import lancé par"),
    )

    class Meta:
        verbose_name = _("historique du membre")
        verbose_name_plural = _("historique du membre")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y %H:%M}"


class RosterImport(models.Model):
    """A roster file that staff uploaded in the admin, imported by a background task."""

    class State(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échec")

    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("par")
    )
    file_name = models.CharField(_("fichier"), max_length=255)
    # The file itself, until the import is over: the roster is personal data, never in MEDIA_ROOT.
    data = models.BinaryField(editable=False)
    deactivate_missing = models.BooleanField(_("registre complet (absents désactivés)"), default=False)
    state = models.CharField(_("état"), max_length=10, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("lignes à importer"), default=0)
    rows_done = models.PositiveIntegerField(_("lignes importées"), default=0)
    summary = models.TextField(_("résultat"), blank=True)
    rejected_count = models.PositiveIntegerField(_("lignes refusées"), default=0)
    # "line;reason" rows, for the CSV staff download.
    rejected = models.JSONField(_("lignes refusées et avertissements"), default=list, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("import du registre")
        verbose_name_plural = _("imports du registre")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0
