"""The inbox pages, the same for staff and owners: each person sees and marks only their own messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aftercare.kernel.http import actor_of
from aftercare.notifications.selectors import inbox_list, inbox_unread_count
from aftercare.notifications.services import inbox_mark_all_read, inbox_mark_read
from aftercare.pages.access import View

INBOX_PAGE_SIZE = 20


class InboxViews(NamedTuple):
    inbox: View
    read: View
    read_all: View


def inbox_views(guard: Callable[[View], View], *, template: str, inbox_url_name: str) -> InboxViews:
    """The three inbox views behind a portal's page guard, rendering `template`, returning to `inbox_url_name`."""

    def inbox(request: HttpRequest) -> HttpResponse:
        """My messages, newest first."""
        user_id = actor_of(request).user_id or 0
        page = Paginator(inbox_list(recipient_id=user_id), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
        unread = inbox_unread_count(recipient_id=user_id) > 0
        return render(request, template, {"page": page, "unread": unread})

    def read(request: HttpRequest, message_id: int) -> HttpResponse:
        """Mark one of my messages read; someone else's message is a 404."""
        user_id = actor_of(request).user_id or 0
        if not inbox_list(recipient_id=user_id).filter(pk=message_id).exists():
            raise Http404("message_not_found")
        inbox_mark_read(recipient_id=user_id, message_id=message_id)
        return redirect(inbox_url_name)

    def read_all(request: HttpRequest) -> HttpResponse:
        """Mark every message of mine read."""
        inbox_mark_all_read(recipient_id=actor_of(request).user_id or 0)
        return redirect(inbox_url_name)

    return InboxViews(guard(inbox), guard(require_POST(read)), guard(require_POST(read_all)))
