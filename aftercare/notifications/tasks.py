"""Background delivery of outside-channel messages."""

from __future__ import annotations

from django_tasks import task

from aftercare.notifications import services


@task()
def delivery_send(delivery_id: int, address: str, subject: str, text: str) -> str:
    """Hand one pending delivery to its channel's adapter; a delivery already sent is left alone."""
    return services.delivery_send(delivery_id=delivery_id, address=address, subject=subject, text=text)
