"""Inbox endpoints: a user only ever reaches their own messages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.pagination import paginate

from aftercare.kernel.api import ObjectId, Page
from aftercare.kernel.errors import NotFound
from aftercare.kernel.http import actor_of
from aftercare.notifications import selectors, services
from aftercare.notifications.models import InboxMessage
from aftercare.notifications.schemas import InboxMessageOut, MarkedOut

router = Router()


def _user_id(request: HttpRequest) -> int:
    return actor_of(request).user_id or 0


@router.get("", response=list[InboxMessageOut], summary="My inbox, newest first")
@paginate(Page)
def inbox_list(request: HttpRequest, unread: bool = False) -> QuerySet[InboxMessage]:
    return selectors.inbox_list(recipient_id=_user_id(request), unread_only=unread)


@router.post("/{message_id}/read", response=MarkedOut, summary="Mark one message read")
def inbox_read(request: HttpRequest, message_id: ObjectId) -> dict[str, int]:
    if not selectors.inbox_list(recipient_id=_user_id(request)).filter(pk=message_id).exists():
        raise NotFound("message_not_found", _("Message not found."))
    return {"marked": services.inbox_mark_read(recipient_id=_user_id(request), message_id=message_id)}


@router.post("/read-all", response=MarkedOut, summary="Mark every message read")
def inbox_read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": services.inbox_mark_all_read(recipient_id=_user_id(request))}
