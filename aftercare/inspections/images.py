"""Photo uploads: checked with Pillow, re-encoded without metadata (no GPS), bounded in bytes and pixels."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from aftercare.inspections import errors

MAX_BYTES = 10 * 1024 * 1024  # what a phone camera produces, with headroom
MAX_PIXELS = 50_000_000  # refuse decompression bombs before decoding
MAX_EDGE = 2560  # stored photos are scaled down to this longest edge
ACCEPTED = {"JPEG", "PNG", "WEBP", "MPO"}


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    content_type: str
    width: int
    height: int


def clean(upload: IO[bytes], *, size: int | None) -> CleanImage:
    """A JPEG re-encoded from the upload, or a DomainError saying what is wrong with it."""
    if size is not None and size > MAX_BYTES:
        raise errors.photo_invalid(_("The photo is larger than 10 MB. Take it again at a lower resolution."))
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise errors.photo_invalid(_("The photo is larger than 10 MB. Take it again at a lower resolution."))
    if not raw:
        raise errors.photo_invalid(_("The photo is empty."))
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            fmt = probe.format or ""
            if probe.width * probe.height > MAX_PIXELS:
                raise errors.photo_invalid(_("The photo has too many pixels."))
            probe.verify()
        image = Image.open(io.BytesIO(raw))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise errors.photo_invalid(_("This file is not a photo. Upload a JPEG, PNG or WebP image.")) from exc
    if fmt not in ACCEPTED:
        raise errors.photo_invalid(_("This file is not a photo. Upload a JPEG, PNG or WebP image."))
    upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((MAX_EDGE, MAX_EDGE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=85, optimize=True)
    return CleanImage(out.getvalue(), "image/jpeg", upright.width, upright.height)
