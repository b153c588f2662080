"""Reads of vehicles, always scoped: staff by dealer group, owners by current ownership."""

from __future__ import annotations

import re

from django.db.models import Prefetch, Q, QuerySet

from aftercare.kernel import phones, plates
from aftercare.kernel import vin as vinlib
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.selectors import group_scope
from aftercare.vehicles import errors
from aftercare.vehicles.choices import OdometerFlag
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle, VehicleLicence, Wmi


def vehicle_scope(actor: Actor) -> Q:
    """Which vehicles the actor may see. An owner loses a car the moment its ownership ends."""
    if actor.kind == ActorKind.OWNER and actor.owner_id is not None:
        return Q(ownerships__owner_id=actor.owner_id, ownerships__ended_on__isnull=True)
    return group_scope(actor)


def _with_details(qs: QuerySet[Vehicle]) -> QuerySet[Vehicle]:
    current = Ownership.objects.filter(ended_on__isnull=True).select_related("owner")
    return qs.select_related("dealer_group").prefetch_related(
        Prefetch("ownerships", queryset=current, to_attr="current_ownerships"),
        Prefetch("licences", queryset=VehicleLicence.objects.order_by("-issue_date", "-id"), to_attr="licence_list"),
    )


def vehicle_list(*, actor: Actor, query: str = "", owner_id: int | None = None) -> QuerySet[Vehicle]:
    """Vehicles in scope, optionally matched by VIN, last 6+ of the VIN, plate or phone, or held now by one owner."""
    qs = Vehicle.objects.filter(vehicle_scope(actor))
    if query:
        qs = qs.filter(_search_q(query))
    if owner_id is not None:
        current = Ownership.objects.filter(owner_id=owner_id, ended_on__isnull=True)
        qs = qs.filter(pk__in=current.values("vehicle_id"))
    if actor.kind == ActorKind.OWNER:
        qs = qs.distinct()  # the owner scope joins ownerships
    return _with_details(qs).order_by("-created_at", "-id")


def _search_q(query: str) -> Q:
    text = query.strip()[:40]
    compact = vinlib.normalize(text)
    if compact[:1] in plates.PROVINCES:
        plate = plates.check(text)
        # A complete plate is an indexed equality; a partial one falls back to a prefix match.
        return Q(plate=plate.plate) if plate.valid else Q(plate__startswith=plates.normalize(text))
    digits = re.sub(r"\D", "", text)
    if digits and len(digits) >= 11 and len(digits) == len(re.sub(r"[\s\-+()]", "", text)):
        phone = phones.check_mobile(text)
        if phone.e164:
            # Resolve the owner through the unique phone index first, then their open ownerships.
            current = Ownership.objects.filter(owner__phone=phone.e164, ended_on__isnull=True)
            return Q(pk__in=current.values("vehicle_id"))
    if len(compact) == vinlib.VIN_LENGTH:
        return Q(vin=compact)
    if len(compact) >= 6 and compact.isalnum():
        return Q(vin__endswith=compact)
    return Q(pk__in=[])


def vehicle_get(*, actor: Actor, vehicle_id: int) -> Vehicle:
    """One vehicle in scope; a foreign vehicle is reported exactly like a missing one."""
    vehicle = _with_details(Vehicle.objects.filter(vehicle_scope(actor), pk=vehicle_id).distinct()).first()
    if vehicle is None:
        raise errors.vehicle_not_found()
    return vehicle


def vehicle_by_vin(*, vin: str) -> Vehicle | None:
    """Unscoped lookup for services deciding whether a VIN is already known."""
    return Vehicle.objects.filter(vin=vin).first()


def current_ownership(vehicle: Vehicle) -> Ownership | None:
    """The open ownership period, from the prefetched list when available."""
    cached = getattr(vehicle, "current_ownerships", None)
    if cached is not None:
        return cached[0] if cached else None
    return Ownership.objects.filter(vehicle=vehicle, ended_on__isnull=True).select_related("owner").first()


def latest_licence(vehicle: Vehicle) -> VehicleLicence | None:
    """The most recently issued licence."""
    cached = getattr(vehicle, "licence_list", None)
    if cached is not None:
        return cached[0] if cached else None
    return vehicle.licences.order_by("-issue_date", "-id").first()


def ownership_list(*, vehicle: Vehicle) -> QuerySet[Ownership]:
    """A scoped vehicle's ownership periods, newest first."""
    return Ownership.objects.filter(vehicle=vehicle).select_related("owner").order_by("-started_on", "-id")


def odometer_list(*, vehicle: Vehicle) -> QuerySet[OdometerReading]:
    """A scoped vehicle's odometer readings, newest first, flags included."""
    return OdometerReading.objects.filter(vehicle=vehicle).order_by("-read_at", "-id")


def odometer_rollbacks(*, vehicle: Vehicle) -> QuerySet[OdometerReading]:
    """A scoped vehicle's readings flagged as rollbacks (调表), newest first, with the reading each contradicts."""
    return (
        OdometerReading.objects.filter(vehicle=vehicle, flag=OdometerFlag.ROLLBACK)
        .select_related("conflicts_with")
        .order_by("-read_at", "-id")
    )


def wmi_lookup(*, wmi: str) -> Wmi | None:
    """The manufacturer row for a WMI (6-character small-maker codes first)."""
    candidates = [wmi] if len(wmi) == 3 else [wmi, wmi[:3]]
    rows = {w.code: w for w in Wmi.objects.filter(code__in=candidates)}
    return next((rows[c] for c in candidates if c in rows), None)
