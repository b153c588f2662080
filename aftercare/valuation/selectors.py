"""Reads: a scoped vehicle's valuation, offers by id (scoped) or by link token (the document link)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from aftercare.inspections.selectors import vehicle_condition
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.valuation import aliases, conf, errors, rules
from aftercare.valuation.engine import Condition, Valuation, facts_problems, known_makes, value
from aftercare.valuation.models import Offer, OfferPrice
from aftercare.valuation.pricing.quote import CarFacts
from aftercare.valuation.vehicle_facts import spec_facts
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.selectors import odometer_list, vehicle_get, vehicle_scope


def vehicle_facts(vehicle: Vehicle) -> CarFacts:
    """The facts the active model needs, read from the vehicle record; refuses what cannot be mapped."""
    model, _sha = conf.active_model()
    problems: dict[str, list[str | Promise]] = {}
    make_model = None
    if model.info.get("schema") == "uk":
        make_model = aliases.uk_make_model(vehicle.brand, vehicle.model)
        if make_model is None:
            problems["model"] = [
                _("%(brand)s %(model)s was not sold in the market this model was trained on (%(market)s).")
                % {"brand": vehicle.brand, "model": vehicle.model, "market": model.info.get("market", "")}
            ]
    elif vehicle.brand and vehicle.model:
        make_model = (vehicle.brand, vehicle.model)
    if vehicle.model_year is None:
        problems["model_year"] = [_("The model year is not recorded.")]
    reading = odometer_list(vehicle=vehicle).filter(flag="").first()
    if reading is None:
        problems["mileage_km"] = [_("No trusted odometer reading is recorded.")]
    if problems or make_model is None or reading is None or vehicle.model_year is None:
        raise errors.vehicle_facts_missing(problems)
    spec = spec_facts(
        fuel_type=vehicle.fuel_type, transmission=vehicle.transmission, displacement_l=vehicle.displacement_l
    )
    return CarFacts(
        make=make_model[0], model=make_model[1], model_year=vehicle.model_year, mileage_km=reading.km, **spec
    )


def condition_of(vehicle_id: int) -> Condition | None:
    """The inspection grade that adjusts the price, from the inspections app."""
    found = vehicle_condition(vehicle_id=vehicle_id)
    if found is None:
        return None
    return Condition(
        grade=found.grade,
        urgent_count=found.urgent_count,
        attention_count=found.attention_count,
        inspected_at=found.inspected_at,
    )


def vehicle_valuation(*, actor: Actor, vehicle_id: int, clock: Clock = system_clock) -> Valuation:
    """What a car in the actor's scope is worth today, with its inspection condition applied."""
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    today = timezone.localdate(clock.now())
    return value(vehicle_facts(vehicle), today=today, condition=condition_of(vehicle.pk))


def _offer_scope(actor: Actor) -> QuerySet[Offer]:
    if actor.kind == ActorKind.OWNER:
        # An owner sees the offers on cars they hold now, like every other vehicle read.
        return Offer.objects.filter(vehicle__in=Vehicle.objects.filter(vehicle_scope(actor)))
    if actor.kind == ActorKind.OPERATOR:
        return Offer.objects.all()
    if actor.kind == ActorKind.STAFF and actor.dealer_group_id is not None:
        return Offer.objects.filter(dealer_group_id=actor.dealer_group_id)
    return Offer.objects.none()


def offer_get(*, actor: Actor, offer_id: int) -> Offer:
    """One offer in scope; a foreign offer is reported exactly like a missing one."""
    offer = _offer_scope(actor).filter(pk=offer_id).select_related("vehicle", "dealer_group").first()
    if offer is None:
        raise errors.offer_not_found()
    return offer


def offer_by_token(*, token: str) -> Offer:
    """The offer document behind a link; anyone holding the link may read it (that is what a link is for)."""
    offer = None
    if 20 <= len(token) <= 64:
        offer = Offer.objects.filter(token=token).select_related("vehicle", "dealer_group").first()
    if offer is None:
        raise errors.offer_not_found()
    return offer


def offer_list(*, actor: Actor, vehicle_id: int | None = None) -> QuerySet[Offer]:
    """Offers in scope, newest first."""
    qs = _offer_scope(actor).select_related("vehicle", "dealer_group")
    if vehicle_id is not None:
        qs = qs.filter(vehicle_id=vehicle_id)
    return qs.order_by("-created_at", "-id")


def offer_prices(offer: Offer) -> QuerySet[OfferPrice]:
    """An offer's price history, newest first."""
    return OfferPrice.objects.filter(offer=offer).order_by("-revision")


def today_of(clock: Clock = system_clock) -> dt.date:
    return timezone.localdate(clock.now())


def facts_valuation(
    *, actor: Actor, facts: CarFacts, condition_grade: str | None = None, clock: Clock = system_clock
) -> Valuation:
    """Value a car described by hand (staff console, integrations, an owner's what-if); nothing is stored."""
    if actor.kind == ActorKind.ANONYMOUS:
        raise errors.not_allowed()
    today = today_of(clock)
    problems: dict[str, list[str | Promise]] = {}
    messages = {
        "required": _("This field is required."),
        "unknown_make": _("The valuation model does not know this make."),
        "out_of_range": _("This value is out of range."),
    }
    for name, codes in facts_problems(facts, known_makes(), today).items():
        problems[name] = [str(messages[c]) for c in codes]
    if condition_grade and condition_grade not in rules.CONDITION_GRADES:
        problems["condition_grade"] = [_("Choose excellent, good, fair or poor.")]
    if problems:
        raise errors.invalid_input(problems)
    condition = Condition(grade=condition_grade) if condition_grade else None
    return value(facts, today=today, condition=condition)
