"""Photos are judged by content, limited in size and pixels, re-encoded, turned upright and
stripped of EXIF (GPS included)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from listings.photos import MAX_BYTES, check_photo, prepare_photo

from .factories import image_bytes, upload


def _exif_with_gps_and_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (48.0, 51.0, 24.0)
    gps[3] = "E"
    gps[4] = (2.0, 21.0, 7.0)
    return exif


def test_a_text_file_named_jpg_is_refused():
    with pytest.raises(ValidationError) as error:
        check_photo(upload("vacances.jpg", b"this is not an image at all", "image/jpeg"))
    assert error.value.code == "format"
    assert "vacances.jpg" in error.value.messages[0]


def test_other_image_formats_are_refused():
    with pytest.raises(ValidationError) as error:
        check_photo(upload("anim.gif", image_bytes("GIF"), "image/gif"))
    assert error.value.code == "format"


def test_a_file_over_10_mb_is_refused():
    content = image_bytes() + b"\0" * (MAX_BYTES + 1)
    with pytest.raises(ValidationError) as error:
        check_photo(upload("big.jpg", content))
    assert error.value.code == "too_big"


def test_an_image_over_40_megapixels_is_refused_before_decoding():
    buffer = io.BytesIO()
    Image.new("1", (8000, 5001)).save(buffer, format="PNG")  # 40,008,000 pixels, a small file
    assert len(buffer.getvalue()) < MAX_BYTES
    with pytest.raises(ValidationError) as error:
        check_photo(upload("huge.png", buffer.getvalue(), "image/png"))
    assert error.value.code == "too_many_pixels"


@pytest.mark.parametrize("fmt, ext", [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_jpeg_png_and_webp_are_accepted_and_re_encoded(fmt, ext):
    clean = prepare_photo(upload(f"photo.{ext}", image_bytes(fmt)))
    assert clean.content.name == f"photo.{ext}"
    with Image.open(io.BytesIO(clean.content.read())) as image:
        assert image.format == fmt


def test_gps_exif_is_stripped_and_orientation_applied():
    original = image_bytes("JPEG", size=(80, 40), exif=_exif_with_gps_and_orientation())
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get_ifd(0x8825)  # the fixture really carries GPS
    clean = prepare_photo(upload("phone.jpg", original))
    data = clean.content.read()
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (40, 80)  # turned upright
        assert not image.getexif()  # no EXIF at all, so no GPS and no stale orientation
        assert "exif" not in image.info
    assert b"PhoneMaker" not in data
    assert b"Exif" not in data
