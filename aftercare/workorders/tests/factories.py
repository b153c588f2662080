"""Test helpers for work orders: a store desk (advisor, technicians, an owner's car) and work orders driven
through the real services to any state."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from aftercare.kernel.tenancy import Actor
from aftercare.network.models import Staff, Store
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_owner, actor_of_staff
from aftercare.owners.models import Owner
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.models import Vehicle, VehicleLicence
from aftercare.vehicles.tests.factories import vehicle_with_owner
from aftercare.workorders import services
from aftercare.workorders.choices import DeliveryStep
from aftercare.workorders.models import EstimateLine, JobType, WorkOrder
from aftercare.workorders.services import reference_data_seed


def jpeg(
    size: tuple[int, int] = (320, 200), color: tuple[int, int, int] = (180, 40, 40), name: str = "car.jpg"
) -> SimpleUploadedFile:
    """A real JPEG upload."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@dataclass
class Desk:
    """A store's people and an owner's car, with the actors their requests run as."""

    store: Store
    advisor: Staff
    technician: Staff
    senior: Staff
    owner: Owner
    vehicle: Vehicle

    @property
    def advisor_actor(self) -> Actor:
        return actor_of_staff(self.advisor)

    @property
    def technician_actor(self) -> Actor:
        return actor_of_staff(self.technician)

    @property
    def senior_actor(self) -> Actor:
        return actor_of_staff(self.senior)

    @property
    def owner_actor(self) -> Actor:
        return actor_of_owner(self.owner)


def desk(store: Store | None = None, *, registration_date: dt.date = dt.date(2016, 5, 10)) -> Desk:
    """A store with an advisor, a junior and a senior technician, and an owner (with login) whose car it serves."""
    reference_data_seed()
    store = store or StoreFactory()
    advisor = StaffFactory(store=store, level="junior")
    technician = StaffFactory(store=store, technician=True)
    senior = StaffFactory(store=store, technician=True, level="senior")
    owner = OwnerFactory(login=True)
    vehicle = vehicle_with_owner(dealer_group=store.dealer_group, owner=owner, advisor=advisor)
    VehicleLicence.objects.create(
        vehicle=vehicle,
        registered_owner_name=owner.name,
        plate=vehicle.plate,
        vehicle_type="小型轿车",
        use_type="private",
        registration_date=registration_date,
        issue_date=dt.date(2024, 6, 1),
    )
    return Desk(store, advisor, technician, senior, owner, vehicle)


def job(code: str) -> JobType:
    reference_data_seed()
    return JobType.objects.get(code=code)


def check_in_data(**overrides: Any) -> services.CheckInInput:
    args: dict[str, Any] = {
        "odometer_km": 52_000,
        "fuel_level": "50",
        "concerns": "刹车有异响",
        "job_type_id": job("brake_service").pk,
    }
    return services.CheckInInput(**(args | overrides))


def walk_in(d: Desk, **overrides: Any) -> WorkOrder:
    return services.work_order_walk_in(actor=d.advisor_actor, vehicle_id=d.vehicle.pk, data=check_in_data(**overrides))


def labour(
    code: str = "brake_service", hours: str = "1.5", level: str = "intermediate", text: str = "更换前刹车片"
) -> services.LineInput:
    return services.LineInput(
        kind="labour", job_type_id=job(code).pk, description=text, hours=Decimal(hours), technician_level=level
    )


def part(
    code: str = "brake_service",
    qty: str = "1",
    price: str = "480.00",
    number: str = "1K0698151",
    text: str = "前刹车片",
) -> services.LineInput:
    return services.LineInput(
        kind="part",
        job_type_id=job(code).pk,
        description=text,
        part_number=number,
        brand="Bosch",
        part_class="equivalent",
        quantity=Decimal(qty),
        unit="套",
        unit_price=Decimal(price),
    )


def estimated(d: Desk, lines: list[services.LineInput] | None = None) -> tuple[WorkOrder, list[EstimateLine]]:
    """A walk-in with an estimate sent to the owner."""
    wo = walk_in(d)
    services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state="diagnosing")
    made = [
        services.estimate_line_add(actor=d.advisor_actor, work_order_id=wo.pk, data=x)
        for x in (lines or [labour(), part()])
    ]
    services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="estimated")
    return WorkOrder.objects.get(pk=wo.pk), made


def approved(d: Desk, lines: list[services.LineInput] | None = None) -> WorkOrder:
    wo, made = estimated(d, lines)
    for line in made:
        if d.owner.user_id:
            services.line_decide(actor=d.owner_actor, line_id=line.pk, decision="approved")
        else:  # an owner without a login approves by phone, as the advisor records
            services.line_decide(actor=d.advisor_actor, line_id=line.pk, decision="approved", channel="phone")
    return WorkOrder.objects.get(pk=wo.pk)


def ready(d: Desk, lines: list[services.LineInput] | None = None) -> WorkOrder:
    wo = approved(d, lines)
    for state in ("in_progress", "quality_check"):
        services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state=state)
    return services.quality_check_record(actor=d.senior_actor, work_order_id=wo.pk, passed=True)


def delivered(d: Desk, lines: list[services.LineInput] | None = None) -> WorkOrder:
    wo = ready(d, lines)
    services.invoice_issue(actor=d.advisor_actor, work_order_id=wo.pk)
    return services.delivery_confirm(
        actor=d.advisor_actor,
        work_order_id=wo.pk,
        steps=list(DeliveryStep.values),
        old_parts_disposal="returned",
        next_service_date=dt.date.today() + dt.timedelta(days=180),
        next_service_km=(wo.odometer_km or 0) + 5000,
    )


# ------------------------------------------------------------------------------------------------
# Worlds for the cross-tenant and bad-input API tables (looked up by name from the vehicles tests)
# ------------------------------------------------------------------------------------------------


def _staff_desk(store_id: int, vehicle_id: int) -> Desk:
    """A Desk view of an existing store's people and one of its group's cars (for the API worlds)."""
    from aftercare.vehicles.models import Ownership

    store = Store.objects.get(pk=store_id)
    manager = Staff.objects.filter(store=store, role="manager").first()
    technician = Staff.objects.filter(store=store, role="technician").first()
    owner = Ownership.objects.get(vehicle_id=vehicle_id, ended_on__isnull=True).owner
    vehicle = Vehicle.objects.get(pk=vehicle_id)
    assert manager is not None and technician is not None
    return Desk(store, manager, technician, manager, owner, vehicle)


def _two_lines() -> list[services.LineInput]:
    return [labour(), part()]


def workorders_world(vehicles: dict[int, list[int]], stores: dict[int, list[int]]) -> dict[str, Any]:
    """Per group, work orders in the states the endpoints need, built through the services by the manager of the
    group's first store: estimated (owner has a login), checked in, quality check, ready without and with an
    invoice, delivered (owner has a login)."""
    reference_data_seed()
    by_group: dict[int, list[int]] = {}
    lines_by_group: dict[int, list[int]] = {}
    owner_of: dict[int, int] = {}
    line_owner_of: dict[int, int] = {}
    own: dict[int, dict[str, int]] = {}
    for group_id, vehicle_ids in vehicles.items():
        desks = [_staff_desk(stores[group_id][0], v) for v in vehicle_ids[:8]]
        est, est_lines = estimated(desks[0], _two_lines())
        checked = walk_in(desks[4])
        qc = approved(desks[5], _two_lines())
        for state in ("in_progress", "quality_check"):
            services.work_order_transition(actor=desks[5].technician_actor, work_order_id=qc.pk, to_state=state)
        bare = ready(desks[6], _two_lines())
        billed = ready(desks[7], _two_lines())
        services.invoice_issue(actor=desks[7].advisor_actor, work_order_id=billed.pk)
        done = delivered(desks[2], _two_lines())
        orders = [est, checked, qc, bare, billed, done]
        by_group[group_id] = [w.pk for w in orders]
        for w in orders:
            owner_of[w.pk] = w.owner_id or 0
            for line_id in EstimateLine.objects.filter(work_order=w).values_list("pk", flat=True):
                lines_by_group.setdefault(group_id, []).append(line_id)
                line_owner_of[line_id] = w.owner_id or 0
        own[group_id] = {
            "estimated": est.pk,
            "pending_line": est_lines[0].pk,
            "removable_line": est_lines[1].pk,
            "checked_in": checked.pk,
            "quality_check": qc.pk,
            "ready": bare.pk,
            "invoiced": billed.pk,
            "delivered": done.pk,
            "delivered_owner": done.owner_id or 0,
        }
    return {
        "by_group": by_group,
        "lines_by_group": lines_by_group,
        "owner_of": owner_of,
        "line_owner_of": line_owner_of,
        "own": own,
    }


def errors_world(store_id: int, vehicle_id: int) -> dict[str, int]:
    """For the bad-input API tests: the car checked in with an estimate of two lines (sent to the owner)."""
    reference_data_seed()
    d = _staff_desk(store_id, vehicle_id)
    wo, lines = estimated(d, _two_lines())
    return {"work_order_id": wo.pk, "line_id": lines[0].pk, "job_type_id": job("brake_service").pk}
