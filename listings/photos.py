"""Checking and cleaning uploaded photos. Judged by content, never by name or declared type.

A photo must be JPEG, PNG or WebP, at most MAX_BYTES and MAX_PIXELS. The size in pixels is read
from the header before anything is decoded (a small file can declare a huge image). Accepted
photos are re-encoded after applying the EXIF orientation, and saved without any metadata (EXIF
with its GPS coordinates, XMP, comments, ICC profile after converting to sRGB), so nothing about the
member's phone or whereabouts leaves it; thumbnails are made from that clean file."""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400  # stored size; thumbnails are made from it
FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("webp", "WEBP")}


@dataclass(frozen=True)
class CleanPhoto:
    content: ContentFile
    width: int
    height: int


def _invalid(message, code, **params):
    return ValidationError(message, code=code, params=params)


def check_photo(upload) -> str:
    """Validate without decoding the pixels. Returns Pillow's format name or raises ValidationError."""
    name = getattr(upload, "name", "") or ""
    if upload.size > MAX_BYTES:
        raise _invalid(_("« %(name)s » dépasse 10 Mo."), "too_big", name=name)
    upload.seek(0)
    try:
        # formats=: Pillow only tries the decoders we accept, never one of its many other plugins
        # (EPS through Ghostscript, PSD, TGA…) on a hostile file. Reads the header only.
        with Image.open(upload, formats=list(FORMATS)) as image:
            image_format = image.format
            width, height = image.size
            if image_format not in FORMATS:
                raise _invalid(_("« %(name)s » n'est pas une photo JPEG, PNG ou WebP."), "format", name=name)
            if width * height > MAX_PIXELS:
                raise _invalid(_("« %(name)s » est trop grande (40 mégapixels au plus)."), "too_many_pixels", name=name)
            image.verify()  # structure check, still without decoding the whole image
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _invalid(_("« %(name)s » n'est pas une photo JPEG, PNG ou WebP."), "format", name=name) from error
    finally:
        upload.seek(0)
    return image_format


_DISPLAY_INFO = {"transparency"}


def _to_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from the photo's embedded ICC profile (a phone's Display P3…) to sRGB, so
    that dropping the profile, which names the device, does not change how the photo looks."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, source, target, outputMode=image.mode if image.mode != "L" else "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: keep the pixels as they are


def prepare_photo(upload) -> CleanPhoto:
    """check_photo, then decode, apply orientation, shrink to MAX_SIDE and re-encode without EXIF."""
    image_format = check_photo(upload)
    extension, save_as = FORMATS[image_format]
    try:
        with Image.open(upload, formats=list(FORMATS)) as source:
            source.load()
            image = ImageOps.exif_transpose(source)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise _invalid(_("« %(name)s » est illisible ou abîmée."), "corrupt", name=upload.name) from error
    finally:
        upload.seek(0)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image = _to_srgb(image)
    if save_as == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Pillow carries some of the source's metadata into the new file unless told otherwise (the
    # JPEG comment, for one): keep only what displaying needs, a PNG's transparent colour.
    image.info = {key: value for key, value in image.info.items() if key in _DISPLAY_INFO}
    output = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 85}, "PNG": {"optimize": True}}
    image.save(output, format=save_as, **options[save_as])
    return CleanPhoto(ContentFile(output.getvalue(), name=f"photo.{extension}"), image.width, image.height)
