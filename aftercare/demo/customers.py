"""Bulk writes of the planned owners and cars: the rows and history events the services would write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from aftercare.demo.plans import CarPlan, Context, OwnerPlan, ReadingPlan
from aftercare.history.choices import HistoryEventType
from aftercare.history.models import HistoryEvent
from aftercare.history.services import event_build, log_append_events
from aftercare.kernel.tenancy import ActorKind
from aftercare.network.models import Customer
from aftercare.owners.choices import ConsentChannel, ConsentPurpose
from aftercare.owners.models import Consent, Owner
from aftercare.owners.services import POLICY_VERSION
from aftercare.vehicles import rules
from aftercare.vehicles.choices import OwnershipSource
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleLicence


@dataclass(frozen=True)
class Placed:
    """A planned car with the rows it hangs from once they exist."""

    car: CarPlan
    vehicle: Vehicle
    owner_id: int
    owner_name: str
    actor_user_id: int


def _event(
    vehicle_id: int, kind: HistoryEventType, at: dt.datetime, actor: int | None, payload: dict[str, Any]
) -> HistoryEvent:
    """The row aftercare.history.services.event_record would append, with the same privacy check."""
    return event_build(vehicle_id=vehicle_id, event_type=kind, occurred_at=at, actor_user_id=actor, payload=payload)


def owners_insert(plans: list[OwnerPlan]) -> list[Owner]:
    """Owners, one per plan, in plan order."""
    return Owner.objects.bulk_create(Owner(name=p.name, phone=p.phone, email=p.email) for p in plans)


def customers_insert(plans: list[OwnerPlan], owners: list[Owner]) -> None:
    """Each owner becomes a customer of the store's group, with a dedicated advisor and consents."""
    Customer.objects.bulk_create(
        Customer(
            dealer_group_id=p.site.store.dealer_group_id,
            owner=o,
            advisor_id=p.advisor_id,
            since=min(c.enrolled_at for c in p.cars).date(),
        )
        for p, o in zip(plans, owners, strict=True)
    )
    Consent.objects.bulk_create(consent for p, o in zip(plans, owners, strict=True) for consent in _consents(p, o))


def _consents(plan: OwnerPlan, owner: Owner) -> list[Consent]:
    """Service consent at the first visit; marketing for some, later withdrawn by a few in the portal."""
    at = min(c.enrolled_at for c in plan.cars)
    rows = [_consent(owner, ConsentPurpose.SERVICE, True, ConsentChannel.STORE, at, plan.advisor_user_id)]
    if plan.marketing:
        rows.append(_consent(owner, ConsentPurpose.MARKETING, True, ConsentChannel.STORE, at, plan.advisor_user_id))
    if plan.marketing_withdrawn:
        later = at + dt.timedelta(days=45)
        rows.append(_consent(owner, ConsentPurpose.MARKETING, False, ConsentChannel.PORTAL, later, None))
    return rows


def _consent(owner: Owner, purpose: str, granted: bool, channel: str, at: dt.datetime, by: int | None) -> Consent:
    return Consent(
        owner=owner,
        purpose=purpose,
        granted=granted,
        channel=channel,
        policy_version=POLICY_VERSION,
        recorded_at=at,
        recorded_by_id=by,
    )


def vehicles_insert(ctx: Context, plans: list[OwnerPlan], owners: list[Owner]) -> list[Placed]:
    """Vehicles, then their licences, ownerships and registration events."""
    placed = [
        Placed(car, _vehicle(ctx, car, p.site.store.dealer_group_id), o.pk, p.name, p.advisor_user_id)
        for p, o in zip(plans, owners, strict=True)
        for car in p.cars
    ]
    Vehicle.objects.bulk_create([x.vehicle for x in placed])
    VehicleLicence.objects.bulk_create(_licence(x) for x in placed)
    Ownership.objects.bulk_create(
        Ownership(
            vehicle=x.vehicle, owner_id=x.owner_id, started_on=x.car.started_on, source=OwnershipSource.REGISTRATION
        )
        for x in placed
    )
    events = HistoryEvent.objects.bulk_create([event for x in placed for event in _registration_events(x)])
    log_append_events(events)  # the same leaves event_record would append, in one pass
    return placed


def _vehicle(ctx: Context, car: CarPlan, dealer_group_id: int) -> Vehicle:
    return Vehicle(
        vin=car.vin,
        wmi=car.make.wmi,
        manufacturer=ctx.manufacturers.get(car.make.wmi, ""),
        brand=car.make.brand,
        model=car.model.name,
        model_year=car.model_year,
        plate=car.plate,
        plate_kind=car.plate_kind,
        fuel_type=car.spec.fuel_type,
        transmission=car.spec.transmission,
        displacement_l=car.spec.displacement_l,
        dealer_group_id=dealer_group_id,
    )


def _licence(x: Placed) -> VehicleLicence:
    car = x.car
    return VehicleLicence(
        vehicle=x.vehicle,
        registered_owner_name=x.owner_name,
        plate=car.plate,
        vehicle_type=car.model.vehicle_type,
        use_type=car.use_type,
        brand_model=car.brand_model,
        engine_number=car.engine_number,
        registration_date=car.registration_date,
        issue_date=car.started_on,
    )


def _registration_events(x: Placed) -> list[HistoryEvent]:
    v, car, at = x.vehicle, x.car, x.car.enrolled_at
    return [
        _event(
            v.pk,
            HistoryEventType.VEHICLE_REGISTERED,
            at,
            x.actor_user_id,
            {"vin": v.vin, "wmi": v.wmi, "model_year": v.model_year, "by": str(ActorKind.STAFF)},
        ),
        _event(
            v.pk,
            HistoryEventType.LICENCE_RECORDED,
            at,
            x.actor_user_id,
            {
                "use_type": car.use_type,
                "vehicle_type": car.model.vehicle_type,
                "registration_date": car.registration_date.isoformat(),
                "issue_date": car.started_on.isoformat(),
            },
        ),
    ]


def _verdicts(car: CarPlan) -> list[rules.OdometerVerdict]:
    """Check each reading against the ones before it, as odometer_record does when they arrive in order."""
    seen: list[rules.Reading] = []
    verdicts = []
    for i, r in enumerate(car.readings):
        verdict = rules.odometer_check(r.km, r.read_at, seen)
        seen.append(rules.Reading(id=i, km=r.km, read_at=r.read_at, flagged=bool(verdict.flag)))
        verdicts.append(verdict)
    return verdicts


def readings_insert(placed: list[Placed]) -> int:
    """Readings and their events. Trusted readings go first so flagged ones can point at them. Returns flagged."""
    checked = [
        (x, i, r, v) for x in placed for i, (r, v) in enumerate(zip(x.car.readings, _verdicts(x.car), strict=True))
    ]
    trusted = [(x, i, r, _reading(x, r, v, None)) for x, i, r, v in checked if not v.flag]
    OdometerReading.objects.bulk_create([row for *_, row in trusted])
    # A flagged reading names the trusted one it contradicts (its index within the car).
    pk_of: dict[tuple[int, int | None], int] = {(id(x), i): row.pk for x, i, _, row in trusted}
    flagged = [(x, i, r, _reading(x, r, v, pk_of[(id(x), v.conflicts_with)])) for x, i, r, v in checked if v.flag]
    OdometerReading.objects.bulk_create([row for *_, row in flagged])
    events = HistoryEvent.objects.bulk_create(
        _event(
            x.vehicle.pk,
            HistoryEventType.ODOMETER_RECORDED,
            r.read_at,
            r.recorded_by_id,
            {"km": r.km, "source": r.source, "flag": row.flag, "reading": row.pk},
        )
        for x, _, r, row in trusted + flagged
    )
    log_append_events(events)
    return len(flagged)


def _reading(x: Placed, r: ReadingPlan, verdict: rules.OdometerVerdict, conflicts_with: int | None) -> OdometerReading:
    return OdometerReading(
        vehicle=x.vehicle,
        km=r.km,
        read_at=r.read_at,
        source=r.source,
        recorded_by_id=r.recorded_by_id,
        flag=verdict.flag,
        conflicts_with_id=conflicts_with,
    )


def customers_write(ctx: Context, plans: list[OwnerPlan]) -> int:
    """Write every planned owner and car in a few large batches; returns the number of flagged readings."""
    owners = owners_insert(plans)
    customers_insert(plans, owners)
    placed = vehicles_insert(ctx, plans, owners)
    return readings_insert(placed)
