"""Hostile files sent through the real annonce form: each one is refused next to the photo field,
the rest of the form is kept, and nothing is stored (no annonce, no file under MEDIA_ROOT)."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from PIL import Image

from listings.models import Listing, ListingPhoto

from .factories import ListingFactory, image_bytes, upload
from .test_photos import _exif_with_gps_and_orientation

pytestmark = pytest.mark.django_db

NOT_A_PHOTO = "n'est pas une photo JPEG, PNG ou WebP"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def decompression_bomb() -> bytes:
    """A valid PNG of a few dozen bytes that declares 50,000 × 50,000 pixels (7.5 GB once decoded)."""
    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 16)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")


def truncated_jpeg() -> bytes:
    image = Image.effect_noise((400, 300), 80).convert("RGB")  # noise: the data cannot be guessed
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()[: len(buffer.getvalue()) // 2]


HOSTILE = {
    "html_named_jpg": ("vacances.jpg", b"<html><script>alert(document.cookie)</script></html>", NOT_A_PHOTO),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>',
        NOT_A_PHOTO,
    ),
    "pdf": (
        "notice.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        NOT_A_PHOTO,
    ),
    "polyglot_gif_js": (
        "chat.jpg",
        b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00;*/=1;alert(document.domain);//",
        NOT_A_PHOTO,
    ),
    "truncated_jpeg": ("coupee.jpg", truncated_jpeg(), "est illisible ou abîmée"),
    "decompression_bomb": ("bombe.png", decompression_bomb(), "n'est pas une photo"),
    "25_mb": ("enorme.jpg", image_bytes() + b"\0" * (25 * 1024 * 1024), "dépasse 10 Mo"),
}


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def form_data():
    return {
        "kind": "offer",
        "title": "Perceuse à percussion",
        "description": "Bosch, avec coffret.",
        "postcode": "75011",
    }


@pytest.mark.parametrize("name, content, message", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_file_is_refused_next_to_the_photo_field_and_nothing_is_stored(
    verified_client, name, content, message
):
    response = verified_client.post(
        reverse("listings:create", args=["vide-grenier"]),
        {**form_data(), "price": "25", "photos": [upload(name, content)]},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == ["photos"]  # next to the photo field, and only there
    assert message in errors["photos"][0] and name in errors["photos"][0]
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    assert 'value="Perceuse à percussion"' in html and "Bosch, avec coffret." in html  # the rest is kept
    assert not Listing.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("key", ["svg", "polyglot_gif_js", "decompression_bomb"])
def test_a_hostile_file_added_to_an_existing_annonce_stores_nothing(client, key):
    listing = ListingFactory()
    client.force_login(listing.author)
    name, content, message = HOSTILE[key]
    response = client.post(
        reverse("listings:edit", args=[listing.pk]),
        {**form_data(), "photos": [upload(name, content)]},
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors["photos"][0]
    assert not ListingPhoto.objects.exists()
    assert stored_files() == []
    listing.refresh_from_db()
    assert listing.title != "Perceuse à percussion"  # the annonce itself is unchanged


def test_a_phone_photo_is_stored_without_its_gps_position(verified_client):
    original = image_bytes("JPEG", size=(80, 40), exif=_exif_with_gps_and_orientation())
    response = verified_client.post(
        reverse("listings:create", args=["vide-grenier"]),
        {**form_data(), "price": "5", "photos": [upload("phone.jpg", original)]},
    )
    assert response.status_code == 302
    photo = ListingPhoto.objects.get()
    [path] = stored_files()
    assert path == Path(photo.image.path)
    data = path.read_bytes()
    with Image.open(path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif().get_ifd(0x8825)  # no GPS
        assert not stored.getexif() and "exif" not in stored.info
    assert b"PhoneMaker" not in data


def test_pillow_is_only_ever_asked_for_the_formats_we_accept(monkeypatch):
    """Whatever the file, listings.photos opens it with formats= limited to JPEG, PNG and WebP."""
    from listings import photos

    seen = []
    real_open = Image.open

    def spy(fp, mode="r", formats=None):
        seen.append(formats)
        return real_open(fp, mode, formats)

    monkeypatch.setattr(photos.Image, "open", spy)
    for name, content, _message in HOSTILE.values():
        with pytest.raises(ValidationError):  # refusals are tested above; here only the calls matter
            photos.prepare_photo(upload(name, content))
    photos.prepare_photo(upload("ok.png", image_bytes("PNG"), "image/png"))
    assert seen and all(sorted(formats) == ["JPEG", "PNG", "WEBP"] for formats in seen)
