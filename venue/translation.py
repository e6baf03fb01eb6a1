"""The venue's texts in French and English (django-modeltranslation adds `<field>_fr` and
`<field>_en`; reading `<field>` gives the active language's text, French where English is missing).
The venue's name and the partners' names are proper names: one spelling for both languages."""

from modeltranslation.translator import TranslationOptions, register

from .models import OpeningException, Partner, Room, Venue


@register(Venue)
class VenueTranslation(TranslationOptions):
    fields = ("tagline", "description", "access", "accessibility")
    required_languages = ("fr",)


@register(Room)
class RoomTranslation(TranslationOptions):
    fields = ("name", "floor", "description")
    required_languages = ("fr",)


@register(OpeningException)
class OpeningExceptionTranslation(TranslationOptions):
    fields = ("reason",)
    required_languages = ("fr",)


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("description",)
    required_languages = ("fr",)
