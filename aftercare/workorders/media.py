"""Photo and video uploads: checked by content (Pillow for images, magic bytes for video), re-encoded without
EXIF (no GPS position leaves the workshop), stored under random names in Django storage."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 12 * 1024 * 1024
MAX_VIDEO_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2048
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "MPO"})


@dataclass(frozen=True)
class CleanMedia:
    """An upload that passed the checks, ready to store."""

    content: ContentFile[bytes]
    content_type: str
    size: int
    width: int | None = None
    height: int | None = None


def _read(upload: Any, limit: int) -> bytes | None:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        return None
    data: bytes = upload.read(limit + 1)
    return None if len(data) > limit else data


def image_clean(upload: Any) -> tuple[CleanMedia | None, str]:
    """A JPEG/PNG/WebP photo, re-encoded as a JPEG of at most 2048 px; else (None, the reason)."""
    data = _read(upload, MAX_IMAGE_BYTES)
    if data is None:
        return None, _("A photo may be at most 12 MB.")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in IMAGE_FORMATS:
                return None, _("Upload a JPEG, PNG or WebP photo.")
            if probe.width * probe.height > MAX_PIXELS:
                return None, _("This photo has too many pixels.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            img = ImageOps.exif_transpose(opened).convert("RGB")
            img.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            img.save(out, format="JPEG", quality=85, optimize=True)
            width, height = img.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None, _("This file is not a photo we can read.")
    body = out.getvalue()
    name = f"{uuid.uuid4().hex}.jpg"
    return CleanMedia(ContentFile(body, name=name), "image/jpeg", len(body), width, height), ""


def _video_type(head: bytes) -> str | None:
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return "video/mp4"
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return "video/webm"
    return None


def media_clean(upload: Any) -> tuple[CleanMedia | None, str]:
    """A photo (as image_clean) or a short MP4/WebM video of at most 30 MB."""
    head = upload.read(16)
    upload.seek(0)
    kind = _video_type(head)
    if kind is None:
        return image_clean(upload)
    data = _read(upload, MAX_VIDEO_BYTES)
    if data is None:
        return None, _("A video may be at most 30 MB.")
    ext = "mp4" if kind == "video/mp4" else "webm"
    return CleanMedia(ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}"), kind, len(data)), ""
