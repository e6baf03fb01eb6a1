from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchLog(models.Model):
    """One annonce search by a verified member, anonymised when written: its words only
    (normalised, sorted, each once; no digits, so no postcode, phone or street number), the
    département it was centred on at most, whether it found anything, and when. No user, no
    address, no raw query. Rows older than INSIGHTS_SEARCH_LOG_DAYS are deleted (insights.tasks)."""

    words = models.CharField(_("mots"), max_length=200)
    department = models.CharField(_("département"), max_length=3, blank=True)
    found = models.PositiveIntegerField(_("résultats"), default=0)
    at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("recherche")
        verbose_name_plural = _("recherches")

    def __str__(self):
        return self.words


# The daily aggregates (insights.rollup): the dashboard reads them for the days rolled up and
# counts the later days (today) from the source tables. Written by insights.rollup and, for the
# logins, by services.active_member_day_record; staff never edit them (not in the admin).


class ActiveMemberDay(models.Model):
    """A member was active on that day (Europe/Paris): logged in, or wrote an annonce, a message,
    an exchange request or a booking. Logins are recorded as they happen (User.last_login keeps
    only the last one); the acts by the nightly rollup. Never deleted by the rollup: an act
    deleted since does not make the member inactive that day."""

    day = models.DateField()
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "member"], name="active_member_day_unique")]

    def __str__(self):
        return f"{self.day} {self.member_id}"


class ActiveMemberMonth(models.Model):
    """The days of a month a member was active, as bits (bit 0: the 1st, … bit 30: the 31st),
    made from ActiveMemberDay by the rollup for the days rolled up only: what the dashboard reads,
    one row per member and month instead of one per day (half as many rows at the bench's scale,
    far fewer for members active most days), and any period's days are a mask of each month's."""

    month = models.DateField()  # its first day
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    days = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "member"], name="active_member_month_unique")]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.member_id}"


class ListingDay(models.Model):
    """How many annonces were created that day in a category, of a kind, with a photo or not (as
    they were when the day was rolled up)."""

    day = models.DateField()
    category = models.ForeignKey("listings.Category", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    with_photo = models.BooleanField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "category", "kind", "with_photo"], name="listing_day_unique")
        ]

    def __str__(self):
        return f"{self.day} {self.category_id} {self.kind}: {self.count}"


class ListingDepartmentDay(models.Model):
    """How many annonces were created that day in a département. Apart from ListingDay: crossed
    with the categories, kinds and photos the rows would be almost as many as the annonces."""

    day = models.DateField()
    department = models.CharField(max_length=3)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "department"], name="listing_department_day_unique")]

    def __str__(self):
        return f"{self.day} {self.department}: {self.count}"


class RolledUpDay(models.Model):
    """A day whose aggregates are written. The days rolled up always run without a gap from the
    first day of the club's data (insights.rollup), so the last one says where the dashboard's
    live counts start."""

    day = models.DateField(primary_key=True)
    rolled_up_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return str(self.day)
