"""The admin of the texts written in French and English (django-modeltranslation).

Staff write the English beside the French (`<field> [fr]`, `<field> [en]`, one under the other).
Where the English is missing, the page in English shows the French: the admin says so, in the
change list (a column « anglais » and a filter « traduction anglaise ») and on the form (the empty
English field is marked)."""

from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.translator import translator


def translated_fields(model) -> tuple[str, ...]:
    """The model's fields registered for translation (its translation.py), in their order."""
    return tuple(translator.get_options_for_model(model).fields)


def english_missing_fields(obj) -> list[str]:
    """The fields of `obj` written in French with no English."""
    return [
        name
        for name in translated_fields(type(obj))
        if (getattr(obj, f"{name}_fr", "") or "").strip() and not (getattr(obj, f"{name}_en", "") or "").strip()
    ]


def english_missing_q(model) -> Q:
    """Rows with at least one text written in French and not in English."""
    query = Q()
    for name in translated_fields(model):
        french = Q(**{f"{name}_fr__isnull": False}) & ~Q(**{f"{name}_fr": ""})
        english_empty = Q(**{f"{name}_en__isnull": True}) | Q(**{f"{name}_en": ""})
        query |= french & english_empty
    return query


class EnglishMissingFilter(admin.SimpleListFilter):
    title = _("traduction anglaise")
    parameter_name = "anglais"

    def lookups(self, request, model_admin):
        return [("manquante", _("manquante")), ("complete", _("complète"))]

    def queryset(self, request, queryset):
        if self.value() == "manquante":
            return queryset.filter(english_missing_q(queryset.model))
        if self.value() == "complete":
            return queryset.exclude(english_missing_q(queryset.model))
        return queryset


MISSING_HELP = _("Anglais manquant : la page en anglais montre le texte français.")


class EnglishAdmin(TranslationAdmin):
    """A ModelAdmin for a translated model: French and English fields side by side, with the
    column « anglais », the filter « traduction anglaise » and the missing English marked."""

    # A web address typed without a scheme is read as https (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def _get_declared_fieldsets(self, request, obj=None):
        # modeltranslation copies the form's Meta.fields onto the admin when it renders a form;
        # with fieldsets declared too, the admin then has both, and `manage.py check` fails
        # (admin.E005) in any process that has shown that form.
        if self.fieldsets:
            return self._patch_fieldsets(self.fieldsets)
        return super()._get_declared_fieldsets(request, obj)

    def get_list_display(self, request):
        return [*super().get_list_display(request), "english_complete"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), EnglishMissingFilter]

    @admin.display(description=_("anglais"), boolean=True)
    def english_complete(self, obj):
        return not english_missing_fields(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            for name in english_missing_fields(obj):
                field = form.base_fields.get(f"{name}_en")
                if field is not None:
                    # The admin prints help texts as HTML; the field's own help stays after the note.
                    field.help_text = format_html(
                        '<strong class="english-missing" style="color:#ba2121">{}</strong> {}',
                        MISSING_HELP,
                        field.help_text,
                    )
        return form


class EnglishTabularInline(TranslationTabularInline):
    """An inline of a translated model: each text has its [fr] and [en] column."""
