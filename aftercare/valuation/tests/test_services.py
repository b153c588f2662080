"""Offers: made from the model, condition and market; repriced nightly without hand edits; scoped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_owner, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.valuation import selectors, services
from aftercare.valuation.models import MarketSale, Offer, OfferPrice
from aftercare.valuation.pricing.quote import CarFacts
from aftercare.valuation.tests.factories import priceable_vehicle
from aftercare.vehicles.tests.factories import vehicle_with_owner

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def shop(served):
    store = StoreFactory()
    return {
        "store": store,
        "manager": StaffFactory(store=store, manager=True),
        "junior": StaffFactory(store=store, junior=True),
        "outsider": StaffFactory(manager=True),
    }


def _fake_condition(monkeypatch, grade: str | None) -> None:
    """Stand-in for inspections.selectors.vehicle_condition (another app's data)."""
    from aftercare.inspections.selectors import VehicleCondition

    def fake(*, vehicle_id: int):
        if grade is None:
            return None
        return VehicleCondition(grade=grade, urgent_count=1, attention_count=2, inspected_at=NOW,
                                inspection_id=1, accident_suspected=False)  # fmt: skip

    monkeypatch.setattr(selectors, "vehicle_condition", fake)


def test_a_car_in_scope_is_valued_with_interval_factors_and_condition(shop, monkeypatch):
    car = priceable_vehicle(dealer_group=shop["store"].dealer_group)
    actor = actor_of_staff(shop["manager"])
    _fake_condition(monkeypatch, None)
    plain = selectors.vehicle_valuation(actor=actor, vehicle_id=car.pk, clock=FixedClock(NOW))
    assert plain.currency == "GBP" and plain.schema == "uk" and plain.low < plain.price < plain.high
    assert plain.facts.make == "vw" and plain.facts.model == "passat" and plain.facts.mileage_km == 60_000
    assert plain.condition is None and plain.condition_multiplier == 1 and plain.factors
    _fake_condition(monkeypatch, "poor")
    poor = selectors.vehicle_valuation(actor=actor, vehicle_id=car.pk, clock=FixedClock(NOW))
    assert poor.condition_multiplier == Decimal("0.82")
    assert poor.price == pytest.approx(plain.price * Decimal("0.82"), abs=10)
    assert "condition" in [f.code for f in poor.factors]


def test_cars_the_model_cannot_price_are_refused_with_the_reason(shop):
    group = shop["store"].dealer_group
    actor = actor_of_staff(shop["manager"])
    china_only = vehicle_with_owner(dealer_group=group, brand="上汽大众", model="朗逸", model_year=2019)
    with pytest.raises(DomainError) as exc:
        selectors.vehicle_valuation(actor=actor, vehicle_id=china_only.pk)
    assert exc.value.code == "vehicle_facts_missing"
    assert set(exc.value.fields) == {"model", "mileage_km"}
    with pytest.raises(DomainError) as exc:
        selectors.vehicle_valuation(actor=actor_of_staff(shop["outsider"]), vehicle_id=china_only.pk)
    assert exc.value.status == 404


def test_an_offer_carries_price_terms_and_a_first_revision(shop, monkeypatch):
    _fake_condition(monkeypatch, "good")
    car = priceable_vehicle(dealer_group=shop["store"].dealer_group, model_year=2023, km=20_000)
    offer = services.offer_create(actor=actor_of_staff(shop["manager"]), vehicle_id=car.pk, clock=FixedClock(NOW))
    assert offer.status == "open" and offer.revision == 1 and len(offer.token) >= 32
    assert offer.currency == "GBP" and offer.low <= offer.price <= offer.high
    assert offer.price % 10 == 0  # one price, a round number
    assert offer.services == ["transfer_paperwork", "inspection", "reconditioning"]
    assert offer.warranty_months >= 3 and offer.warranty_km >= 5_000  # a 2-year-old private car: legal minimum
    first = OfferPrice.objects.get(offer=offer)
    assert (first.revision, first.reason, first.condition_grade, first.price) == (1, "created", "good", offer.price)
    assert selectors.offer_by_token(token=offer.token) == offer


def test_one_open_offer_per_car_and_only_staff_with_the_permission(shop):
    group = shop["store"].dealer_group
    owner = OwnerFactory(login=True)
    car = priceable_vehicle(dealer_group=group, owner=owner)
    for who in (shop["junior"], shop["outsider"]):
        with pytest.raises(DomainError) as exc:
            services.offer_create(actor=actor_of_staff(who), vehicle_id=car.pk)
        assert exc.value.status in {403, 404}
    with pytest.raises(DomainError) as exc:
        services.offer_create(actor=actor_of_owner(owner), vehicle_id=car.pk)
    assert exc.value.status == 403
    assert not Offer.objects.exists()
    services.offer_create(actor=actor_of_staff(shop["manager"]), vehicle_id=car.pk)
    with pytest.raises(DomainError) as exc:
        services.offer_create(actor=actor_of_staff(shop["manager"]), vehicle_id=car.pk)
    assert (exc.value.code, exc.value.status) == ("offer_already_open", 409)
    assert Offer.objects.count() == 1 and OfferPrice.objects.count() == 1


def test_the_nightly_run_reprices_from_recent_trimmed_sales_and_is_idempotent(shop):
    car = priceable_vehicle(dealer_group=shop["store"].dealer_group)
    clock = FixedClock(NOW)
    offer = services.offer_create(actor=actor_of_staff(shop["manager"]), vehicle_id=car.pk, clock=clock)
    assert services.offers_reprice(clock=clock).unchanged == 1  # nothing new: no new revision
    assert OfferPrice.objects.filter(offer=offer).count() == 1
    facts = CarFacts(make="vw", model="passat", model_year=2018, mileage_km=50_000)
    for days in range(1, 25, 2):
        ref = services.market_sale_record(facts=facts, price=Decimal(1), sold_on=NOW.date()).model_price
        MarketSale.objects.filter(price=1).delete()
        services.market_sale_record(facts=facts, price=ref * Decimal("1.10"), sold_on=NOW.date() - dt.timedelta(days))
    services.market_sale_record(facts=facts, price=Decimal(999_999), sold_on=NOW.date())  # an outlier
    report = services.offers_reprice(clock=clock)
    assert (report.seen, report.changed, report.failed) == (1, 1, {})
    offer.refresh_from_db()
    latest = OfferPrice.objects.get(offer=offer, revision=2)
    assert latest.reason == "nightly" and latest.sales_trimmed == 1 and latest.sales_used == 12
    assert Decimal("1.03") < latest.market_factor < Decimal("1.10")
    assert offer.price == latest.price and offer.revision == 2
    assert services.offers_reprice(clock=clock).unchanged == 1
