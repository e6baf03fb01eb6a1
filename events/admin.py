from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from club.csv_export import spreadsheet_writer
from club.translation_admin import EnglishAdmin

from . import selectors, services
from .models import Booking, BookingStatus, Event, EventStatus, EventType


@admin.register(EventType)
class EventTypeAdmin(EnglishAdmin):
    list_display = ["name", "plural", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}


class BookingInline(admin.TabularInline):
    """Read-only: bookings change through services (the seat counter and the waiting list),
    use the bookings list's « Annuler » action."""

    model = Booking
    extra = 0
    can_delete = False
    fields = ["name", "email", "seats", "status", "accessibility_needs", "created_at", "checked_in_at"]
    readonly_fields = fields
    ordering = ["status", "created_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class EventAdminForm(forms.ModelForm):
    exceptional_opening = forms.BooleanField(
        label=_("Ouverture exceptionnelle"),
        required=False,
        help_text=_(
            "Pour tenir l'évènement un jour de fermeture ou hors des horaires : le lieu ouvre exprès ce "
            "jour-là, et la page du lieu l'annonce dans ses dates particulières."
        ),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "slug",
            "type",
            "status",
            "public_from",
            "summary",
            "description",
            "speakers",
            "starts_at",
            "ends_at",
            "room",
            "partners",
            "image",
            "image_alt",
            "booking_mode",
            "capacity",
            "max_seats_per_booking",
            "booking_opens_at",
            "booking_closes_at",
        ]

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("La fin doit suivre le début."))
        elif starts and ends and self._schedule_to_check(starts, ends):
            try:
                services.event_schedule_check(
                    starts_at=starts, ends_at=ends, exceptional_opening=cleaned.get("exceptional_opening", False)
                )
            except ValidationError as error:
                self.add_error(None, error)
        capacity = cleaned.get("capacity")
        if capacity is not None and self.instance.pk and capacity < self.instance.seats_confirmed:
            self.add_error(
                "capacity",
                _("%(n)s places sont déjà confirmées : annulez des réservations avant de réduire la capacité.")
                % {"n": self.instance.seats_confirmed},
            )
        if cleaned.get("booking_mode") == "required" and not capacity:
            self.add_error("capacity", _("Indiquez le nombre de places d'un évènement sur réservation."))
        return cleaned

    def _schedule_to_check(self, starts, ends) -> bool:
        """A new event, new times or an exceptional opening asked for: check the opening hours. An
        event whose times do not change is not refused because the hours changed since."""
        if not self.instance.pk or self.cleaned_data.get("exceptional_opening"):
            return True
        return (starts, ends) != (self.instance.starts_at, self.instance.ends_at)


@admin.register(Event)
class EventAdmin(EnglishAdmin):
    form = EventAdminForm
    list_display = ["title", "starts_at", "type", "status", "public_from", "seats", "waiting", "checkin_link"]
    list_filter = ["status", "type", "booking_mode", "room"]
    search_fields = ["title_fr", "title_en", "summary_fr", "summary_en", "speakers"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["partners"]
    inlines = [BookingInline]
    actions = ["publish", "export_attendees", "duplicate"]
    readonly_fields = ["seats_confirmed", "checkin_link"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "type", "status", "public_from", "summary", "description", "speakers"]}),
        (_("Date et lieu"), {"fields": ["starts_at", "ends_at", "exceptional_opening", "room", "partners"]}),
        (_("Image"), {"fields": ["image", "image_alt"]}),
        (
            _("Réservations"),
            {
                "fields": [
                    "booking_mode",
                    "capacity",
                    "max_seats_per_booking",
                    "booking_opens_at",
                    "booking_closes_at",
                    "seats_confirmed",
                    "checkin_link",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return selectors.events_for_admin(super().get_queryset(request))

    def has_delete_permission(self, request, obj=None):
        # An event people booked is cancelled (status « annulé », they are e-mailed), not deleted.
        if obj is not None and obj.bookings.filter(status__in=["confirmed", "waiting"]).exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # the bulk delete would skip the rule above
        return actions

    @admin.display(description=_("confirmées / places"), ordering="seats_confirmed")
    def seats(self, obj):
        if not obj.needs_booking:
            return _("entrée libre")
        return f"{obj.seats_confirmed} / {obj.capacity}"

    @admin.display(description=_("en attente"), ordering="waiting_count")
    def waiting(self, obj):
        if not obj.waiting_count:
            return "–"
        seats = obj.waiting_seats or 0
        return ngettext("%(n)s (%(seats)s place)", "%(n)s (%(seats)s places)", seats) % {
            "n": obj.waiting_count,
            "seats": seats,
        }

    @admin.display(description=_("accueil à l'entrée"))
    def checkin_link(self, obj):
        if not obj.pk or not obj.needs_booking:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("events:checkin", args=[obj.slug]), _("pointer les arrivées"))

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            # Lock the row as the booking service does, and keep the seat counter it owns: the
            # instance was read before the form was checked, and a booking may have come since.
            previous = Event.objects.select_for_update().filter(pk=obj.pk).first() if change else None
            if previous is not None:
                obj.seats_confirmed = previous.seats_confirmed
                if obj.capacity is not None and obj.capacity < previous.seats_confirmed:
                    obj.capacity = previous.capacity
                    self.message_user(
                        request,
                        _("Des réservations sont arrivées entre-temps : la capacité n'a pas été réduite."),
                        messages.WARNING,
                    )
            # Publication is the service's (events.services.event_publish: the early access of an
            # event made from a proposal, the e-mail to its supporters): save the rest, then publish.
            publishing = obj.status == EventStatus.PUBLISHED and (
                previous is None or previous.status != EventStatus.PUBLISHED
            )
            if publishing:
                obj.status = previous.status if previous is not None else EventStatus.DRAFT
            super().save_model(request, obj, form, change)
            if publishing:
                published = services.event_publish(event=obj)
                obj.status, obj.public_from = published.status, published.public_from
                self._say_early_access(request, obj)
            if form.cleaned_data.get("exceptional_opening"):
                exception = services.event_open_exceptionally(event=obj)
                if exception is not None:
                    self.message_user(
                        request,
                        _("Ouverture exceptionnelle le %(day)s, de %(opens)s à %(closes)s : la page du lieu l'annonce.")
                        % {
                            "day": formats.date_format(exception.date, "l j F Y"),
                            "opens": f"{exception.opens:%H:%M}",
                            "closes": f"{exception.closes:%H:%M}",
                        },
                    )
            if previous is None:
                return
            notified = services.event_notify_changes(
                event=obj,
                previous_status=previous.status,
                previous_starts_at=previous.starts_at,
                previous_ends_at=previous.ends_at,
            )
            if obj.capacity > previous.capacity:
                promoted = services.event_capacity_changed(event=obj)
                if promoted:
                    self.message_user(
                        request,
                        ngettext(
                            "%(n)d personne en liste d'attente est confirmée.",
                            "%(n)d personnes en liste d'attente sont confirmées.",
                            len(promoted),
                        )
                        % {"n": len(promoted)},
                    )
        if notified:
            self.message_user(
                request,
                ngettext(
                    "%(n)d personne inscrite va être prévenue par e-mail.",
                    "%(n)d personnes inscrites vont être prévenues par e-mail.",
                    notified,
                )
                % {"n": notified},
                messages.WARNING,
            )

    def _say_early_access(self, request, event):
        if not event.is_public():
            self.message_user(
                request,
                _(
                    "« %(title)s » est en avant-première pour son proposant et ses soutiens (prévenus par "
                    "e-mail) : public le %(date)s."
                )
                % {
                    "title": event.title,
                    "date": formats.date_format(timezone.localtime(event.public_from), "j F Y, H:i"),
                },
                messages.WARNING,
            )

    @admin.action(description=_("Publier les brouillons choisis"))
    def publish(self, request, queryset):
        drafts = list(queryset.filter(status=EventStatus.DRAFT))
        for event in drafts:
            self._say_early_access(request, services.event_publish(event=event))
        self.message_user(
            request,
            ngettext("%(n)d évènement publié.", "%(n)d évènements publiés.", len(drafts)) % {"n": len(drafts)},
        )

    @admin.action(description=_("Exporter les participants (CSV)"))
    def export_attendees(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="participants-{stamp}.csv"'
        response.write("\ufeff")  # so that spreadsheet software reads the accents
        writer = spreadsheet_writer(response, delimiter=";")  # every cell neutralised (CSV injection)
        writer.writerow(
            [
                _("Évènement"),
                _("Date"),
                _("Nom"),
                _("E-mail"),
                _("Places"),
                _("Statut"),
                _("Besoins d'accessibilité"),
                _("Réservée le"),
                _("Arrivée"),
            ]
        )
        bookings = (
            Booking.objects.filter(event__in=queryset, status__in=[BookingStatus.CONFIRMED, BookingStatus.WAITING])
            .select_related("event")
            .order_by("event__starts_at", "status", "name")
        )
        for booking in bookings:
            writer.writerow(
                [
                    booking.event.title,
                    timezone.localtime(booking.event.starts_at).strftime("%d/%m/%Y %H:%M"),
                    booking.name,
                    booking.email,
                    booking.seats,
                    booking.get_status_display(),
                    booking.accessibility_needs,
                    timezone.localtime(booking.created_at).strftime("%d/%m/%Y %H:%M"),
                    timezone.localtime(booking.checked_in_at).strftime("%H:%M") if booking.checked_in_at else "",
                ]
            )
        return response

    @admin.action(description=_("Dupliquer (en brouillon)"))
    def duplicate(self, request, queryset):
        copies = [services.event_duplicate(event=event) for event in queryset]
        self.message_user(
            request,
            ngettext("%(n)d évènement dupliqué en brouillon.", "%(n)d évènements dupliqués en brouillon.", len(copies))
            % {"n": len(copies)},
        )


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "seats", "status", "created_at", "checked_in_at"]
    list_filter = ["status", "event__type"]
    list_select_related = ["event"]
    search_fields = ["name", "email", "event__title"]
    readonly_fields = [f.name for f in Booking._meta.fields]
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Annuler les réservations (et prévenir par e-mail)"))
    def cancel(self, request, queryset):
        done = sum(services.booking_cancel(booking=booking) for booking in queryset.select_related("event"))
        self.message_user(
            request, ngettext("%(n)d réservation annulée.", "%(n)d réservations annulées.", done) % {"n": done}
        )
