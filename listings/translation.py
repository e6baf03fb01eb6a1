"""Categories in French and English (django-modeltranslation: `name_fr`, `name_en`, `cover_text_fr`,
`cover_text_en`; reading `name` gives the active language's text, French where English is missing).
The labels of the categories' extra fields are in code (listings/categories.py) and translated by
the message catalogue."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name", "cover_text")
    required_languages = ("fr",)
