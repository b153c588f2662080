"""Inspection services on a real database: start with pre-fill, verdicts, photos, completion, carried-over findings."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from django.utils.translation import override

from aftercare.history.models import HistoryEvent
from aftercare.inspections import selectors, services
from aftercare.inspections.models import (
    Finding,
    Inspection,
    InspectionResult,
    InspectionTemplate,
    ResultPhoto,
    Suggestion,
    TemplateItem,
)
from aftercare.inspections.tests.factories import APPRAISAL, HEALTH, bay, completed, decide_all, jpeg_bytes
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.recalls.choices import RecallKind
from aftercare.recalls.tests.factories import CampaignFactory, VehicleRecallFactory
from aftercare.vehicles.models import OdometerReading
from aftercare.vehicles.tests.factories import OdometerReadingFactory

pytestmark = pytest.mark.django_db


def test_bundled_templates_are_loaded_with_the_right_counts() -> None:
    health = InspectionTemplate.objects.get(code=HEALTH, is_current=True)
    counts = {s.code: s.items.count() for s in health.sections.all()}
    assert counts == {"drivetrain": 22, "chassis": 32, "body_electrical": 22}
    appraisal = InspectionTemplate.objects.get(code=APPRAISAL, is_current=True)
    assert [s.code for s in appraisal.sections.order_by("position")] == [
        "structure",
        "exterior",
        "interior",
        "engine_bay",
        "underbody",
        "electrical",
        "road_test",
    ]
    assert appraisal.items.filter(structural=True).count() == 13
    for item in TemplateItem.objects.all():
        assert item.name_zh and item.name_en and item.plain_zh and item.attention_en and item.urgent_zh


def test_start_creates_one_result_per_item_and_no_verdicts() -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    assert inspection.results.count() == 76
    assert not inspection.results.exclude(verdict="").exists()
    assert inspection.store == b.store and inspection.technician == b.technician
    assert len(inspection.share_token) >= 43  # 32 random bytes


def test_trouble_codes_recalls_and_odometer_pre_fill_with_reasons() -> None:
    b = bay()
    completed(b, odometer_km=78_000)
    OdometerReadingFactory(vehicle=b.vehicle, km=90_000, read_at=timezone.now())
    services.trouble_codes_record(actor=b.actor, vehicle_id=b.vehicle.pk, codes=["P0302", "B0001"])
    VehicleRecallFactory(
        vehicle=b.vehicle, campaign=CampaignFactory(component="AIR BAGS:FRONTAL", kind=RecallKind.SAFETY_RECALL)
    )
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    suggested = dict(inspection.results.exclude(suggested_verdict="").values_list("item__code", "suggested_verdict"))
    assert suggested["DT14"] == "attention"  # misfire → acceleration / ignition
    assert suggested["DT22"] == "attention"  # the fault-code scan collects every code
    assert suggested["BE17"] == "urgent"  # airbag code B00xx and an open safety recall
    assert suggested["CH04"] == "attention"  # 78,000 → 90,000 km passed the 80,000 km pad interval
    reasons = set(Suggestion.objects.filter(result__inspection=inspection).values_list("source", flat=True))
    assert reasons == {"trouble_code", "recall", "mileage"}
    assert inspection.results.filter(suggestion_state="suggested").count() == len(suggested)


def test_rollback_flag_suggests_attention_on_the_instruments() -> None:
    b = bay()
    OdometerReadingFactory(vehicle=b.vehicle, km=50_000, flag="rollback")
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    result = inspection.results.get(item__code="BE04")
    assert result.suggested_verdict == "attention"
    assert result.suggestions.get().reason == "odometer_rollback"


def test_confirm_and_override_keep_both_views() -> None:
    b = bay()
    services.trouble_codes_record(actor=b.actor, vehicle_id=b.vehicle.pk, codes=["P0420"])
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    confirmed = services.result_record(
        actor=b.actor, inspection_id=inspection.pk, item_code="DT13", verdict="attention"
    )
    overridden = services.result_record(actor=b.actor, inspection_id=inspection.pk, item_code="DT22", verdict="ok")
    assert (confirmed.suggested_verdict, confirmed.verdict, confirmed.suggestion_state) == (
        "attention",
        "attention",
        "confirmed",
    )
    assert (overridden.suggested_verdict, overridden.verdict, overridden.suggestion_state) == (
        "attention",
        "ok",
        "overridden",
    )


def test_completion_refuses_missing_verdicts_in_both_languages_and_writes_nothing() -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    services.result_record(actor=b.actor, inspection_id=inspection.pk, item_code="DT01", verdict="ok")
    for lang, needles in (
        ("en", ["75 items still need a verdict", "Coolant in engine oil"]),
        ("zh-hans", ["75", "机油有无冷却液混入"]),
    ):
        with override(lang), pytest.raises(DomainError) as exc:
            services.inspection_complete(actor=b.actor, inspection_id=inspection.pk, odometer_km=12_000)
        assert exc.value.code == "inspection_incomplete"
        with override(lang):
            message = exc.value.render_message()
        assert all(n in message for n in needles), message
    inspection.refresh_from_db()
    assert inspection.status == "in_progress"
    assert not OdometerReading.objects.filter(vehicle=b.vehicle).exists()
    assert not HistoryEvent.objects.filter(vehicle=b.vehicle, event_type="INSPECTION_COMPLETED").exists()


def test_completion_grades_records_odometer_history_and_findings() -> None:
    b = bay()
    inspection = completed(b, {"BE21": "attention", "CH04": "urgent"}, odometer_km=45_000)
    assert (inspection.status, inspection.grade) == ("completed", "poor")
    assert (inspection.ok_count, inspection.attention_count, inspection.urgent_count) == (74, 1, 1)
    reading = OdometerReading.objects.get(vehicle=b.vehicle)
    assert (reading.km, reading.source) == (45_000, "inspection")
    event = HistoryEvent.objects.get(vehicle=b.vehicle, event_type="INSPECTION_COMPLETED")
    assert event.payload["urgent"] == 1 and event.payload["inspection"] == inspection.pk
    assert not {"name", "phone"} & set(event.payload)
    findings = {f.item_code: f.severity for f in selectors.vehicle_open_findings(vehicle_id=b.vehicle.pk)}
    assert findings == {"BE21": "attention", "CH04": "urgent"}
    condition = selectors.vehicle_condition(vehicle_id=b.vehicle.pk)
    assert condition is not None
    assert (condition.grade, condition.urgent_count, condition.attention_count) == ("poor", 1, 1)


def test_findings_carry_over_to_the_next_visit_and_ok_resolves_them() -> None:
    b = bay()
    completed(b, {"BE21": "attention", "CH04": "urgent"})
    second = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    carried = second.results.get(item__code="CH04")
    assert (carried.suggested_verdict, carried.suggestions.get().source) == ("urgent", "carried_over")
    decide_all(b, second, {"BE21": "attention"})  # pads replaced: CH04 now ok
    services.inspection_complete(actor=b.actor, inspection_id=second.pk)
    open_codes = [f.item_code for f in selectors.vehicle_open_findings(vehicle_id=b.vehicle.pk)]
    assert open_codes == ["BE21"]
    resolved = Finding.objects.get(item_code="CH04")
    assert (resolved.status, resolved.resolved_by_id) == ("resolved", second.pk)
    assert selectors.vehicle_condition(vehicle_id=b.vehicle.pk).grade == "good"  # type: ignore[union-attr]


def test_appraisal_structural_damage_makes_an_accident_car() -> None:
    b = bay()
    inspection = completed(b, {"GB08": "attention"}, template=APPRAISAL)
    assert inspection.accident_suspected and inspection.grade == "poor"


def test_completed_inspection_cannot_change() -> None:
    b = bay()
    inspection = completed(b)
    assert inspection.grade == "excellent"
    with pytest.raises(DomainError) as exc:
        services.result_record(actor=b.actor, inspection_id=inspection.pk, item_code="DT01", verdict="urgent")
    assert exc.value.code == "inspection_completed"
    with pytest.raises(DomainError):
        services.inspection_complete(actor=b.actor, inspection_id=inspection.pk)


def test_bad_item_and_verdict_are_refused() -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    with pytest.raises(DomainError) as exc:
        services.result_record(actor=b.actor, inspection_id=inspection.pk, item_code="XX99", verdict="ok")
    assert exc.value.code == "item_unknown"
    with pytest.raises(DomainError) as exc:
        services.result_record(actor=b.actor, inspection_id=inspection.pk, item_code="DT01", verdict="fine")
    assert exc.value.code == "verdict_invalid"
    assert not InspectionResult.objects.filter(inspection=inspection).exclude(verdict="").exists()


def test_other_groups_and_owners_cannot_inspect() -> None:
    b = bay()
    outsider = actor_of_staff(StaffFactory(store=StoreFactory(), technician=True))
    with pytest.raises(NotFound):
        services.inspection_start(actor=outsider, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    advisor = actor_of_staff(StaffFactory(store=b.store, junior=True))
    with pytest.raises(PermissionDenied):
        services.inspection_start(actor=advisor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    assert not Inspection.objects.exists()


def test_photo_is_re_encoded_and_bad_files_are_refused() -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    png = jpeg_bytes((3000, 1000), fmt="PNG")
    photo = services.photo_add(
        actor=b.actor, inspection_id=inspection.pk, item_code="BE21", upload=io.BytesIO(png), size=len(png)
    )
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 2560, 853)
    assert photo.file.read(3) == b"\xff\xd8\xff"
    for bad in (b"", b"%PDF-1.4 not a photo", b"GIF89a" + b"\x00" * 50):
        with pytest.raises(DomainError) as exc:
            services.photo_add(
                actor=b.actor, inspection_id=inspection.pk, item_code="BE21", upload=io.BytesIO(bad), size=len(bad)
            )
        assert exc.value.code == "photo_invalid"
    with pytest.raises(DomainError):
        services.photo_add(
            actor=b.actor, inspection_id=inspection.pk, item_code="BE21", upload=io.BytesIO(png), size=11 * 2**20
        )
    assert ResultPhoto.objects.count() == 1


def test_owner_sees_only_completed_reports_of_current_cars() -> None:
    from aftercare.network.tests.factories import actor_of_owner

    b = bay()
    open_one = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    done = completed(b)
    owner = actor_of_owner(b.owner)
    assert [i.pk for i in selectors.inspection_list(actor=owner, vehicle_id=b.vehicle.pk)] == [done.pk]
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=owner, inspection_id=open_one.pk)
    stranger = actor_of_owner(OwnerFactory(login=True))
    with pytest.raises(NotFound):
        selectors.inspection_get(actor=stranger, inspection_id=done.pk)


def test_old_trouble_codes_do_not_pre_fill() -> None:
    b = bay()
    long_ago = timezone.now() - dt.timedelta(days=400)
    services.trouble_codes_record(actor=b.actor, vehicle_id=b.vehicle.pk, codes=["P0420"], read_at=long_ago)
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    assert inspection.results.get(item__code="DT13").suggested_verdict == ""


def test_trouble_code_format_is_checked() -> None:
    b = bay()
    with pytest.raises(DomainError) as exc:
        services.trouble_codes_record(actor=b.actor, vehicle_id=b.vehicle.pk, codes=["X1234"])
    assert exc.value.code == "dtc_invalid"
