"""The vehicle-licence photo: checked with Pillow, re-encoded without its metadata, stored under a random name.

Re-encoding keeps only the pixels: no GPS position or camera data from the phone, and no bytes of the upload
that are not an image. The stored file is served only through access-checked views.
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from aftercare.homecoming.errors import FieldErrors

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000
MIN_SIDE = 200
STORED_LONG_SIDE = 2400
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
CONTENT_TYPE = "image/jpeg"


def _read(upload: IO[bytes] | bytes | None, problems: FieldErrors) -> bytes | None:
    if upload is None:
        problems.setdefault("photo", []).append(_("Add a photo of the vehicle licence (行驶证)."))
        return None
    if isinstance(upload, bytes):
        data = upload
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_BYTES:
            data = b"x" * (MAX_BYTES + 1)
        else:
            upload.seek(0)
            data = upload.read(MAX_BYTES + 1)
    if not data:
        problems.setdefault("photo", []).append(_("Add a photo of the vehicle licence (行驶证)."))
        return None
    if len(data) > MAX_BYTES:
        problems.setdefault("photo", []).append(
            _("The photo is too large: at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
        )
        return None
    return data


def photo_clean(upload: IO[bytes] | bytes | None, problems: FieldErrors) -> ContentFile[bytes] | None:
    """A JPEG, PNG or WebP photo of readable size, as a fresh JPEG ready to store; else a message under 'photo'."""
    data = _read(upload, problems)
    if data is None:
        return None
    unreadable = _("This file is not a photo we can read. Upload a JPEG, PNG or WebP picture.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                problems.setdefault("photo", []).append(unreadable)
                return None
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            if min(width, height) < MIN_SIDE:
                problems.setdefault("photo", []).append(
                    _("The photo is too small to read (at least %(px)s pixels on each side).") % {"px": MIN_SIDE}
                )
                return None
            upright = ImageOps.exif_transpose(image).convert("RGB")
            upright.thumbnail((STORED_LONG_SIDE, STORED_LONG_SIDE))
            out = io.BytesIO()
            upright.save(out, format="JPEG", quality=85, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        message = _("The photo has too many pixels. Take it again at a lower resolution.")
        problems.setdefault("photo", []).append(message)
        return None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        problems.setdefault("photo", []).append(unreadable)
        return None
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
