import io
from datetime import timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from listings import services
from listings.models import Category, Listing, Status
from members.tests.factories import VerifiedMemberFactory

PARIS_11 = (48.86, 2.38)


def ensure_categories() -> None:
    """Categories come from data migrations; a transactional test's flush removes them, so tests
    that run after one (browser, worker) put them back the same way: the migrations' functions run
    on the historical models of the latest state (plain columns, no modeltranslation), then the
    French goes into the `_fr` columns as the translation migration did."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    if Category.objects.exists():
        return
    loader = MigrationLoader(connection)
    state = loader.project_state(loader.graph.leaf_nodes("listings")[0]).apps
    import_module("listings.migrations.0003_categories").create(state, None)
    import_module("listings.migrations.0007_category_exchanges").fill(state, None)
    for row in state.get_model("listings", "Category").objects.all():
        row.name_fr, row.cover_text_fr = row.name, row.cover_text
        row.save(update_fields=["name_fr", "cover_text_fr"])


def category(slug="services-entraide") -> Category:
    ensure_categories()
    return Category.objects.get(slug=slug)


class ListingFactory(factory.django.DjangoModelFactory):
    """A published annonce in Paris 11e. Created through the model (fast); use services in tests
    that are about the services' rules."""

    class Meta:
        model = Listing
        skip_postgeneration_save = True

    author = factory.SubFactory(VerifiedMemberFactory)
    category = factory.LazyFunction(category)
    kind = "offer"
    title = factory.Sequence(lambda n: f"Annonce numéro {n}")
    description = "Une description honnête.\nSur deux lignes."
    postcode = "75011"
    city = "Paris 11e Arrondissement"
    lat, lng = PARIS_11
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))

    @factory.post_generation
    def index(listing, create, extracted, **kwargs):
        if create:
            services.listing_index_text(listing_id=listing.pk)


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 80, 40), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else image_bytes(), content_type=content_type)
