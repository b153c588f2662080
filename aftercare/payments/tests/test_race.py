"""Races on PostgreSQL: the same webhook delivered in parallel counts once; parallel requests with one key
make one payment request; two different payments for one reference never both succeed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from aftercare.kernel.tests.racing import postgres_only  # noqa: F401 - autouse fixture
from aftercare.network.tests.factories import UserFactory
from aftercare.payments.models import PaymentRequest, WebhookEvent
from aftercare.payments.providers import FakeProvider, provider_get
from aftercare.payments.services import payment_request_create, webhook_receive
from tests.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _request(user_id: int, key: str):
    return payment_request_create(
        user_id=user_id,
        idempotency_key=key,
        reference="inv:race",
        amount=Decimal("388.00"),
        channel="alipay",
        description="x",
    )


def test_the_same_webhook_eight_times_at_once_counts_once() -> None:
    payment = _request(UserFactory().pk, "race-key-1").payment
    provider = provider_get("fake")
    assert isinstance(provider, FakeProvider)
    body, headers = provider.notification(
        provider_ref=payment.provider_ref,
        amount=payment.amount,
        succeeded=True,
        now=timezone.now(),
        event_id="evt_race",
    )
    results = race(8, lambda i: webhook_receive(provider_name="fake", body=body, headers=headers).outcome)
    assert sorted(results) == ["applied"] + ["duplicate"] * 7, results
    assert WebhookEvent.objects.count() == 1
    assert PaymentRequest.objects.get(pk=payment.pk).status == "succeeded"


def test_different_events_for_two_payments_of_one_reference_pay_it_once() -> None:
    user = UserFactory()
    payments = [_request(user.pk, f"race-key-{i}{i}{i}").payment for i in range(4)]
    provider = provider_get("fake")
    assert isinstance(provider, FakeProvider)
    notes = [
        provider.notification(provider_ref=p.provider_ref, amount=p.amount, succeeded=True, now=timezone.now())
        for p in payments
    ]
    results = race(4, lambda i: webhook_receive(provider_name="fake", body=notes[i][0], headers=notes[i][1]).outcome)
    assert sorted(results) == ["already_paid", "already_paid", "already_paid", "applied"], results
    assert PaymentRequest.objects.filter(reference="inv:race", status="succeeded").count() == 1


def test_one_idempotency_key_sent_six_times_at_once_makes_one_request() -> None:
    user = UserFactory()
    results = race(6, lambda i: _request(user.pk, "same-key-000").payment.pk)
    assert len({r for r in results if isinstance(r, int)}) == 1, results
    assert PaymentRequest.objects.count() == 1
