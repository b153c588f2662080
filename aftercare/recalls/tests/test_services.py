"""Services: campaigns entered by hand, completing a recall with its history event, owners' inbox messages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from aftercare.history.models import HistoryEvent
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_owner, actor_of_staff
from aftercare.notifications.models import InboxMessage
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.recalls import matching, services
from aftercare.recalls.inputs import CampaignInput, CoverageInput
from aftercare.recalls.models import RecallCampaign, RecallCoverage, VehicleRecall
from aftercare.recalls.selectors import vehicle_open_recalls
from aftercare.recalls.tests.conftest import byd_car
from aftercare.recalls.tests.factories import CampaignFactory, CoverageFactory, VehicleRecallFactory
from aftercare.vehicles.models import Ownership
from aftercare.vehicles.tests.conftest import assert_chinese

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)


def campaign_input(**overrides) -> CampaignInput:  # type: ignore[no-untyped-def]
    base = {
        "number": "s2025-0311",
        "kind": "safety_recall",
        "source": "samr",
        "manufacturer": "比亚迪汽车工业有限公司",
        "component": "前排安全带预紧器",
        "summary": "部分车辆前排安全带预紧器气体发生器可能存在密封缺陷，碰撞时预紧功能可能失效。",
        "remedy": "免费更换改进后的安全带总成。",
        "coverages": [CoverageInput(make="比亚迪", model="汉EV", year_from=2020, year_to=2022)],
    }
    return CampaignInput(**(base | overrides))


# ---- campaign_create ---------------------------------------------------------------------------


def test_operator_creates_a_campaign_with_normalised_coverage(operator_actor):
    campaign = services.campaign_create(actor=operator_actor, data=campaign_input(), clock=FixedClock(NOW))
    assert campaign.number == "S2025-0311"
    cov = RecallCoverage.objects.get(campaign=campaign)
    assert (cov.make, cov.make_key, cov.model_key) == ("比亚迪", "BYD", "汉EV")
    assert campaign.created_by_id == operator_actor.user_id


def test_dealer_staff_may_not_create_campaigns(manager_actor):
    with pytest.raises(PermissionDenied):
        services.campaign_create(actor=manager_actor, data=campaign_input())
    assert not RecallCampaign.objects.exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_bad_campaign_names_every_problem_and_writes_nothing(operator_actor, language):
    bad = campaign_input(
        number="#",
        kind="recall",
        summary=" ",
        coverages=[CoverageInput(make="", model="汉EV", year_from=2023, year_to=2020, vin_from="LGX")],
    )
    with translation.override(language):
        with pytest.raises(DomainError) as caught:
            services.campaign_create(actor=operator_actor, data=bad)
        fields = caught.value.render_fields()
    assert set(fields) == {"number", "kind", "summary", "coverages.0.make", "coverages.0.year_to",
                           "coverages.0.vin_to", "coverages.0.vin_from"}  # fmt: skip
    assert caught.value.code == "invalid_input"
    if language == "en":
        assert fields["coverages.0.year_to"] == ["The last model year comes before the first."]
    else:
        with translation.override(language):
            for messages in fields.values():
                assert_chinese(messages[0])
    assert not RecallCampaign.objects.exists() and not RecallCoverage.objects.exists()


def test_campaign_numbers_are_unique(operator_actor):
    services.campaign_create(actor=operator_actor, data=campaign_input())
    with pytest.raises(DomainError) as caught:
        services.campaign_create(actor=operator_actor, data=campaign_input(number="S2025-0311"))
    with translation.override("en"):
        assert caught.value.render_fields()["number"] == ["A campaign with this number already exists."]
    assert RecallCampaign.objects.count() == 1


# ---- vehicle_recall_complete -------------------------------------------------------------------


def test_completing_by_hand_records_who_when_and_a_history_event(store, manager, manager_actor):
    car = byd_car(store)
    recall = VehicleRecallFactory(vehicle=car, campaign=CampaignFactory(number="S2025-0001"))
    done = services.vehicle_recall_complete(
        actor=manager_actor, vehicle_recall_id=recall.pk, note="  更换完成 ", clock=FixedClock(NOW)
    )
    assert (done.status, done.method, done.completed_at, done.completed_by_id) == (
        "completed", "manual", NOW, manager.user_id,
    )  # fmt: skip
    assert done.note == "更换完成"
    event = HistoryEvent.objects.get(vehicle=car, event_type="RECALL_COMPLETED")
    assert event.payload == {"campaign": "S2025-0001", "kind": "safety_recall", "method": "manual",
                             "work_order_ref": "", "vehicle_recall": recall.pk}  # fmt: skip
    assert event.actor_id == manager.user_id and event.occurred_at == NOW
    assert vehicle_open_recalls(vehicle_id=car.pk) == []


def test_completing_through_a_work_order_names_it(store, manager_actor):
    recall = VehicleRecallFactory(vehicle=byd_car(store))
    done = services.vehicle_recall_complete(actor=manager_actor, vehicle_recall_id=recall.pk, work_order_ref="WO-8812")
    assert (done.method, done.work_order_ref) == ("work_order", "WO-8812")


def test_a_recall_is_completed_once(store, manager_actor):
    recall = VehicleRecallFactory(vehicle=byd_car(store))
    services.vehicle_recall_complete(actor=manager_actor, vehicle_recall_id=recall.pk)
    with pytest.raises(DomainError) as caught:
        services.vehicle_recall_complete(actor=manager_actor, vehicle_recall_id=recall.pk, work_order_ref="WO-2")
    assert (caught.value.code, caught.value.status) == ("recall_already_completed", 409)
    assert HistoryEvent.objects.filter(event_type="RECALL_COMPLETED").count() == 1
    assert VehicleRecall.objects.get().work_order_ref == ""


def test_another_groups_recall_looks_missing_and_stays_open(store, manager_actor):
    other = VehicleRecallFactory(vehicle=byd_car(StoreFactory()))
    with pytest.raises(NotFound):
        services.vehicle_recall_complete(actor=manager_actor, vehicle_recall_id=other.pk)
    assert VehicleRecall.objects.get().status == "open"


def test_a_junior_technician_may_not_complete(store):
    recall = VehicleRecallFactory(vehicle=byd_car(store))
    actor = actor_of_staff(StaffFactory(store=store, technician=True))
    with pytest.raises(PermissionDenied):
        services.vehicle_recall_complete(actor=actor, vehicle_recall_id=recall.pk)
    assert not HistoryEvent.objects.filter(event_type="RECALL_COMPLETED").exists()


def test_the_owner_cannot_complete_their_own_recall(store):
    car = byd_car(store)
    recall = VehicleRecallFactory(vehicle=car)
    owner = Ownership.objects.get(vehicle=car).owner
    with pytest.raises(NotFound):
        services.vehicle_recall_complete(actor=actor_of_owner(owner), vehicle_recall_id=recall.pk)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"work_order_ref": "  "}, "work_order_ref"), ({"work_order_ref": "W" * 41}, "work_order_ref"),
     ({"note": "x" * 501}, "note")],
)  # fmt: skip
def test_bad_completion_input_is_refused_and_nothing_changes(store, manager_actor, kwargs, field):
    recall = VehicleRecallFactory(vehicle=byd_car(store))
    with pytest.raises(DomainError) as caught:
        services.vehicle_recall_complete(actor=manager_actor, vehicle_recall_id=recall.pk, **kwargs)
    assert set(caught.value.render_fields()) == {field}
    assert VehicleRecall.objects.get().status == "open"


# ---- owners' inbox -----------------------------------------------------------------------------


def _han_campaign():  # type: ignore[no-untyped-def]
    campaign = CampaignFactory(component="动力电池包")
    CoverageFactory(campaign=campaign, make="BYD", model="汉EV", year_from=2020, year_to=2022)
    return campaign


def test_the_owner_is_told_once_per_new_match(store):
    car = byd_car(store, model="汉EV", year=2021)
    campaign = _han_campaign()
    matching.campaign_match(campaign_id=campaign.pk)
    owner_user = Ownership.objects.get(vehicle=car).owner.user_id
    message = InboxMessage.objects.get(recipient_id=owner_user)
    assert car.vin[-6:] in message.title and "动力电池包" in message.body
    assert message.link == f"/my/vehicles/{car.pk}/" and message.kind == "recall_matched"
    matching.campaign_match(campaign_id=campaign.pk)
    matching.fleet_match()
    assert InboxMessage.objects.filter(recipient_id=owner_user).count() == 1
    assert VehicleRecall.objects.get().notified_at is not None


def test_a_fleet_run_sends_one_message_per_owner(store):
    owner = OwnerFactory(login=True)
    cars = [byd_car(store, model="汉EV", year=2021) for _ in range(2)]
    for car in cars:
        Ownership.objects.filter(vehicle=car).update(owner=owner)
    _han_campaign()
    second = CampaignFactory(kind="technical_upgrade")
    CoverageFactory(campaign=second, make="比亚迪", model="汉EV", year_from=None, year_to=None)
    matching.fleet_match()
    messages = InboxMessage.objects.filter(recipient_id=owner.user_id)
    assert messages.count() == 1
    assert "4" in messages.get().title and messages.get().link == "/my/vehicles/"


def test_owners_without_a_login_are_told_when_they_get_one_or_a_new_owner_arrives(
    store, manager_actor, django_capture_on_commit_callbacks
):
    car = byd_car(store, model="汉EV", year=2021, login=False)
    matching.campaign_match(campaign_id=_han_campaign().pk)
    assert not InboxMessage.objects.exists()
    assert VehicleRecall.objects.get().notified_at is None
    from aftercare.vehicles.services import OwnerInput, vehicle_transfer

    buyer = OwnerFactory(login=True)
    with django_capture_on_commit_callbacks(execute=True):
        new_owner = OwnerInput(phone=buyer.phone, name=buyer.name)
        vehicle_transfer(
            actor=manager_actor, vehicle_id=car.pk, new_owner=new_owner, transferred_on=dt.date(2025, 5, 1)
        )
    assert InboxMessage.objects.filter(recipient_id=buyer.user_id, kind="recall_matched").count() == 1
