"""Reads of a user's inbox; a user only ever sees their own."""

from __future__ import annotations

from django.db.models import QuerySet

from aftercare.notifications.models import InboxMessage


def inbox_list(*, recipient_id: int, unread_only: bool = False) -> QuerySet[InboxMessage]:
    """The recipient's messages, newest first."""
    qs = InboxMessage.objects.filter(recipient_id=recipient_id)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def inbox_unread_count(*, recipient_id: int) -> int:
    """How many unread messages the recipient has."""
    return InboxMessage.objects.filter(recipient_id=recipient_id, read_at__isnull=True).count()
