"""Event types and events in French and English (django-modeltranslation: `<field>_fr`,
`<field>_en`; reading `<field>` gives the active language's text, French where English is missing).

An event type is always translated (the agenda's filter and every card show it). An event's own
texts may stay French only, for an event held in French: the English page then shows its French
title, and the admin lists it under « anglais manquant »."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventType


@register(EventType)
class EventTypeTranslation(TranslationOptions):
    fields = ("name", "plural")
    required_languages = ("fr",)


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "description", "image_alt")
    required_languages = ("fr",)
