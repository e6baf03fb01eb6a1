from django.contrib import admin

from club.translation_admin import EnglishAdmin, EnglishTabularInline

from .models import OpeningException, OpeningHours, Partner, Room, Venue


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(EnglishTabularInline):
    model = OpeningException
    extra = 0


class RoomInline(EnglishTabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(EnglishAdmin):
    list_display = ["name", "street", "postcode", "city"]
    inlines = [OpeningHoursInline, OpeningExceptionInline, RoomInline]


@admin.register(Room)
class RoomAdmin(EnglishAdmin):
    list_display = ["name", "capacity", "floor", "venue"]
    list_select_related = ["venue"]


@admin.register(Partner)
class PartnerAdmin(EnglishAdmin):
    list_display = ["name", "url", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "description_fr", "description_en"]
    prepopulated_fields = {"slug": ["name"]}
