"""The FilterSet of partners' offers, shared by the « Offres de nos partenaires » page and the API:
by partner, by kind of offer, by words."""

import re

import django_filters
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Partner


def offers_matching_text(queryset, value: str):
    """Offers whose title or summary contain every word typed: French full-text with unaccent on
    PostgreSQL (the offers are few: the vector is computed on the fly, no index), a word-by-word
    icontains elsewhere."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        from listings.filters import _tsquery

        raw = _tsquery(value)
        if raw is None:
            return queryset
        vector = SearchVector("title", "summary_text", config="french_unaccent")
        return queryset.annotate(search=vector).filter(
            search=SearchQuery(raw, config="french_unaccent", search_type="raw")
        )
    for word in re.findall(r"\w+", value)[:8]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(summary_text__icontains=word))
    return queryset


def _kind_choices():
    from .selectors import partner_offer_kinds

    return partner_offer_kinds()


class PartnerOfferFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Mots-clés"), method="filter_text", max_length=200)
    partner = django_filters.ModelChoiceFilter(
        label=_("Partenaire"),
        queryset=Partner.objects.filter(is_active=True).order_by("name"),
        to_field_name="slug",
        empty_label=_("Tous les partenaires"),
    )
    kind = django_filters.ChoiceFilter(label=_("Type d'offre"), choices=_kind_choices, empty_label=_("Tous les types"))

    class Meta:
        fields = ["q", "partner", "kind"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return offers_matching_text(queryset, value) if value else queryset
