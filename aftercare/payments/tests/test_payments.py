"""Payment requests with idempotency keys, and webhooks: signature-checked, deduplicated, never counted twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from aftercare.kernel.errors import DomainError, NotFound
from aftercare.network.tests.factories import UserFactory
from aftercare.payments import rules
from aftercare.payments.models import PaymentRequest, WebhookEvent
from aftercare.payments.providers import SIGNATURE_HEADER, FakeProvider, enabled_providers, provider_get
from aftercare.payments.services import payment_request_create, webhook_receive

pytestmark = pytest.mark.django_db
D = Decimal


def fake() -> FakeProvider:
    provider = provider_get("fake")
    assert isinstance(provider, FakeProvider)
    return provider


def request(user_id: int, key: str = "order-0001", amount: str = "662.40", channel: str = "wechat", ref: str = "inv:1"):
    return payment_request_create(
        user_id=user_id, idempotency_key=key, reference=ref, amount=D(amount), channel=channel, description="测试"
    )


def notify(payment: PaymentRequest, *, succeeded: bool = True, event_id: str = "", amount: Decimal | None = None):
    return fake().notification(
        provider_ref=payment.provider_ref,
        amount=amount or payment.amount,
        succeeded=succeeded,
        now=timezone.now(),
        event_id=event_id,
    )


def test_the_same_key_and_body_replays_the_first_request() -> None:
    user = UserFactory()
    first = request(user.pk)
    again = request(user.pk)
    assert not first.replayed and again.replayed
    assert again.payment.pk == first.payment.pk and PaymentRequest.objects.count() == 1


def test_the_same_key_with_a_different_body_is_refused() -> None:
    user = UserFactory()
    request(user.pk)
    for change in ({"amount": "1.00"}, {"channel": "alipay"}, {"ref": "inv:2"}):
        with pytest.raises(DomainError) as caught:
            request(user.pk, **change)
        assert (caught.value.code, caught.value.status) == ("idempotency_key_reused", 409)
    assert PaymentRequest.objects.count() == 1


def test_keys_are_per_user_and_must_look_like_keys() -> None:
    a, b = UserFactory(), UserFactory()
    request(a.pk, ref="inv:a")
    assert not request(b.pk, ref="inv:b").replayed
    for bad in ("short", "has space in it", "x" * 65, ""):
        with pytest.raises(DomainError) as caught:
            request(a.pk, key=bad)
        assert caught.value.code == "idempotency_key_invalid"
    with pytest.raises(DomainError) as caught:
        request(a.pk, key="another-key", channel="paypal")
    assert caught.value.code == "payment_channel_invalid"


def test_a_webhook_counts_once_however_often_it_arrives() -> None:
    payment = request(UserFactory().pk).payment
    body, headers = notify(payment, event_id="evt_1")
    outcomes = [webhook_receive(provider_name="fake", body=body, headers=headers).outcome for _ in range(3)]
    assert outcomes == ["applied", "duplicate", "duplicate"]
    payment.refresh_from_db()
    assert payment.status == "succeeded" and WebhookEvent.objects.count() == 1
    # A second, different event for the same payment changes nothing either.
    body2, headers2 = notify(payment, event_id="evt_2")
    assert webhook_receive(provider_name="fake", body=body2, headers=headers2).outcome == "already_final"


def test_a_second_payment_for_a_paid_reference_is_refused_and_never_counted() -> None:
    user = UserFactory()
    first = request(user.pk, key="first-key-1").payment
    second = request(user.pk, key="second-key-2").payment  # both opened before either was paid
    body1, headers1 = notify(first)
    assert webhook_receive(provider_name="fake", body=body1, headers=headers1).outcome == "applied"
    body, headers = notify(second)
    assert webhook_receive(provider_name="fake", body=body, headers=headers).outcome == "already_paid"
    assert PaymentRequest.objects.filter(reference="inv:1", status="succeeded").count() == 1
    with pytest.raises(DomainError) as caught:
        request(user.pk, key="third-key-3")
    assert caught.value.code == "already_paid"


def test_bad_signatures_old_timestamps_and_wrong_amounts_change_nothing() -> None:
    payment = request(UserFactory().pk).payment
    body, headers = notify(payment)
    tampered = body.replace(b'"662.40"', b'"0.01"')
    with pytest.raises(DomainError) as caught:
        webhook_receive(provider_name="fake", body=tampered, headers=headers)
    assert (caught.value.code, caught.value.status) == ("signature_invalid", 401)
    with pytest.raises(DomainError):
        webhook_receive(provider_name="fake", body=body, headers={})
    old = fake().notification(
        provider_ref=payment.provider_ref,
        amount=payment.amount,
        succeeded=True,
        now=timezone.now() - dt.timedelta(hours=1),
    )
    with pytest.raises(DomainError):
        webhook_receive(provider_name="fake", body=old[0], headers=old[1])
    wrong = notify(payment, amount=D("1.00"))
    assert webhook_receive(provider_name="fake", body=wrong[0], headers=wrong[1]).outcome == "amount_mismatch"
    payment.refresh_from_db()
    assert payment.status == "pending"
    with pytest.raises(NotFound):
        webhook_receive(provider_name="wechatpay", body=body, headers=headers)


def test_the_signature_rule() -> None:
    header = rules.sign(secret=b"k", timestamp=1000, body=b"{}")
    assert rules.signature_valid(secret=b"k", header=header, body=b"{}", now=1000 + 299)
    assert not rules.signature_valid(secret=b"k", header=header, body=b"{}", now=1000 + 301)
    assert not rules.signature_valid(secret=b"other", header=header, body=b"{}", now=1000)
    assert not rules.signature_valid(secret=b"k", header="t=abc,v1=00", body=b"{}", now=1000)


def test_the_fake_provider_is_off_under_production_settings_unless_configured() -> None:
    with override_settings(SETTINGS_MODULE="aftercare.settings.production"):
        assert enabled_providers() == ()
        with pytest.raises(NotFound):
            provider_get("fake")
    with override_settings(SETTINGS_MODULE="aftercare.settings.production", AFTERCARE_PAYMENT_PROVIDERS=["fake"]):
        assert enabled_providers() == ("fake",)


def test_the_webhook_endpoint_is_public_and_signature_checked(client: Client) -> None:
    payment = request(UserFactory().pk).payment
    body, headers = notify(payment, event_id="evt_http")
    url = "/api/v1/payments/webhooks/fake"
    bad = client.post(url, data=body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 401 and bad.json()["code"] == "signature_invalid"
    extra = {f"HTTP_{SIGNATURE_HEADER.upper().replace('-', '_')}": headers[SIGNATURE_HEADER]}
    ok = client.post(url, data=body, content_type="application/json", **extra)
    assert ok.status_code == 200 and ok.json() == {"outcome": "applied"}
    again = client.post(url, data=body, content_type="application/json", **extra)
    assert again.json() == {"outcome": "duplicate"}
    assert WebhookEvent.objects.get().payload["id"] == "evt_http"
