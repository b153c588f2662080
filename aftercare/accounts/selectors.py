"""Reads of login data; a user only sees their own tokens."""

from __future__ import annotations

from django.db.models import QuerySet

from aftercare.accounts.models import ApiToken


def api_token_list(*, user_id: int) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).order_by("-id")
