"""Writes: make a one-price offer, record a market sale, and the nightly recalculation (no human edits)."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.errors import DomainError
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.valuation import conf, errors, rules
from aftercare.valuation.choices import OfferPriceReason, OfferStatus
from aftercare.valuation.engine import Valuation, value
from aftercare.valuation.models import MarketSale, Offer, OfferPrice
from aftercare.valuation.pricing.quote import CarFacts
from aftercare.valuation.selectors import condition_of, vehicle_facts
from aftercare.vehicles.choices import VehicleUseType
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.selectors import latest_licence, vehicle_get

log = logging.getLogger(__name__)

OPERATING_USE = frozenset({VehicleUseType.OPERATING, VehicleUseType.RIDE_HAILING})
MIN_SALES_FOR_MODEL_INDEX = 3


def _require_staff(actor: Actor, permission: str) -> None:
    if actor.kind not in (ActorKind.STAFF, ActorKind.OPERATOR) or not actor.can(permission):
        raise errors.not_allowed()


def market_index_for(facts: CarFacts, currency: str, today: dt.date) -> rules.MarketIndex:
    """Recent sales of the same make and model (or, if too few, the same make) against the model's prices."""
    since = today - dt.timedelta(days=rules.WINDOW_DAYS)
    sales = MarketSale.objects.filter(currency=currency, make=facts.make, sold_on__gte=since, sold_on__lte=today)
    same_model = [s for s in sales if s.model == facts.model]
    chosen = same_model if len(same_model) >= MIN_SALES_FOR_MODEL_INDEX else list(sales)
    evidence = [rules.Sale(sold_on=s.sold_on, ratio=float(s.price / s.model_price)) for s in chosen]
    return rules.market_index(evidence, today=today)


def _operating(vehicle: Vehicle) -> bool:
    licence = latest_licence(vehicle)
    return licence is not None and licence.use_type in OPERATING_USE


def _terms(valuation: Valuation, vehicle: Vehicle, today: dt.date) -> rules.OfferTerms:
    try:
        return rules.offer_terms(
            valuation.price,
            valuation.currency,
            age_years=today.year - valuation.facts.model_year,
            km=round(valuation.facts.mileage_km),
            operating=_operating(vehicle),
            bands=conf.price_bands(),
        )
    except ValueError:
        raise errors.no_price_bands(valuation.currency) from None


def _price_row(offer: Offer, valuation: Valuation, index: rules.MarketIndex, reason: str, at: dt.datetime) -> None:
    OfferPrice.objects.create(
        offer=offer,
        revision=offer.revision,
        reason=reason,
        computed_at=at,
        price=valuation.price,
        low=valuation.low,
        high=valuation.high,
        model_price=valuation.model_price,
        condition_grade=valuation.condition.grade if valuation.condition else "",
        condition_multiplier=valuation.condition_multiplier,
        market_factor=valuation.market_factor,
        sales_used=index.used,
        sales_trimmed=index.trimmed,
        model_sha256=valuation.model_sha256,
    )


def _valuation_now(vehicle: Vehicle, facts: CarFacts, today: dt.date) -> tuple[Valuation, rules.MarketIndex]:
    model, _sha = conf.active_model()
    index = market_index_for(facts, str(model.info.get("currency", "")), today)
    valuation = value(facts, today=today, condition=condition_of(vehicle.pk), market_factor=index.factor)
    return valuation, index


@transaction.atomic
def offer_create(*, actor: Actor, vehicle_id: int, clock: Clock = system_clock) -> Offer:
    """Make a one-price offer for a car in scope: model price × condition × market index, plus the band's terms."""
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    _require_staff(actor, "valuation.make_offer")
    now = clock.now()
    today = timezone.localdate(now)
    if Offer.objects.filter(vehicle=vehicle, status=OfferStatus.OPEN).exists():
        raise errors.offer_already_open()
    facts = vehicle_facts(vehicle)
    valuation, index = _valuation_now(vehicle, facts, today)
    terms = _terms(valuation, vehicle, today)
    group_id = vehicle.dealer_group_id or actor.dealer_group_id
    if group_id is None:
        raise errors.vehicle_not_found()
    try:
        with transaction.atomic():
            offer = Offer.objects.create(
                dealer_group_id=group_id,
                vehicle=vehicle,
                token=secrets.token_urlsafe(24),
                created_by_id=actor.user_id,
                created_at=now,
                currency=valuation.currency,
                price=valuation.price,
                low=valuation.low,
                high=valuation.high,
                priced_at=now,
                facts=facts.as_dict(),
                model_sha256=valuation.model_sha256,
                model_schema=valuation.schema,
                services=list(terms.services),
                warranty_tier=terms.warranty_tier,
                warranty_months=terms.warranty_months,
                warranty_km=terms.warranty_km,
                warranty_systems=list(terms.warranty_systems),
                return_days=terms.return_days,
                legal_minimum_applied=terms.legal_minimum_applied,
            )
    except IntegrityError:
        raise errors.offer_already_open() from None
    _price_row(offer, valuation, index, OfferPriceReason.CREATED, now)
    return offer


@dataclass
class RepriceReport:
    """What one nightly run did."""

    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: dict[str, int] = field(default_factory=dict)


def _facts_for(offer: Offer) -> CarFacts:
    """Today's facts (new odometer readings count); the offer's own facts when the record cannot be read."""
    try:
        return vehicle_facts(offer.vehicle)
    except DomainError:
        stored = dict(offer.facts)
        stored.pop("extras", None)
        return CarFacts(**stored)


def offer_reprice(*, offer_id: int, clock: Clock = system_clock) -> bool:
    """Recompute one open offer; a new revision only when the price or interval changed. True if changed."""
    now = clock.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        offer = Offer.objects.select_for_update().select_related("vehicle").get(pk=offer_id)
        if offer.status != OfferStatus.OPEN:
            return False
        valuation, index = _valuation_now(offer.vehicle, _facts_for(offer), today)
        if (valuation.price, valuation.low, valuation.high) == (offer.price, offer.low, offer.high):
            return False
        terms = _terms(valuation, offer.vehicle, today)
        offer.revision += 1
        offer.price, offer.low, offer.high, offer.priced_at = valuation.price, valuation.low, valuation.high, now
        offer.model_sha256 = valuation.model_sha256
        offer.warranty_tier, offer.warranty_months = terms.warranty_tier, terms.warranty_months
        offer.warranty_km, offer.return_days = terms.warranty_km, terms.return_days
        offer.legal_minimum_applied = terms.legal_minimum_applied
        offer.save()
        _price_row(offer, valuation, index, OfferPriceReason.NIGHTLY, now)
        return True


def offers_reprice(*, clock: Clock = system_clock) -> RepriceReport:
    """The nightly recalculation of every open offer; one offer's failure does not stop the others."""
    report = RepriceReport()
    for offer_id in Offer.objects.filter(status=OfferStatus.OPEN).order_by("pk").values_list("pk", flat=True):
        report.seen += 1
        try:
            changed = offer_reprice(offer_id=offer_id, clock=clock)
        except DomainError as exc:
            report.failed[exc.code] = report.failed.get(exc.code, 0) + 1
            log.warning("offer %s not repriced: %s", offer_id, exc.code)
            continue
        if changed:
            report.changed += 1
        else:
            report.unchanged += 1
    return report


@transaction.atomic
def market_sale_record(
    *,
    facts: CarFacts,
    price: Decimal,
    sold_on: dt.date,
    dealer_group_id: int | None = None,
    vehicle_id: int | None = None,
) -> MarketSale:
    """Record a transaction with the model's price for that car on that day (the ratio feeds the index)."""
    if price <= 0:
        raise errors.invalid_input({"price": ["> 0"]})
    valuation = value(facts, today=sold_on, with_factors=False)
    return MarketSale.objects.create(
        dealer_group_id=dealer_group_id,
        vehicle_id=vehicle_id,
        make=facts.make,
        model=facts.model,
        model_year=facts.model_year,
        mileage_km=round(facts.mileage_km),
        currency=valuation.currency,
        price=price,
        model_price=valuation.model_price,
        sold_on=sold_on,
    )
