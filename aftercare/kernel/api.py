"""API building blocks shared by every app's router: bounded ids and pagination."""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import LimitOffsetPagination

# Ids and offsets beyond these bounds cannot exist; bounding them keeps both SQLite (64-bit) and
# PostgreSQL (bigint) from raising overflow errors on hostile input.
MAX_ID = 2**53
MAX_OFFSET = 1_000_000

ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


class Page(LimitOffsetPagination):
    """limit (1–100, default 20) and offset (0–1,000,000)."""

    class Input(Schema):
        limit: int = Field(20, ge=1, le=100)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
