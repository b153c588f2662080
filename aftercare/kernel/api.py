"""API building blocks shared by every app's router: bounded ids and pagination."""

from __future__ import annotations

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination

from aftercare.kernel.errors import DomainError

# Ids and offsets beyond these bounds cannot exist; bounding them keeps both SQLite (64-bit) and
# PostgreSQL (bigint) from raising overflow errors on hostile input.
MAX_ID = 2**53
MAX_OFFSET = 1_000_000

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


def query_text(value: str, *, field: str, max_length: int) -> str:
    """A search or filter string from the query, refused with a field error when too long."""
    if len(value) > max_length:
        message = _("Use at most %(max)s characters.") % {"max": max_length}
        raise DomainError(
            "invalid_input", _("Please correct the highlighted fields."), fields={field: [message]}, status=422
        )
    return value.strip()


class Page(LimitOffsetPagination):
    """limit (1–100, default 20) and offset (0–1,000,000)."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=100)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
