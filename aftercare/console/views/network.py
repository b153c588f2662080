"""Console pages about the network: stores, their hours, bays and staff; the staff member's inbox."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.kernel.http import actor_of
from aftercare.network.selectors import staff_list, store_get, store_list
from aftercare.notifications.selectors import inbox_list, inbox_unread_count
from aftercare.notifications.services import inbox_mark_all_read, inbox_mark_read

INBOX_PAGE_SIZE = 20


@staff_page
def stores(request: HttpRequest) -> HttpResponse:
    """Stores in the actor's scope, with bay and staff counts."""
    return render(request, "console/store_list.html", {"stores": store_list(actor=actor_of(request))})


@staff_page
def store_detail(request: HttpRequest, store_id: int) -> HttpResponse:
    """Address, opening hours, bays with their skills, and staff by role and level."""
    actor = actor_of(request)
    store = store_get(actor=actor, store_id=store_id)
    context = {"store": store, "bays": store.bays.all(), "staff": staff_list(actor=actor, store_id=store.pk)}
    return render(request, "console/store_detail.html", context)


@staff_page
def inbox(request: HttpRequest) -> HttpResponse:
    """The staff member's own messages, newest first."""
    user_id = actor_of(request).user_id or 0
    messages = inbox_list(recipient_id=user_id)
    page = Paginator(messages, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    unread = inbox_unread_count(recipient_id=user_id) > 0
    return render(request, "console/inbox.html", {"page": page, "unread": unread})


@staff_page
@require_POST
def inbox_read(request: HttpRequest, message_id: int) -> HttpResponse:
    """Mark one of my messages read; someone else's message is a 404."""
    user_id = actor_of(request).user_id or 0
    if not inbox_list(recipient_id=user_id).filter(pk=message_id).exists():
        raise Http404("message_not_found")
    inbox_mark_read(recipient_id=user_id, message_id=message_id)
    return redirect("console:inbox")


@staff_page
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every message of mine read."""
    inbox_mark_all_read(recipient_id=actor_of(request).user_id or 0)
    return redirect("console:inbox")
