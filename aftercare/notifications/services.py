"""Writes for notifications: inbox messages and outside-channel deliveries (sent after commit)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from aftercare.kernel import masking
from aftercare.notifications.backends import OutboundMessage, backend_for
from aftercare.notifications.choices import DeliveryStatus, NotificationChannel
from aftercare.notifications.models import Delivery, InboxMessage


def inbox_post(*, recipient_id: int, kind: str, title: str, body: str = "", link: str = "") -> InboxMessage:
    """Put a message in a user's in-app inbox (inside the caller's transaction)."""
    return InboxMessage.objects.create(recipient_id=recipient_id, kind=kind, title=title, body=body, link=link)


def inbox_mark_read(*, recipient_id: int, message_id: int) -> int:
    """Mark one of the recipient's messages read; returns 0 when it is not theirs or missing."""
    return InboxMessage.objects.filter(pk=message_id, recipient_id=recipient_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def inbox_mark_all_read(*, recipient_id: int) -> int:
    """Mark every unread message of the recipient read."""
    return InboxMessage.objects.filter(recipient_id=recipient_id, read_at__isnull=True).update(read_at=timezone.now())


def _masked(channel: str, address: str) -> str:
    if channel == NotificationChannel.SMS:
        return masking.mask_phone(address)
    if channel == NotificationChannel.EMAIL:
        return masking.mask_email(address)
    return address[:4] + "…"


def message_send(*, channel: str, address: str, kind: str, subject: str, text: str) -> Delivery:
    """Record a delivery and queue it for sending once the surrounding transaction commits."""
    from aftercare.notifications.tasks import delivery_send

    delivery = Delivery.objects.create(channel=channel, address_masked=_masked(channel, address), kind=kind)
    transaction.on_commit(
        lambda: delivery_send.enqueue(delivery_id=delivery.pk, address=address, subject=subject, text=text)
    )
    return delivery


def delivery_send(*, delivery_id: int, address: str, subject: str, text: str) -> str:
    """Send one delivery through its adapter and record the outcome; idempotent once sent."""
    delivery = Delivery.objects.get(pk=delivery_id)
    if delivery.status == DeliveryStatus.SENT:
        return delivery.status
    result = backend_for(delivery.channel).send(
        OutboundMessage(channel=delivery.channel, address=address, kind=delivery.kind, subject=subject, text=text)
    )
    delivery.status = DeliveryStatus.SENT if result.ok else DeliveryStatus.FAILED
    delivery.provider_reference = result.reference[:100]
    delivery.error = result.error[:300]
    delivery.sent_at = timezone.now() if result.ok else None
    delivery.save(update_fields=["status", "provider_reference", "error", "sent_at"])
    return delivery.status
