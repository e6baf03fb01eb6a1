"""Stored photos carry no metadata at all, in the original and in every thumbnail size: no EXIF
(GPS, camera), no XMP, no JPEG comment, no PNG text, no ICC profile (colours converted to sRGB)."""

import io

import pytest
from django.conf import settings
from easy_thumbnails.files import get_thumbnailer
from PIL import Image, ImageCms, PngImagePlugin

from listings import services
from listings.photos import prepare_photo

from .factories import upload

pytestmark = pytest.mark.django_db

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>SecretXmpAuthor</dc:creator>'
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
# Every trace of the metadata put in below: their content, and the markers of the blocks.
TRACES = [
    b"SecretComment",
    b"SecretXmpAuthor",
    b"SecretPngText",
    b"SecretCamMaker",
    b"Exif",
    b"eXIf",
    b"http://ns.adobe.com/xap",
    b"ICC_PROFILE",
    b"iCCP",
    b"ICCP",
    b"acsp",  # the signature inside every ICC profile
    b"tEXt",
    b"iTXt",
]


def _exif():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "SecretCamMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (48.0, 51.0, 24.0), "E", (2.0, 21.0, 7.0)
    return exif


def _photo(fmt: str) -> bytes:
    image = Image.new("RGB", (400, 200), (200, 80, 40))
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    options = {"exif": _exif(), "icc_profile": icc}
    if fmt == "JPEG":
        options |= {"comment": b"SecretComment", "xmp": XMP}
    elif fmt == "WEBP":
        options |= {"xmp": XMP}
    else:
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "SecretPngText")
        text.add_itxt("XML:com.adobe.xmp", XMP.decode())
        options |= {"pnginfo": text}
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    data = buffer.getvalue()
    assert b"SecretCamMaker" in data and (b"SecretXmpAuthor" in data)  # the fixture really carries them
    return data


def _traces(data: bytes) -> list[bytes]:
    return [trace for trace in TRACES if trace in data]


@pytest.mark.parametrize("fmt, ext", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_no_metadata_survives_in_the_original_nor_in_any_thumbnail(listing, fmt, ext):
    clean = prepare_photo(upload(f"phone.{ext}", _photo(fmt), f"image/{ext}"))
    services.photos_add(listing=listing, photos=[clean])
    photo = listing.photos.get()
    with photo.image.open("rb") as stored:
        original = stored.read()
    assert _traces(original) == []
    with Image.open(io.BytesIO(original)) as image:
        assert image.size == (200, 400)  # the EXIF orientation was applied before being dropped
        assert not image.getexif() and "icc_profile" not in image.info
    thumbnailer = get_thumbnailer(photo.image)
    for alias in settings.THUMBNAIL_ALIASES[""]:
        thumbnail = thumbnailer[alias]
        with thumbnail.storage.open(thumbnail.name, "rb") as stored:
            data = stored.read()
        assert _traces(data) == [], alias
