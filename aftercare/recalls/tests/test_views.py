"""Recall pages: console list, search, detail, hand entry and completion; the portal car page partial."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.history.models import HistoryEvent
from aftercare.network.tests.factories import StaffFactory, StoreFactory
from aftercare.recalls.models import RecallCampaign, VehicleRecall
from aftercare.recalls.tests.conftest import byd_car
from aftercare.recalls.tests.factories import CampaignFactory, CoverageFactory, VehicleRecallFactory
from aftercare.vehicles.models import Ownership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    """Pages are Chinese until the person switches; these tests read the English wording."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_campaign_list_search_and_detail(client: Client, store, manager):
    han = CampaignFactory(number="S2025-0500", component="驱动电机")
    CoverageFactory(campaign=han, make="比亚迪", model="汉EV", year_from=2020, year_to=2022)
    CampaignFactory(number="S2025-0600")
    car = byd_car(store, model="汉EV", year=2021)
    VehicleRecallFactory(vehicle=car, campaign=han)
    VehicleRecallFactory(vehicle=byd_car(StoreFactory()), campaign=han)  # another group's car stays hidden
    client.force_login(manager.user)
    page = client.get(reverse("console:recalls"), {"q": "BYD"})
    assert page.status_code == 200
    assert "S2025-0500" in page.text and "S2025-0600" not in page.text
    assert "2020–2022" in page.text
    detail = client.get(reverse("console:recall", args=[han.pk]))
    assert detail.status_code == 200
    hidden = VehicleRecall.objects.exclude(vehicle=car).get().vehicle
    assert car.vin[-6:] in detail.text and hidden.vin[-6:] not in detail.text
    assert client.get(reverse("console:recall", args=[999_999])).status_code == 404


def test_vehicle_page_shows_open_recalls_and_completes_one(client: Client, store, manager):
    car = byd_car(store)
    recall = VehicleRecallFactory(vehicle=car, campaign=CampaignFactory(number="S2025-0700", component="安全气囊"))
    client.force_login(manager.user)
    page = client.get(reverse("console:vehicle", args=[car.pk]))
    assert "S2025-0700" in page.text and "安全气囊" in page.text and "Record as completed" in page.text
    url = reverse("console:vehicle-recall-complete", args=[car.pk, recall.pk])
    response = client.post(url, {"work_order_ref": "WO-1001", "note": ""})
    assert response.status_code == 302 and response["Location"].endswith("#recalls")
    recall.refresh_from_db()
    assert (recall.status, recall.work_order_ref, recall.completed_by_id) == ("completed", "WO-1001", manager.user_id)
    assert HistoryEvent.objects.filter(vehicle=car, event_type="RECALL_COMPLETED").exists()
    page = client.get(reverse("console:vehicle", args=[car.pk]))
    assert "None open" in page.text and "WO-1001" in page.text


def test_completion_needs_the_permission_and_the_right_car(client: Client, store):
    car = byd_car(store)
    recall = VehicleRecallFactory(vehicle=car)
    technician = StaffFactory(store=store, technician=True)
    client.force_login(technician.user)
    page = client.get(reverse("console:vehicle", args=[car.pk]))
    assert "Record as completed" not in page.text
    url = reverse("console:vehicle-recall-complete", args=[car.pk, recall.pk])
    assert client.post(url, {}).status_code == 403
    other = byd_car(store)
    client.force_login(StaffFactory(store=store, manager=True).user)
    assert client.post(reverse("console:vehicle-recall-complete", args=[other.pk, recall.pk]), {}).status_code == 404
    assert VehicleRecall.objects.get().status == "open"


def test_operator_enters_a_campaign_by_hand(client: Client, store, operator, django_capture_on_commit_callbacks):
    car = byd_car(store, model="海豹", year=2023)
    client.force_login(operator.user)
    assert client.get(reverse("console:recall-new")).status_code == 200
    data = {
        "number": "S2025-0800", "kind": "safety_recall", "source": "samr", "summary": "后副车架焊点强度不足",
        "remedy": "免费加固", "cov-TOTAL_FORMS": "4", "cov-INITIAL_FORMS": "0",
        "cov-0-make": "比亚迪", "cov-0-model": "海豹", "cov-0-year_from": "2022", "cov-0-year_to": "2024",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("console:recall-new"), data)
    campaign = RecallCampaign.objects.get(number="S2025-0800")
    assert response["Location"] == reverse("console:recall", args=[campaign.pk])
    assert VehicleRecall.objects.filter(vehicle=car, campaign=campaign).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_bad_campaign_form_shows_errors_on_the_rows_and_saves_nothing(client: Client, operator, language, settings):
    client.force_login(operator.user)
    data = {
        "number": "S2025-0900", "kind": "safety_recall", "source": "samr", "summary": "x", "remedy": "y",
        "cov-TOTAL_FORMS": "4", "cov-INITIAL_FORMS": "0",
        "cov-1-make": "比亚迪", "cov-1-model": "海豹", "cov-1-year_from": "2024", "cov-1-year_to": "2020",
    }  # fmt: skip
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(reverse("console:recall-new"), data)
    assert response.status_code == 400
    expected = {"en": "The last model year comes before the first.", "zh-hans": "截止年款早于起始年款。"}[language]
    assert expected in response.text
    assert not RecallCampaign.objects.exists()


def test_dealer_staff_cannot_open_the_campaign_form(client: Client, manager):
    client.force_login(manager.user)
    assert client.get(reverse("console:recall-new")).status_code == 403


def test_the_owner_sees_open_recalls_on_the_car_page(client: Client, store):
    car = byd_car(store)
    VehicleRecallFactory(vehicle=car, campaign=CampaignFactory(number="S2025-1000", component="制动软管"))
    owner = Ownership.objects.get(vehicle=car).owner
    client.force_login(owner.user)
    page = client.get(reverse("portal:vehicle", args=[car.pk]))
    assert page.status_code == 200
    assert "S2025-1000" in page.text and "制动软管" in page.text and "free of charge" in page.text
