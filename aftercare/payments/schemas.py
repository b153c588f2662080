"""API shapes for payments."""

from __future__ import annotations

from ninja import Schema


class WebhookOut(Schema):
    outcome: str
