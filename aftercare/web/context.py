"""Template context shared by every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from aftercare.kernel.http import actor_of
from aftercare.notifications.selectors import inbox_unread_count


def actor(request: HttpRequest) -> dict[str, Any]:
    """The actor and their unread-inbox count, computed only when a template uses them."""
    current = actor_of(request)

    def unread() -> int:
        return inbox_unread_count(recipient_id=current.user_id) if current.user_id else 0

    return {"actor": current, "inbox_unread": unread}
