"""Homecoming services on a real database: enrolment, refusals, wallets, redemption, rules, photos."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from PIL import Image

from aftercare.audit.models import AuditEntry
from aftercare.history.choices import HistoryEventType
from aftercare.history.models import HistoryEvent
from aftercare.homecoming import selectors, services
from aftercare.homecoming.choices import BenefitKind, BenefitStatus, EnrolmentStatus
from aftercare.homecoming.models import Benefit, Enrolment, RuleSet
from aftercare.homecoming.tests.conftest import NOW, TODAY, Net, in_chinese
from aftercare.homecoming.tests.factories import car, enrol, owner_actor, photo_bytes
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.network.tests.factories import StaffFactory, actor_of_staff
from aftercare.notifications.models import InboxMessage
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles import services as vehicle_services
from aftercare.vehicles.inputs import LicenceInput
from aftercare.vehicles.models import Vehicle, VehicleLicence
from aftercare.vehicles.tests.factories import make_plate, make_vin, vehicle_with_owner

pytestmark = pytest.mark.django_db

WRITTEN = (Enrolment, Benefit, HistoryEvent, InboxMessage, Vehicle, VehicleLicence, RuleSet, AuditEntry)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in WRITTEN}


def apply(net: Net, vehicle: Vehicle, clock: FixedClock, **kw: Any) -> Enrolment:
    args: dict[str, Any] = {
        "held_since": dt.date(2025, 6, 1),
        "purchase_channel": "private_sale",
        "owner_kind": "individual",
        "photo": photo_bytes(),
    } | kw
    return services.enrolment_apply(actor=owner_actor(net.owner), vehicle_id=vehicle.pk, clock=clock, **args)


# --------------------------------------------------------------------------------------------
# Enrolment
# --------------------------------------------------------------------------------------------


def test_owner_enrols_an_eligible_car_and_gets_a_wallet(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=dt.date(2025, 6, 1))
    enrolment = apply(net, vehicle, clock)

    assert enrolment.status == EnrolmentStatus.APPROVED and enrolment.days_held == 274
    assert len(enrolment.wallet_code) == 8 and enrolment.applied_via == "owner"
    statuses = dict(enrolment.benefits.values_list("kind", "status"))
    assert statuses == {
        "health_check": "available",
        "oil_service": "available",
        "connected_services": "available",
        "maintenance_discount": "active",
        "recall_reminders": "active",
    }
    event = HistoryEvent.objects.get(vehicle=vehicle, event_type=HistoryEventType.ENROLLED)
    assert event.payload["enrolment"] == enrolment.pk and event.payload["held_since"] == "2025-06-01"
    assert "王小明" not in str(event.payload) and enrolment.wallet_code not in str(event.payload)
    message = InboxMessage.objects.get(recipient_id=net.owner.user_id, kind="homecoming_enrolled")
    assert enrolment.wallet_code in message.body and message.link == f"/my/vehicles/{vehicle.pk}/homecoming/"


def test_the_stored_photo_is_a_fresh_jpeg_without_the_phones_metadata(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    enrolment = apply(net, vehicle, clock, photo=photo_bytes("PNG", exif_gps=True))
    with enrolment.photo.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert stored.format == "JPEG" and stored.size == (640, 400)
    assert not stored.getexif()
    assert enrolment.photo.name.startswith("homecoming/licence-photos/") and "王" not in enrolment.photo.name


def test_car_held_30_days_is_refused_with_reason_and_date_then_reapplies(net: Net, clock: FixedClock) -> None:
    bought = TODAY - dt.timedelta(days=30)
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=bought)
    refused = apply(net, vehicle, clock, held_since=bought)

    assert refused.status == EnrolmentStatus.REFUSED and refused.wallet_code == ""
    assert refused.eligible_on == bought + dt.timedelta(days=101) == dt.date(2026, 5, 12)
    assert not refused.benefits.exists()
    assert not HistoryEvent.objects.filter(event_type=HistoryEventType.ENROLLED).exists()
    with translation.override("en"):
        assert selectors.refusal_messages(refused) == [
            "You have had the car for 30 days since 2026-01-31. Homecoming welcomes cars you have had for more than "
            "100 days, counted from the purchase or transfer date."
        ]
    in_chinese(lambda: selectors.refusal_messages(refused)[0], "")

    day_before = FixedClock(dt.datetime(2026, 5, 11, 2, 0, tzinfo=dt.UTC))
    assert apply(net, vehicle, day_before, held_since=bought).status == EnrolmentStatus.REFUSED
    on_the_day = FixedClock(dt.datetime(2026, 5, 12, 2, 0, tzinfo=dt.UTC))
    approved = apply(net, vehicle, on_the_day, held_since=bought)
    assert approved.status == EnrolmentStatus.APPROVED
    assert Enrolment.objects.filter(vehicle=vehicle).count() == 3  # both refusals are kept


def test_a_company_car_is_refused_without_a_date(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, name="北京顺风汽车租赁有限公司")
    refused = apply(net, vehicle, clock)
    assert [r["code"] for r in refused.refusals] == ["not_individual"] and refused.eligible_on is None


def test_rules_in_force_decide_and_are_remembered(net: Net, clock: FixedClock) -> None:
    operator = actor_of_staff(net.operator)
    stricter = services.rules_update(
        actor=operator,
        min_days_held=365,
        individual_only=True,
        purchase_channels=["dealer_4s"],
        use_types=["private"],
        discount_tiers=[(3, "20"), (7, "30")],
        note="pilot region",
    )
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    refused = apply(net, vehicle, clock, held_since=dt.date(2025, 6, 1))
    assert [r["code"] for r in refused.refusals] == ["channel_not_accepted", "held_too_short"]
    assert refused.rule_set == stricter and refused.eligible_on is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"photo": None}, "photo", "Add a photo of the vehicle licence (行驶证)."),
        ({"photo": b"%PDF-1.4 not a picture"}, "photo", "This file is not a photo we can read."),
        ({"photo": photo_bytes("GIF")}, "photo", "This file is not a photo we can read."),
        ({"photo": photo_bytes(size=(120, 80))}, "photo", "The photo is too small to read"),
        ({"photo": b"\xff" * (10 * 1024 * 1024 + 1)}, "photo", "The photo is too large: at most 10 MB."),
        ({"purchase_channel": "lottery"}, "purchase_channel", "Choose where the car was bought."),
        ({"owner_kind": ""}, "owner_kind", "Say whether the registered owner is a private person or a company."),
        ({"held_since": None}, "held_since", "Enter the date you bought the car or the transfer (过户) date."),
        ({"held_since": dt.date(2026, 3, 3)}, "held_since", "The purchase date cannot be in the future."),
        ({"held_since": dt.date(2019, 1, 1)}, "held_since", "The purchase date cannot be before the car's first"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(
    net: Net, clock: FixedClock, change: dict[str, Any], field: str, message: str
) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    before = counts()
    with translation.override("en"), pytest.raises(DomainError) as caught:
        apply(net, vehicle, clock, **change)
    assert caught.value.code == "invalid_input"
    fields = caught.value.render_fields()
    assert set(fields) == {field} and fields[field][0].startswith(message)
    assert counts() == before
    with pytest.raises(DomainError) as again:
        apply(net, vehicle, clock, **change)
    in_chinese(lambda: again.value.render_fields()[field][0], fields[field][0])


def test_a_decompression_bomb_is_refused(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    out = io.BytesIO()
    Image.new("1", (12_000, 6_000)).save(out, format="PNG")  # tiny file, 72 million pixels
    with translation.override("en"), pytest.raises(DomainError) as caught:
        apply(net, vehicle, clock, photo=out.getvalue())
    assert caught.value.render_fields()["photo"] == [
        "The photo has too many pixels. Take it again at a lower resolution."
    ]


def test_transfer_date_recorded_by_the_store_bounds_the_purchase_date(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group)
    vehicle_services.vehicle_transfer(
        actor=actor_of_staff(StaffFactory(store=net.store)),
        vehicle_id=vehicle.pk,
        new_owner=vehicle_services.OwnerInput(phone=net.owner.phone, name=net.owner.name),
        transferred_on=dt.date(2025, 12, 1),
    )
    with translation.override("en"), pytest.raises(DomainError) as caught:
        apply(net, vehicle, clock, held_since=dt.date(2025, 1, 1))
    assert caught.value.render_fields()["held_since"] == [
        "The store recorded the transfer on 2025-12-01; the purchase date cannot be earlier."
    ]


def test_enrolling_twice_is_refused(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    apply(net, vehicle, clock)
    with pytest.raises(DomainError) as caught:
        apply(net, vehicle, clock)
    assert (caught.value.code, caught.value.status) == ("already_enrolled", 409)


def test_owner_cannot_enrol_someone_elses_car(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group)
    with pytest.raises(NotFound):
        apply(net, vehicle, clock)
    assert not Enrolment.objects.exists()


def test_store_enrols_at_check_in_and_the_owner_hears_about_a_refusal(net: Net, clock: FixedClock) -> None:
    bought = TODAY - dt.timedelta(days=30)
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=bought)
    enrolment = services.enrolment_apply(
        actor=actor_of_staff(net.advisor),
        vehicle_id=vehicle.pk,
        held_since=bought,
        purchase_channel="dealer_4s",
        owner_kind="individual",
        photo=photo_bytes(),
        clock=clock,
    )
    assert enrolment.applied_via == "store" and enrolment.store == net.store
    message = InboxMessage.objects.get(recipient_id=net.owner.user_id, kind="homecoming_refused")
    assert "2026-05-12" in message.body and message.link == f"/my/homecoming/enrolments/{enrolment.pk}/"


def test_staff_of_another_group_and_staff_without_the_permission_cannot_enrol(net: Net, clock: FixedClock) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    args = {
        "vehicle_id": vehicle.pk,
        "held_since": dt.date(2025, 1, 1),
        "purchase_channel": "other",
        "owner_kind": "individual",
        "photo": photo_bytes(),
    }
    with pytest.raises(NotFound):
        services.enrolment_apply(actor=actor_of_staff(net.other_advisor), **args)
    with pytest.raises(PermissionDenied):
        services.enrolment_apply(actor=actor_of_staff(net.technician), **args)
    assert not Enrolment.objects.exists()


def test_check_in_enrolment_records_a_missing_licence_first(net: Net, clock: FixedClock) -> None:
    vehicle = vehicle_with_owner(dealer_group=net.store.dealer_group, owner=net.owner, started_on=dt.date(2025, 1, 1))
    args: dict[str, Any] = {
        "actor": actor_of_staff(net.advisor),
        "vehicle_id": vehicle.pk,
        "held_since": dt.date(2025, 1, 1),
        "purchase_channel": "auction",
        "owner_kind": "individual",
        "photo": photo_bytes(),
        "clock": clock,
    }
    with translation.override("en"), pytest.raises(DomainError) as caught:
        services.enrolment_apply(**args)
    assert {"registered_owner_name", "vehicle_type", "use_type", "registration_date", "issue_date"} <= set(
        caught.value.fields
    )
    licence = LicenceInput("王小明", "小型轿车", "private", dt.date(2018, 4, 1), dt.date(2025, 1, 1))
    enrolment = services.enrolment_apply(licence=licence, **args)
    assert enrolment.approved and enrolment.licence.registration_date == dt.date(2018, 4, 1)
    assert HistoryEvent.objects.filter(vehicle=vehicle, event_type=HistoryEventType.LICENCE_RECORDED).count() == 1


def test_add_car_and_enrol_together_or_not_at_all(net: Net, clock: FixedClock) -> None:
    licence = LicenceInput("王小明", "小型轿车", "private", dt.date(2018, 4, 1), dt.date(2025, 1, 1))
    args: dict[str, Any] = {
        "actor": owner_actor(net.owner),
        "vin": make_vin(77_001),
        "plate": make_plate(77_001),
        "licence": licence,
        "odometer_km": 60_000,
        "held_since": dt.date(2025, 1, 1),
        "purchase_channel": "online",
        "owner_kind": "individual",
        "clock": clock,
    }
    before = counts()
    with pytest.raises(DomainError) as caught:
        services.car_add_and_enrol(photo=b"not a photo", **(args | {"plate": "X"}))
    assert {"photo", "plate"} <= set(caught.value.fields)
    with pytest.raises(DomainError) as caught:
        services.car_add_and_enrol(photo=None, **args)
    assert set(caught.value.fields) == {"photo"}
    assert counts() == before
    enrolment = services.car_add_and_enrol(photo=photo_bytes(), **args)
    assert enrolment.approved and enrolment.vehicle.vin == make_vin(77_001)
    assert enrolment.vehicle.ownerships.get().started_on == dt.date(2025, 1, 1)


# --------------------------------------------------------------------------------------------
# Wallets and redemption
# --------------------------------------------------------------------------------------------


def _benefit(enrolment: Enrolment, kind: str) -> Benefit:
    return enrolment.benefits.get(kind=kind)


def test_store_redeems_a_voucher_once(net: Net) -> None:
    enrolment = enrol(car(dealer_group=net.store.dealer_group, owner=net.owner))
    check = _benefit(enrolment, BenefitKind.HEALTH_CHECK)
    advisor = actor_of_staff(net.advisor)

    redeemed = services.benefit_redeem(actor=advisor, benefit_id=check.pk, store_id=net.store.pk, reference="WO-1")
    assert redeemed.status == BenefitStatus.REDEEMED and redeemed.redeemed_store == net.store
    assert redeemed.reference == "WO-1" and redeemed.redeemed_by_id == net.advisor.user_id
    with pytest.raises(DomainError) as caught:
        services.benefit_redeem(actor=advisor, benefit_id=check.pk, store_id=net.store.pk)
    assert (caught.value.code, caught.value.status) == ("benefit_already_redeemed", 409)
    with translation.override("en"):
        assert caught.value.render_message() == "This benefit has already been redeemed. Each benefit can be used once."
    in_chinese(caught.value.render_message, "This benefit has already been redeemed. Each benefit can be used once.")
    wallet = selectors.vehicle_wallet(vehicle_id=enrolment.vehicle_id)
    assert wallet is not None
    assert {b.kind: b.status for b in wallet.benefits}["health_check"] == "redeemed"


def test_another_groups_store_redeems_only_with_the_wallet_code(net: Net) -> None:
    enrolment = enrol(car(dealer_group=net.store.dealer_group, owner=net.owner))
    oil = _benefit(enrolment, BenefitKind.OIL_SERVICE)
    stranger = actor_of_staff(net.other_advisor)
    for code in ("", "ABCD2345"):
        with pytest.raises(NotFound) as caught:
            services.benefit_redeem(actor=stranger, benefit_id=oil.pk, store_id=net.other_store.pk, wallet_code=code)
        assert caught.value.code == "benefit_not_found"
    typed = f"{enrolment.wallet_code[:4].lower()}-{enrolment.wallet_code[4:]}"
    redeemed = services.benefit_redeem(
        actor=stranger, benefit_id=oil.pk, store_id=net.other_store.pk, wallet_code=typed
    )
    assert redeemed.redeemed_store == net.other_store


def test_redemption_refusals(net: Net) -> None:
    enrolment = enrol(car(dealer_group=net.store.dealer_group, owner=net.owner))
    check = _benefit(enrolment, BenefitKind.HEALTH_CHECK)
    advisor = actor_of_staff(net.advisor)
    cases = [
        ({"store_id": net.other_store.pk}, "store_not_yours"),
        ({"benefit_id": _benefit(enrolment, BenefitKind.MAINTENANCE_DISCOUNT).pk}, "benefit_not_redeemable"),
        ({"benefit_id": 987_654_321}, "benefit_not_found"),
        ({"reference": "x" * 65}, "invalid_input"),
    ]
    for change, code in cases:
        with pytest.raises(DomainError) as caught:
            services.benefit_redeem(**({"actor": advisor, "benefit_id": check.pk, "store_id": net.store.pk} | change))
        assert caught.value.code == code
    for actor in (actor_of_staff(net.technician), owner_actor(net.owner), actor_of_staff(net.operator)):
        with pytest.raises(PermissionDenied):
            services.benefit_redeem(actor=actor, benefit_id=check.pk, store_id=net.store.pk)
    net.store.homecoming_participation.active = False
    net.store.homecoming_participation.save()
    with pytest.raises(DomainError) as caught:
        services.benefit_redeem(actor=advisor, benefit_id=check.pk, store_id=net.store.pk)
    assert caught.value.code == "store_not_participating"
    assert Benefit.objects.get(pk=check.pk).status == BenefitStatus.AVAILABLE


def test_after_a_transfer_the_old_wallet_is_closed_and_the_new_owner_may_enrol(net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=dt.date(2024, 1, 1))
    old = enrol(vehicle)
    buyer = OwnerFactory(login=True)
    vehicle_services.vehicle_transfer(
        actor=actor_of_staff(StaffFactory(store=net.store)),
        vehicle_id=vehicle.pk,
        new_owner=vehicle_services.OwnerInput(phone=buyer.phone, name=buyer.name),
        transferred_on=dt.date(2025, 6, 1),
    )
    assert selectors.vehicle_wallet(vehicle_id=vehicle.pk) is None
    with pytest.raises(DomainError) as caught:
        services.benefit_redeem(
            actor=actor_of_staff(net.advisor),
            benefit_id=_benefit(old, BenefitKind.HEALTH_CHECK).pk,
            store_id=net.store.pk,
        )
    assert caught.value.code == "wallet_closed"
    new = enrol(vehicle, actor=owner_actor(buyer))
    assert new.approved and new.wallet_code != old.wallet_code
    wallet = selectors.vehicle_wallet(vehicle_id=vehicle.pk)
    assert wallet is not None and wallet.enrolment_id == new.pk


def test_wallet_lookup_needs_the_full_vin_or_plate_and_the_code(net: Net) -> None:
    vehicle = car(dealer_group=net.store.dealer_group, owner=net.owner)
    other = car(dealer_group=net.store.dealer_group)
    enrolment, other_enrolment = enrol(vehicle), enrol(other)
    stranger = actor_of_staff(net.other_advisor)
    wallet = selectors.wallet_lookup(actor=stranger, vin_or_plate=vehicle.vin.lower(), code=enrolment.wallet_code)
    assert wallet.enrolment_id == enrolment.pk and len(wallet.benefits) == 5
    assert selectors.wallet_lookup(actor=stranger, vin_or_plate=vehicle.plate, code=enrolment.wallet_code)
    for query, code in [
        (vehicle.vin, other_enrolment.wallet_code),
        (vehicle.vin[-6:], enrolment.wallet_code),
        (vehicle.plate, ""),
        ("", enrolment.wallet_code),
    ]:
        with pytest.raises(NotFound):
            selectors.wallet_lookup(actor=stranger, vin_or_plate=query, code=code)
    with pytest.raises(PermissionDenied):
        selectors.wallet_lookup(actor=owner_actor(net.owner), vin_or_plate=vehicle.vin, code=enrolment.wallet_code)


def test_discount_for_follows_car_age_and_the_tiers_in_force(net: Net) -> None:
    old = car(dealer_group=net.store.dealer_group, owner=net.owner, registration_date=dt.date(2018, 1, 10))
    young = car(dealer_group=net.store.dealer_group, registration_date=dt.date(2024, 1, 10))
    middle = car(dealer_group=net.store.dealer_group, registration_date=dt.date(2021, 1, 10))
    assert selectors.discount_for(vehicle_id=old.pk) == Decimal("0")  # not enrolled
    for v in (old, young, middle):
        enrol(v)
    on = dt.date(2026, 3, 2)
    assert selectors.discount_for(vehicle_id=old.pk, on=on) == Decimal("30")
    assert selectors.discount_for(vehicle_id=middle.pk, on=on) == Decimal("20")
    assert selectors.discount_for(vehicle_id=young.pk, on=on) == Decimal("0")
    services.rules_update(
        actor=actor_of_staff(net.operator),
        min_days_held=100,
        individual_only=True,
        purchase_channels=["other"],
        use_types=["private"],
        discount_tiers=[(2, "10"), (5, "25.5"), ("", "")],
        note="new tiers",
    )
    assert selectors.discount_for(vehicle_id=young.pk, on=on) == Decimal("10")
    assert selectors.discount_for(vehicle_id=middle.pk, on=on) == Decimal("25.50")
    wallet = selectors.vehicle_wallet(vehicle_id=young.pk, on=on)
    assert wallet is not None
    discount = next(b for b in wallet.benefits if b.kind == "maintenance_discount")
    assert (discount.percent, discount.next_percent, discount.next_on) == (
        Decimal("10"),
        Decimal("25.50"),
        dt.date(2029, 1, 10),
    )


def test_vehicle_eligibility_preview(net: Net) -> None:
    eligible = car(dealer_group=net.store.dealer_group, owner=net.owner, started_on=dt.date(2025, 1, 1))
    recent = car(dealer_group=net.store.dealer_group, started_on=TODAY - dt.timedelta(days=30))
    company = car(dealer_group=net.store.dealer_group, name="某某物流有限公司")
    assert selectors.vehicle_eligibility(vehicle_id=eligible.pk, today=TODAY).offer
    waiting = selectors.vehicle_eligibility(vehicle_id=recent.pk, today=TODAY)
    assert not waiting.offer and waiting.decision and waiting.decision.eligible_on == dt.date(2026, 5, 12)
    assert not selectors.vehicle_eligibility(vehicle_id=company.pk, today=TODAY).offer
    enrol(eligible)
    assert not selectors.vehicle_eligibility(vehicle_id=eligible.pk, today=TODAY).offer


# --------------------------------------------------------------------------------------------
# Rules and photos
# --------------------------------------------------------------------------------------------


def test_rules_update_keeps_history_and_needs_the_permission(net: Net) -> None:
    args: dict[str, Any] = {
        "min_days_held": 120,
        "individual_only": False,
        "purchase_channels": ["dealer_4s", "auction"],
        "use_types": ["private"],
        "discount_tiers": [(3, "15"), (8, "25")],
        "note": "raise the bar",
    }
    first = selectors.rules_current()
    with pytest.raises(PermissionDenied):
        services.rules_update(actor=actor_of_staff(net.advisor), **args)
    with pytest.raises(PermissionDenied):
        services.rules_update(actor=actor_of_staff(StaffFactory(operator=True, junior=True)), **args)
    new = services.rules_update(actor=actor_of_staff(net.operator), **args)
    assert selectors.rules_current() == new and list(selectors.rules_history()[:2]) == [new, first]
    assert new.created_by_id == net.operator.user_id and new.discount_tiers[0] == {"min_years": 3, "percent": "15.00"}


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"min_days_held": -1}, {"min_days_held"}),
        ({"min_days_held": None}, {"min_days_held"}),
        ({"purchase_channels": []}, {"purchase_channels"}),
        ({"purchase_channels": ["lottery"]}, {"purchase_channels"}),
        ({"use_types": []}, {"use_types"}),
        ({"discount_tiers": [(7, "20"), (3, "30")]}, {"discount_tiers"}),
        ({"discount_tiers": [("three", "20")]}, {"discount_tiers"}),
        ({"note": " "}, {"note"}),
    ],
)
def test_rules_update_bad_input(net: Net, change: dict[str, Any], fields: set[str]) -> None:
    args: dict[str, Any] = {
        "min_days_held": 100,
        "individual_only": True,
        "purchase_channels": ["other"],
        "use_types": ["private"],
        "discount_tiers": [(3, "20")],
        "note": "x",
    } | change
    before = counts()
    with pytest.raises(DomainError) as caught:
        services.rules_update(actor=actor_of_staff(net.operator), **args)
    assert caught.value.code == "rules_invalid" and set(caught.value.fields) == fields
    assert counts() == before


def test_licence_photo_owner_sees_it_staff_need_reveal_and_are_audited(net: Net) -> None:
    enrolment = enrol(car(dealer_group=net.store.dealer_group, owner=net.owner))
    assert services.enrolment_photo_open(actor=owner_actor(net.owner), enrolment_id=enrolment.pk)[:2] == b"\xff\xd8"
    assert not AuditEntry.objects.exists()
    with pytest.raises(PermissionDenied):  # junior advisor: no reveal permission
        services.enrolment_photo_open(actor=actor_of_staff(net.advisor), enrolment_id=enrolment.pk)
    senior = actor_of_staff(StaffFactory(store=net.store))
    services.enrolment_photo_open(actor=senior, enrolment_id=enrolment.pk, ip_address="10.0.0.9")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_id, entry.actor_id) == (
        "homecoming.licence_photo_viewed",
        str(enrolment.pk),
        senior.user_id,
    )
    for outsider in (actor_of_staff(net.other_advisor), owner_actor(OwnerFactory(login=True))):
        with pytest.raises(NotFound):
            services.enrolment_photo_open(actor=outsider, enrolment_id=enrolment.pk)


def test_now_is_the_fixed_clock() -> None:
    assert NOW.date() == TODAY
