"""Inspections in the demo, written through the real services: scan-tool trouble codes, completed health checks
with realistic findings (the demo owner's car among them), one appraisal, and one health check left in
progress at the first store so the demo technician finds machine suggestions waiting on the tablet page."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Q

from aftercare.demo import logins
from aftercare.demo.network import Site
from aftercare.inspections import services
from aftercare.inspections.importers import dtc_import
from aftercare.inspections.models import (
    Finding,
    Inspection,
    InspectionResult,
    ResultPhoto,
    TroubleCode,
    VehicleTroubleCode,
)
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.phones import check_mobile
from aftercare.kernel.tenancy import Actor
from aftercare.network.models import Staff
from aftercare.network.selectors import actor_for_user
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle

DTC_FILE = "obd_codes/mytrile_obd_trouble_codes.csv"
HEALTH, APPRAISAL = "health76", "appraisal_gbt30323"
CARS_PER_STORE = 3
STORES = 8

# (item, verdict, technician's note): what technicians commonly write on a used car's health check.
FINDINGS = (
    ("BE21", "attention", "左后门两处细小划痕，约3厘米"),
    ("BE21", "attention", "前保险杠右角掉漆"),
    ("CH04", "attention", "前刹车片剩余约4毫米"),
    ("CH04", "urgent", "前刹车片剩余约2毫米，已到极限"),
    ("CH25", "attention", "右前轮花纹深度2.5毫米"),
    ("CH26", "attention", "轮胎生产日期2018年，胎侧有老化细纹"),
    ("CH07", "attention", "刹车油含水量3%"),
    ("BE15", "attention", "空调滤芯较脏"),
    ("BE01", "attention", "电瓶静态电压12.2伏"),
    ("BE11", "attention", "前挡风玻璃左下角一处石击点"),
    ("DT09", "attention", "发动机皮带有细小裂纹"),
    ("DT01", "attention", "机油偏黑，距上次保养约9000公里"),
    ("CH21", "attention", "左前平衡杆胶套老化"),
    ("BE10", "attention", "雨刮片刮不干净"),
    ("CH18", "urgent", "右前减震器漏油"),
    ("DT18", "attention", "变速箱油封轻微渗油"),
)
CODES = (("P0420",), ("P0302",), ("P0171", "P0174"), ("C0035",), ("B1318",), ("P0442",))


@dataclass(frozen=True)
class InspectionsSummary:
    completed: int
    in_progress: int
    trouble_codes: int


def _technician(site: Site) -> tuple[Staff, Actor] | None:
    staff = (
        site.technicians[0] if site.technicians else Staff.objects.filter(store=site.store, role="technician").first()
    )
    if staff is None:
        return None
    from django.contrib.auth import get_user_model

    return staff, actor_for_user(get_user_model().objects.get(pk=staff.user_id))


def _km_at(vehicle: Vehicle, at: dt.datetime) -> int | None:
    """A plausible reading at `at`: a little above the last one before it; None when later readings exist."""
    readings = OdometerReading.objects.filter(vehicle=vehicle, flag="")
    if readings.filter(read_at__gt=at).exists():
        return None
    before = readings.filter(read_at__lte=at).order_by("-km").first()
    # from the VIN, not the primary key: the same seed gives the same kilometres after a reset
    return (before.km if before else 20_000) + 400 + zlib.crc32(vehicle.vin.encode()) % 1500


def _inspect(
    actor: Actor, vehicle: Vehicle, at: dt.datetime, findings: list[tuple[str, str, str]], *, template: str = HEALTH
) -> Inspection:
    """One inspection done at `at`: machine suggestions confirmed (or overridden when a finding says otherwise)."""
    clock = FixedClock(at)
    km = _km_at(vehicle, at)
    inspection = services.inspection_start(
        actor=actor, vehicle_id=vehicle.pk, template_code=template, odometer_km=km, clock=clock
    )
    chosen = {code: (verdict, note) for code, verdict, note in findings}
    flagged = InspectionResult.objects.filter(inspection=inspection).exclude(suggested_verdict="")
    for result in flagged.select_related("item"):
        verdict, note = chosen.pop(result.item.code, (result.suggested_verdict, ""))
        if result.suggestions.filter(source="mileage").exists() and result.item.code not in {c for c, _, _ in findings}:
            verdict, note = "ok", "按里程检查，状况良好"  # the technician looked and overrode the machine
        services.result_record(
            actor=actor,
            inspection_id=inspection.pk,
            item_code=result.item.code,
            verdict=verdict,
            note=note,
            clock=clock,
        )
    for code, (verdict, note) in chosen.items():
        services.result_record(
            actor=actor, inspection_id=inspection.pk, item_code=code, verdict=verdict, note=note, clock=clock
        )
    for section in inspection.template.sections.all():
        services.section_mark_ok(actor=actor, inspection_id=inspection.pk, section_code=section.code, clock=clock)
    return services.inspection_complete(actor=actor, inspection_id=inspection.pk, clock=clock)


def _dictionary() -> None:
    path = Path(settings.AFTERCARE_DATA_DIR) / DTC_FILE
    if path.exists() and not TroubleCode.objects.exists():
        dtc_import(path=path)


def _demo_owner_cars() -> list[Vehicle]:
    phone = check_mobile(logins.DEMO_OWNER_PHONE).e164 or logins.DEMO_OWNER_PHONE
    held = Ownership.objects.filter(owner__phone=phone, ended_on__isnull=True).order_by("started_on", "id")
    return [o.vehicle for o in held.select_related("vehicle")]


def inspections_demo(*, rng: random.Random, now: dt.datetime, sites: list[Site]) -> InspectionsSummary:
    """Trouble codes, completed health checks and one appraisal across the first stores, plus the showcase."""
    _dictionary()
    codes = completed = 0
    for site in sites[:STORES]:
        tech = _technician(site)
        if tech is None:
            continue
        _staff, actor = tech
        cars = list(Vehicle.objects.filter(dealer_group=site.store.dealer_group).order_by("id")[: CARS_PER_STORE * 4])
        for vehicle in rng.sample(cars, min(CARS_PER_STORE, len(cars))):
            at = now - dt.timedelta(days=rng.randint(3, 40), hours=rng.randint(0, 6))
            if rng.random() < 0.5:
                picked = rng.choice(CODES)
                services.trouble_codes_record(
                    actor=actor, vehicle_id=vehicle.pk, codes=list(picked), read_at=at - dt.timedelta(minutes=30)
                )
                codes += len(picked)
            findings = rng.sample(FINDINGS, rng.randint(0, 4))
            _inspect(actor, vehicle, at, [(c, v, n) for c, v, n in findings])
            completed += 1
    in_progress = _showcase(rng, now, sites[0])
    if in_progress:
        completed += 2
        codes += 3
    return InspectionsSummary(completed=completed, in_progress=int(in_progress), trouble_codes=codes)


def _showcase(rng: random.Random, now: dt.datetime, site: Site) -> bool:
    """The demo owner's car: a health check last month with findings, a pre-sale appraisal, and (for the demo
    technician) a new health check in progress with trouble codes and the carried-over findings pre-filled."""
    tech = _technician(site)
    cars = _demo_owner_cars()
    if tech is None or not cars:
        return False
    _staff, actor = tech
    car = cars[0]
    month_ago = now - dt.timedelta(days=33)
    services.trouble_codes_record(actor=actor, vehicle_id=car.pk, codes=["P0420"], read_at=month_ago)
    _inspect(
        actor,
        car,
        month_ago + dt.timedelta(minutes=40),
        [
            ("BE21", "attention", "左后门两处细小划痕，约3厘米"),
            ("CH04", "urgent", "前刹车片剩余约2毫米"),
            ("CH26", "attention", "备胎生产日期2017年"),
            ("BE15", "attention", "空调滤芯较脏"),
        ],
    )
    second = cars[-1]
    _inspect(
        actor, second, now - dt.timedelta(days=12), [("GB23", "attention", "行李箱盖边缘补漆痕迹")], template=APPRAISAL
    )
    services.trouble_codes_record(
        actor=actor, vehicle_id=car.pk, codes=["P0302", "C0035"], read_at=now - dt.timedelta(hours=2)
    )
    services.inspection_start(
        actor=actor, vehicle_id=car.pk, template_code=HEALTH, clock=FixedClock(now - dt.timedelta(hours=1))
    )
    return True


def inspections_demo_delete(*, vehicle_ids: list[int], store_ids: list[int]) -> None:
    """Remove the demo's inspections, findings and recorded trouble codes (children first: links are PROTECT)."""
    in_demo = Q(vehicle_id__in=vehicle_ids) | Q(store_id__in=store_ids)
    inspections = Inspection.objects.filter(in_demo)
    linked = Q(first_inspection__in=inspections) | Q(last_inspection__in=inspections) | Q(resolved_by__in=inspections)
    Finding.objects.filter(Q(vehicle_id__in=vehicle_ids) | linked).delete()
    ResultPhoto.objects.filter(result__inspection__in=inspections).delete()
    inspections.delete()
    VehicleTroubleCode.objects.filter(vehicle_id__in=vehicle_ids).delete()
