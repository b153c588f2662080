"""The owner's public-history link: issue, QR code, reissue, revoke; nobody else's car."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from aftercare.history.models import HistoryShare
from aftercare.portal.tests.test_views import log_in_owner, my_car
from aftercare.vehicles.tests.factories import VehicleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def _change(client: Client, vehicle_id: int, action: str):
    return client.post(reverse("portal:vehicle-history-share-change", args=[vehicle_id]), {"action": action})


def test_owner_issues_a_link_with_a_qr_code_and_it_opens(client: Client) -> None:
    car = my_car(log_in_owner(client))
    page = client.get(reverse("portal:vehicle-history-share", args=[car.pk]), {"lang": "en"})
    assert page.status_code == 200 and "Create a public link" in page.content.decode()
    assert _change(client, car.pk, "issue").status_code == 302
    share = HistoryShare.objects.get(vehicle=car, revoked_at__isnull=True)
    html = client.get(reverse("portal:vehicle-history-share", args=[car.pk])).content.decode()
    assert "<svg" in html and f"/h/{share.token}/" in html
    assert Client().get(f"/h/{share.token}/").status_code == 200
    car_page = client.get(reverse("portal:vehicle", args=[car.pk])).content.decode()
    assert reverse("portal:vehicle-history-share", args=[car.pk]) in car_page


def test_reissue_replaces_and_revoke_stops_the_link(client: Client) -> None:
    car = my_car(log_in_owner(client))
    _change(client, car.pk, "issue")
    first = HistoryShare.objects.get(vehicle=car).token
    _change(client, car.pk, "reissue")
    second = HistoryShare.objects.get(vehicle=car, revoked_at__isnull=True).token
    assert second != first
    assert Client().get(f"/h/{first}/").status_code == 404
    _change(client, car.pk, "revoke")
    assert not HistoryShare.objects.filter(vehicle=car, revoked_at__isnull=True).exists()
    assert Client().get(f"/h/{second}/").status_code == 404


def test_someone_elses_car_is_a_404_and_nothing_is_issued(client: Client) -> None:
    log_in_owner(client)
    other = VehicleFactory()
    assert client.get(reverse("portal:vehicle-history-share", args=[other.pk])).status_code == 404
    assert _change(client, other.pk, "issue").status_code == 404
    assert not HistoryShare.objects.exists()


def test_anonymous_is_sent_to_the_login(client: Client) -> None:
    car = VehicleFactory()
    response = client.get(reverse("portal:vehicle-history-share", args=[car.pk]))
    assert response.status_code == 302 and "/my/login/" in response["Location"]


def test_the_car_page_warns_about_a_rollback(client: Client) -> None:
    import datetime as dt

    from aftercare.network.selectors import actor_for_user
    from aftercare.vehicles import services as vehicle_services

    owner = log_in_owner(client)
    car = my_car(owner)
    actor = actor_for_user(owner.user)
    t = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    vehicle_services.odometer_record(actor=actor, vehicle_id=car.pk, km=50_000, read_at=t)
    vehicle_services.odometer_record(actor=actor, vehicle_id=car.pk, km=20_000, read_at=t + dt.timedelta(days=30))
    page = client.get(reverse("portal:vehicle", args=[car.pk]), {"lang": "en"}).content.decode()
    assert page.count("Odometer rollback suspected") == 1 and "lower than 50,000" in page
