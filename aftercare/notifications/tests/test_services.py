"""Inbox messages and outside-channel deliveries (sent after commit, through swappable backends)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from aftercare.notifications import selectors, services
from aftercare.notifications.backends import MemoryBackend, OutboundMessage, SendResult, backend_for
from aftercare.notifications.models import Delivery, InboxMessage

pytestmark = pytest.mark.django_db


class FailingBackend:
    """A provider that refuses everything (a fake, selected through settings)."""

    sent: list[OutboundMessage] = []

    def send(self, message: OutboundMessage) -> SendResult:
        FailingBackend.sent.append(message)
        return SendResult(ok=False, error="quota exceeded " + "x" * 400)


@pytest.fixture
def users():
    model = get_user_model()
    return model.objects.create_user(username="a"), model.objects.create_user(username="b")


def test_inbox_is_per_recipient_and_newest_first(users) -> None:
    a, b = users
    first = services.inbox_post(recipient_id=a.pk, kind="k", title="one")
    second = services.inbox_post(recipient_id=a.pk, kind="k", title="two", body="text", link="/my/")
    services.inbox_post(recipient_id=b.pk, kind="k", title="not yours")
    assert list(selectors.inbox_list(recipient_id=a.pk)) == [second, first]
    assert selectors.inbox_unread_count(recipient_id=a.pk) == 2


def test_marking_read_only_touches_the_recipients_own_message(users) -> None:
    a, b = users
    mine = services.inbox_post(recipient_id=a.pk, kind="k", title="mine")
    assert services.inbox_mark_read(recipient_id=b.pk, message_id=mine.pk) == 0
    mine.refresh_from_db()
    assert mine.read_at is None
    assert services.inbox_mark_read(recipient_id=a.pk, message_id=mine.pk) == 1
    assert services.inbox_mark_read(recipient_id=a.pk, message_id=mine.pk) == 0  # already read
    assert list(selectors.inbox_list(recipient_id=a.pk, unread_only=True)) == []


def test_mark_all_read(users) -> None:
    a, b = users
    for n in range(3):
        services.inbox_post(recipient_id=a.pk, kind="k", title=str(n))
    services.inbox_post(recipient_id=b.pk, kind="k", title="b")
    assert services.inbox_mark_all_read(recipient_id=a.pk) == 3
    assert selectors.inbox_unread_count(recipient_id=a.pk) == 0
    assert selectors.inbox_unread_count(recipient_id=b.pk) == 1
    assert InboxMessage.objects.filter(read_at__isnull=True).count() == 1


@pytest.mark.parametrize(
    ("channel", "address", "masked"),
    [
        ("sms", "+8613812345678", "138****5678"),
        ("email", "duan@example.com", "d*****@example.com"),
        ("wechat", "oAbcdef123", "oAbc…"),
    ],
)
def test_a_delivery_is_recorded_masked_and_sent_after_commit(
    channel, address, masked, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        delivery = services.message_send(channel=channel, address=address, kind="reminder", subject="S", text="T")
        assert MemoryBackend.outbox == []
    delivery.refresh_from_db()
    assert (delivery.address_masked, delivery.status, delivery.provider_reference) == (masked, "sent", "memory-1")
    assert delivery.sent_at is not None
    assert MemoryBackend.outbox == [OutboundMessage(channel, address, "reminder", "S", "T")]
    assert address not in Delivery.objects.values_list("address_masked", flat=True)


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.message_send(channel="sms", address="+8613812345678", kind="k", subject="s", text="t")
    assert len(callbacks) == 1 and MemoryBackend.outbox == []


def test_sending_again_after_success_is_a_no_op() -> None:
    delivery = Delivery.objects.create(channel="sms", address_masked="x", kind="k")
    args = {"delivery_id": delivery.pk, "address": "+8613812345678", "subject": "s", "text": "t"}
    assert services.delivery_send(**args) == "sent"
    assert services.delivery_send(**args) == "sent"
    assert len(MemoryBackend.outbox) == 1


def test_a_provider_failure_is_recorded(settings) -> None:
    settings.AFTERCARE_NOTIFICATION_BACKENDS = {
        **settings.AFTERCARE_NOTIFICATION_BACKENDS,
        "sms": f"{__name__}.FailingBackend",
    }
    FailingBackend.sent.clear()
    delivery = Delivery.objects.create(channel="sms", address_masked="x", kind="k")
    assert services.delivery_send(delivery_id=delivery.pk, address="+8613812345678", subject="s", text="t") == "failed"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.sent_at) == ("failed", None)
    assert delivery.error.startswith("quota exceeded") and len(delivery.error) == 300
    assert len(FailingBackend.sent) == 1 and MemoryBackend.outbox == []


def test_backend_for_reads_settings() -> None:
    assert isinstance(backend_for("sms"), MemoryBackend)
    with pytest.raises(KeyError):
        backend_for("pigeon")
