"""The public history page behind the QR code: verification status, masking, rollbacks, revocation, 429."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from aftercare.history import services as history
from aftercare.history.models import HistoryEvent
from aftercare.network.tests.factories import StaffFactory, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles import services as vehicles
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = pytest.mark.django_db

T = dt.datetime(2025, 5, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def car():
    advisor = StaffFactory()
    owner = OwnerFactory(name="段小明", phone="+8613900001234")
    vehicle = vehicle_with_owner(dealer_group=advisor.store.dealer_group, owner=owner, advisor=advisor)
    actor = actor_of_staff(advisor)
    for i, km in enumerate([12_000, 30_500, 18_000]):  # the third is a rollback
        vehicles.odometer_record(actor=actor, vehicle_id=vehicle.pk, km=km, read_at=T + dt.timedelta(days=90 * i))
    history.checkpoint_publish()
    share = history.share_issue(vehicle_id=vehicle.pk, user_id=None)
    return vehicle, owner, share


def _page(client: Client, token: str, lang: str = "en"):
    return client.get(reverse("public:vehicle-history", args=[token]), {"lang": lang})


def test_token_has_at_least_128_bits(car) -> None:
    _, _, share = car
    assert len(share.token) >= 22 and re.fullmatch(r"[A-Za-z0-9_-]+", share.token)


def test_page_shows_each_event_verified_and_the_checkpoint(client: Client, car) -> None:
    vehicle, _, share = car
    response = _page(client, share.token)
    html = response.content.decode()
    assert response.status_code == 200
    assert vehicle.vin[-6:] in html
    assert html.count('badge badge-ok"><svg') >= 3 or html.count("Verified") >= 3
    assert "Published checkpoint" in html and "covering the first 3 entries" in html
    assert response["X-Robots-Tag"].startswith("noindex") and "no-store" in response["Cache-Control"]


def test_rollback_is_flagged_prominently(client: Client, car) -> None:
    _, _, share = car
    html = _page(client, share.token).content.decode()
    assert "Odometer rollback suspected" in html
    assert "18,000" in html and "30,500" in html


def test_personal_data_is_masked(client: Client, car) -> None:
    vehicle, owner, share = car
    html = _page(client, share.token).content.decode()
    assert owner.name not in html and "13900001234" not in html and "1234" not in html.replace(vehicle.vin, "")
    assert vehicle.plate not in html
    assert f'"to_owner":{owner.pk}' not in html


def test_an_event_altered_in_the_database_shows_as_altered(client: Client, car) -> None:
    vehicle, _, share = car
    event = HistoryEvent.objects.filter(vehicle=vehicle, event_type="ODOMETER_RECORDED").order_by("pk").last()
    HistoryEvent.objects.filter(pk=event.pk).update(payload={**event.payload, "km": 31_000})
    html = _page(client, share.token).content.decode()
    assert "Altered" in html and "1 failed verification" in html


def test_events_after_the_checkpoint_are_pending(client: Client, car) -> None:
    vehicle, _, share = car
    advisor = StaffFactory(store__dealer_group=vehicle.dealer_group)
    vehicles.odometer_record(actor=actor_of_staff(advisor), vehicle_id=vehicle.pk, km=40_000)
    html = _page(client, share.token).content.decode()
    assert "Pending" in html and "1 awaiting the next checkpoint" in html


def test_revoked_and_unknown_tokens_are_404(client: Client, car) -> None:
    vehicle, _, share = car
    history.share_revoke(vehicle_id=vehicle.pk)
    assert _page(client, share.token).status_code == 404
    assert _page(client, "x" * 24).status_code == 404
    fresh = history.share_issue(vehicle_id=vehicle.pk, user_id=None)
    assert fresh.token != share.token and _page(client, fresh.token).status_code == 200


def test_too_many_requests_get_a_bilingual_429(client: Client, car, settings) -> None:
    _, _, share = car
    settings.AFTERCARE_RATE_LIMITS = {"history_page": 2}
    assert [_page(client, share.token).status_code for _ in range(2)] == [200, 200]
    response = _page(client, share.token)
    html = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Too many requests" in html and "Please wait a minute" in html
    assert _page(client, "unknown-token-xxxxxxxxxxx").status_code == 429  # guessing tokens is limited too


def test_the_json_twin_serves_leaves_and_proofs(client: Client, car) -> None:
    _, owner, share = car
    body = client.get(f"/api/v1/public/history/{share.token}").json()
    assert body["checkpoint"]["tree_size"] == 3
    assert {e["status"] for e in body["entries"]} == {"verified"}
    assert all(str(owner.pk) not in e["leaf"].split('"to_owner":')[-1][:3] for e in body["entries"])
    assert client.get("/api/v1/public/history/nope", HTTP_ACCEPT_LANGUAGE="en").status_code == 404
