"""Factories and helpers for inspection tests: a store with a technician and a customer's car."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from aftercare.inspections import services
from aftercare.inspections.models import Inspection
from aftercare.kernel.tenancy import Actor
from aftercare.network.models import Staff, Store
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_staff
from aftercare.owners.models import Owner
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import Vehicle
from aftercare.vehicles.tests.factories import vehicle_with_owner

HEALTH = "health76"
APPRAISAL = "appraisal_gbt30323"


@dataclass
class Bay:
    """One store, its technician (as an Actor), a customer's car and its owner (with a login)."""

    store: Store
    technician: Staff
    actor: Actor
    vehicle: Vehicle
    owner: Owner


def bay(**vehicle_fields: object) -> Bay:
    store = StoreFactory()
    technician = StaffFactory(store=store, technician=True)
    owner = OwnerFactory(login=True)
    vehicle = vehicle_with_owner(dealer_group=store.dealer_group, owner=owner, **vehicle_fields)
    return Bay(store, technician, actor_of_staff(technician), vehicle, owner)


def decide_all(b: Bay, inspection: Inspection, verdicts: dict[str, str] | None = None, default: str = "ok") -> None:
    """Give every item a verdict (default ok; `verdicts` overrides by item code)."""
    verdicts = verdicts or {}
    for result in inspection.results.select_related("item"):
        code = result.item.code
        services.result_record(
            actor=b.actor, inspection_id=inspection.pk, item_code=code, verdict=verdicts.get(code, default)
        )


def completed(b: Bay, verdicts: dict[str, str] | None = None, template: str = HEALTH, **kw: object) -> Inspection:
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=template)
    decide_all(b, inspection, verdicts)
    return services.inspection_complete(actor=b.actor, inspection_id=inspection.pk, **kw)  # type: ignore[arg-type]


def jpeg_bytes(size: tuple[int, int] = (640, 480), fmt: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def _start_as(staff: Staff, vehicle_id: int, verdict: str | None) -> Inspection:
    """An inspection by one staff member; with `verdict`, every item already decided (fast, for API worlds)."""
    inspection = services.inspection_start(
        actor=actor_of_staff(staff), vehicle_id=vehicle_id, template_code=HEALTH, odometer_km=None
    )
    if verdict:
        inspection.results.update(verdict=verdict)
    return inspection


def inspections_world(vehicles: dict[int, list[int]], stores: dict[int, list[int]]) -> dict[str, object]:
    """Inspections for the cross-tenant API tests: per group four completed and one open, on different cars."""
    from aftercare.vehicles.models import Ownership

    by_group: dict[int, list[int]] = {}
    owner_of: dict[int, int] = {}
    own: dict[int, dict[str, int]] = {}
    for group_id, store_ids in stores.items():
        technician = Staff.objects.filter(store_id=store_ids[0], role="technician").first()
        assert technician is not None
        by_group[group_id] = []
        for i, vehicle_id in enumerate(vehicles[group_id][:5]):
            inspection = _start_as(technician, vehicle_id, "ok" if i < 4 else None)
            if i < 4:
                services.inspection_complete(actor=actor_of_staff(technician), inspection_id=inspection.pk)
            by_group[group_id].append(inspection.pk)
            current = Ownership.objects.filter(vehicle_id=vehicle_id, ended_on__isnull=True).first()
            if current is not None and i < 4:
                owner_of[inspection.pk] = current.owner_id
        own[group_id] = {"done": by_group[group_id][0], "open": by_group[group_id][4]}
    return {"by_group": by_group, "owner_of": owner_of, "own": own}


def inspection_ready_to_complete(group_id: int, vehicle_id: int) -> int:
    """A fresh inspection of a group's car with every item decided, for a control call to /complete."""
    technician = Staff.objects.filter(dealer_group_id=group_id, role="technician").first()
    assert technician is not None
    return _start_as(technician, vehicle_id, "ok").pk


def errors_world(vehicle_id: int) -> dict[str, int]:
    """An open inspection of the bad-input tests' car, started by its store's technician."""
    vehicle = Vehicle.objects.get(pk=vehicle_id)
    technician = Staff.objects.filter(dealer_group_id=vehicle.dealer_group_id, role="technician").first()
    assert technician is not None
    return {"inspection_id": _start_as(technician, vehicle_id, None).pk}
