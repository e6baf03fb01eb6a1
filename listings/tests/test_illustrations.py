"""An annonce without a photo shows the drawing of its category, never a letter."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from listings.models import Category

from .factories import ListingFactory, category

pytestmark = pytest.mark.django_db

DRAWINGS = Path(settings.BASE_DIR) / "static" / "img" / "categories"


def test_every_category_of_the_club_has_its_drawing():
    slugs = [row[0] for row in import_module("listings.migrations.0003_categories").CATEGORIES]
    missing = [slug for slug in slugs if not (DRAWINGS / f"{slug}.svg").is_file()]
    assert not missing
    assert (DRAWINGS / "_default.svg").is_file()
    for path in DRAWINGS.glob("*.svg"):
        text = path.read_text()
        assert text.startswith("<svg") and 'viewBox="0 0 240 180"' in text, path.name
        assert "<text" not in text and "<script" not in text, path.name  # a drawing, not a letter


def _card_image(page: str, title: str) -> str:
    card = page[: page.index(f'<h2 class="listing-card-title">{title}')].rsplit('<li class="listing-card', 1)[1]
    return re.search(r'<img[^>]*src="([^"]+)"[^>]*>', card).group(0)


def test_a_card_and_the_page_without_photo_show_the_category_drawing(verified_client):
    listing = ListingFactory(category=category("pret-objets"), title="Prête une scie circulaire")
    page = verified_client.get(reverse("listings:list")).content.decode()
    img = _card_image(page, "Prête une scie circulaire")
    assert "/static/img/categories/pret-objets.svg" in img and 'alt=""' in img
    assert "listing-card-nophoto" not in page
    detail = verified_client.get(listing.get_absolute_url()).content.decode()
    assert "/static/img/categories/pret-objets.svg" in detail
    verified_client.force_login(listing.author)
    mine = verified_client.get(reverse("listings:mine")).content.decode()
    assert "/static/img/categories/pret-objets.svg" in mine


def test_a_new_category_without_drawing_gets_the_general_one(verified_client):
    new = Category.objects.create(slug="jardinage", name="Jardinage", family="annonces")
    ListingFactory(category=new, title="Tondeuse à prêter")
    page = verified_client.get(reverse("listings:list")).content.decode()
    img = _card_image(page, "Tondeuse à prêter")
    assert "/static/img/categories/_default.svg" in img
