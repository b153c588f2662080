"""Work-order services against a real database: the state machine, check-in, estimate and decisions, progress,
quality check, invoice (benefits once, discount, VAT), delivery, payment, closing with its history event."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone, translation

from aftercare.history.models import HistoryEvent
from aftercare.homecoming.models import Benefit
from aftercare.homecoming.tests.factories import enrol, participate
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.payments.models import PaymentRequest
from aftercare.payments.providers import FakeProvider, provider_get
from aftercare.payments.services import webhook_receive
from aftercare.recalls.models import VehicleRecall
from aftercare.recalls.tests.factories import open_recall_for
from aftercare.vehicles.models import OdometerReading
from aftercare.vehicles.tests.factories import OdometerReadingFactory
from aftercare.workorders import selectors, services
from aftercare.workorders.models import Activity, Attachment, EstimateLine, Invoice, LabourRate, WorkOrder
from aftercare.workorders.tests import factories as f

pytestmark = pytest.mark.django_db
D = Decimal


def snapshot() -> tuple:
    return (
        list(WorkOrder.objects.values_list("pk", "status")),
        EstimateLine.objects.count(),
        Attachment.objects.count(),
        Activity.objects.count(),
        OdometerReading.objects.count(),
        Invoice.objects.count(),
    )


def pay(wo: WorkOrder, actor) -> PaymentRequest:
    result = services.work_order_payment_request(
        actor=actor, work_order_id=wo.pk, channel="wechat", idempotency_key=f"key-{wo.pk}-0001"
    )
    provider = provider_get("fake")
    assert isinstance(provider, FakeProvider)
    body, headers = provider.notification(
        provider_ref=result.payment.provider_ref, amount=result.payment.amount, succeeded=True, now=timezone.now()
    )
    assert webhook_receive(provider_name="fake", body=body, headers=headers).outcome == "applied"
    return result.payment


# --- check-in -----------------------------------------------------------------------------------


def test_walk_in_check_in_records_odometer_fuel_photos_and_moves_to_checked_in() -> None:
    d = f.desk()
    wo = f.walk_in(d, photos=[f.jpeg(), f.jpeg(color=(10, 10, 200))])
    assert wo.status == "checked_in" and wo.number.startswith("WO")
    assert wo.odometer_km == 52_000 and wo.fuel_level == "50" and wo.concerns == "刹车有异响"
    reading = OdometerReading.objects.get(pk=wo.odometer_reading_id)
    assert (reading.km, reading.source, reading.vehicle_id) == (52_000, "check_in", d.vehicle.pk)
    photos = list(selectors.check_in_photos(work_order=wo))
    assert len(photos) == 2 and all(p.content_type == "image/jpeg" for p in photos)
    assert default_storage.exists(photos[0].file.name)
    kinds = list(Activity.objects.filter(work_order=wo).values_list("kind", flat=True))
    assert kinds == ["created", "check_in", "transition"]


def test_a_rolled_back_odometer_is_flagged_not_refused() -> None:
    d = f.desk()
    OdometerReadingFactory(vehicle=d.vehicle, km=80_000)
    wo = f.walk_in(d, odometer_km=30_000)
    assert wo.odometer_reading.flag == "rollback"
    assert "rollback" in Activity.objects.get(work_order=wo, kind="check_in").note


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"odometer_km": None}, "odometer_km"),
        ({"odometer_km": -1}, "odometer_km"),
        ({"fuel_level": "half"}, "fuel_level"),
        ({"concerns": "x" * 1001}, "concerns"),
        ({"job_type_id": 999_999}, "job_type_id"),
    ],
)
def test_bad_check_in_input_names_the_field_and_writes_nothing(overrides, field) -> None:
    d = f.desk()
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        f.walk_in(d, **overrides)
    assert caught.value.code == "invalid_input" and field in caught.value.fields
    assert snapshot() == before


def test_a_file_that_is_not_a_photo_is_refused_with_its_name() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = f.desk()
    before = snapshot()
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(DomainError) as caught, translation.override("en"):
        f.walk_in(d, photos=[f.jpeg(), fake])
    assert caught.value.render_fields()["photos"] == ["virus.jpg: This file is not a photo we can read."]
    assert snapshot() == before


def test_check_in_needs_the_permission_and_a_car_in_scope() -> None:
    d, other = f.desk(), f.desk()
    with pytest.raises(PermissionDenied):
        services.work_order_walk_in(actor=d.technician_actor, vehicle_id=d.vehicle.pk, data=f.check_in_data())
    with pytest.raises(NotFound):
        services.work_order_walk_in(actor=d.advisor_actor, vehicle_id=other.vehicle.pk, data=f.check_in_data())


def test_a_car_has_one_open_work_order_at_a_time() -> None:
    d = f.desk()
    f.walk_in(d)
    with pytest.raises(DomainError) as caught:
        f.walk_in(d)
    assert caught.value.code == "vehicle_has_open_work_order"


# --- the state machine ----------------------------------------------------------------------------


def test_only_rows_of_the_transition_table_can_be_taken() -> None:
    d = f.desk()
    wo = f.walk_in(d)
    with pytest.raises(DomainError) as caught:
        services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="ready")
    assert caught.value.code == "transition_not_allowed" and caught.value.status == 409
    services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state="diagnosing")
    with pytest.raises(DomainError) as caught:  # guard: no estimate lines yet
        services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="estimated")
    assert caught.value.code == "estimate_empty"
    assert WorkOrder.objects.get(pk=wo.pk).status == "diagnosing"


def test_a_transition_needs_its_permission() -> None:
    d = f.desk()
    wo, _lines = f.estimated(d)
    with pytest.raises(PermissionDenied):  # the junior technician may not cancel
        services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state="cancelled", note="x")


def test_cancelling_needs_a_reason_and_is_refused_once_work_is_approved() -> None:
    d = f.desk()
    wo = f.walk_in(d)
    with pytest.raises(DomainError) as caught:
        services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="cancelled")
    assert "note" in caught.value.fields
    done = services.work_order_transition(
        actor=d.advisor_actor, work_order_id=wo.pk, to_state="cancelled", note="车主改期"
    )
    assert (done.status, done.cancelled_reason) == ("cancelled", "车主改期")
    d2 = f.desk()
    wo2, (lab, _prt) = f.estimated(d2)
    services.line_decide(actor=d2.owner_actor, line_id=lab.pk, decision="approved")
    with pytest.raises(DomainError) as caught:
        services.work_order_transition(actor=d2.advisor_actor, work_order_id=wo2.pk, to_state="cancelled", note="x")
    assert caught.value.code == "work_already_approved"


def test_status_cannot_be_set_directly() -> None:
    d = f.desk()
    wo = f.walk_in(d)
    wo.status = "closed"
    with pytest.raises(ValueError, match="work_order_transition"):
        wo.save()
    fresh = WorkOrder.objects.get(pk=wo.pk)
    fresh.concerns = "更新"
    fresh.save()  # other fields save; the status column is never written by save()
    assert WorkOrder.objects.get(pk=wo.pk).status == "checked_in"


def test_admin_and_model_forms_have_no_status_field() -> None:
    from django import forms
    from django.contrib import admin

    from aftercare.workorders.models import EstimateLine as Line

    class AllFields(forms.ModelForm):
        class Meta:
            model = WorkOrder
            fields = "__all__"  # noqa: DJ007

    assert "status" not in AllFields().fields
    assert "decision" not in forms.modelform_factory(Line, fields="__all__")().fields
    model_admin = admin.site._registry[WorkOrder]
    assert not model_admin.has_change_permission(request=None)
    assert not model_admin.has_add_permission(request=None)


# --- estimate and decisions -----------------------------------------------------------------------


def test_labour_uses_the_store_rate_for_the_level_and_parts_quantity_times_price() -> None:
    d = f.desk()
    LabourRate.objects.create(store=d.store, level="intermediate", hourly_rate=D("175.00"))
    wo = f.walk_in(d)
    lab = services.estimate_line_add(actor=d.advisor_actor, work_order_id=wo.pk, data=f.labour(hours="1.5"))
    assert (lab.hourly_rate, lab.amount, lab.vat_rate) == (D("175.00"), D("262.50"), D("0.130"))
    senior = services.estimate_line_add(
        actor=d.advisor_actor, work_order_id=wo.pk, data=f.labour(hours="0.5", level="senior")
    )
    assert (senior.hourly_rate, senior.amount) == (D("220.00"), D("110.00"))  # the network default
    prt = services.estimate_line_add(actor=d.advisor_actor, work_order_id=wo.pk, data=f.part(qty="2", price="239.90"))
    assert (prt.amount, prt.brand, prt.part_number, prt.unit) == (D("479.80"), "Bosch", "1K0698151", "套")


def test_bad_line_input_names_the_fields_and_writes_nothing() -> None:
    d = f.desk()
    wo = f.walk_in(d)
    before = snapshot()
    bad = services.LineInput(kind="part", job_type_id=None, description="", quantity=D("0"), unit_price=D("-1"))
    with pytest.raises(DomainError) as caught:
        services.estimate_line_add(actor=d.advisor_actor, work_order_id=wo.pk, data=bad)
    assert set(caught.value.fields) == {"job_type_id", "description", "part_number", "brand", "quantity", "unit_price"}
    assert snapshot() == before


def test_owner_approves_one_line_and_declines_the_other_online() -> None:
    d = f.desk()
    wo, (lab, prt) = f.estimated(d, [f.labour(), f.part(code="tyre_alignment", text="轮胎")])
    services.line_decide(actor=d.owner_actor, line_id=lab.pk, decision="approved")
    assert WorkOrder.objects.get(pk=wo.pk).status == "estimated"
    declined = services.line_decide(actor=d.owner_actor, line_id=prt.pk, decision="declined")
    assert declined.decision_channel == "portal" and declined.decided_by_id == d.owner.user_id
    assert WorkOrder.objects.get(pk=wo.pk).status == "approved"
    log = Activity.objects.filter(work_order=wo, kind__in=["line_approved", "line_declined"]).order_by("id")
    assert [(a.kind, a.line_id, a.channel, a.by_user_id) for a in log] == [
        ("line_approved", lab.pk, "portal", d.owner.user_id),
        ("line_declined", prt.pk, "portal", d.owner.user_id),
    ]
    assert list(selectors.vehicle_deferred_work(vehicle_id=d.vehicle.pk)) == [declined]
    with pytest.raises(DomainError) as caught:
        services.line_decide(actor=d.owner_actor, line_id=prt.pk, decision="approved")
    assert caught.value.code == "line_already_decided"


def test_the_advisor_records_a_phone_approval_with_its_channel() -> None:
    d = f.desk()
    _wo, (lab, _prt) = f.estimated(d)
    with pytest.raises(DomainError) as caught:
        services.line_decide(actor=d.advisor_actor, line_id=lab.pk, decision="approved")
    assert "channel" in caught.value.fields
    line = services.line_decide(actor=d.advisor_actor, line_id=lab.pk, decision="approved", channel="phone")
    assert (line.decision_channel, line.decided_by_id) == ("phone", d.advisor.user_id)
    with pytest.raises(PermissionDenied):
        services.line_decide(actor=d.technician_actor, line_id=_prt.pk, decision="approved", channel="phone")


def test_another_owner_cannot_see_or_decide_the_lines() -> None:
    d, other = f.desk(), f.desk()
    _wo, (lab, _prt) = f.estimated(d)
    with pytest.raises(NotFound):
        services.line_decide(actor=other.owner_actor, line_id=lab.pk, decision="approved")
    assert EstimateLine.objects.get(pk=lab.pk).decision == "pending"


def test_a_deferred_line_is_taken_up_on_the_next_visit() -> None:
    d = f.desk()
    wo, (lab, prt) = f.estimated(d)
    services.line_decide(actor=d.owner_actor, line_id=lab.pk, decision="approved")
    services.line_decide(actor=d.owner_actor, line_id=prt.pk, decision="declined")
    carried = services.LineInput(**{**f.part().__dict__, "carried_over_from_id": prt.pk})
    line = services.estimate_line_add(actor=d.advisor_actor, work_order_id=wo.pk, data=carried)
    assert line.carried_over_from_id == prt.pk
    assert list(selectors.vehicle_deferred_work(vehicle_id=d.vehicle.pk)) == []
    with pytest.raises(DomainError) as caught:  # taken up once only
        services.estimate_line_add(actor=d.advisor_actor, work_order_id=wo.pk, data=carried)
    assert "carried_over_from_id" in caught.value.fields


def test_extra_work_found_during_the_repair_blocks_quality_check_until_decided() -> None:
    d = f.desk()
    wo = f.approved(d)
    services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state="in_progress")
    extra = services.estimate_line_add(
        actor=d.advisor_actor, work_order_id=wo.pk, data=f.part(text="刹车油", number="B000750M3", price="88.00")
    )
    with pytest.raises(DomainError) as caught:
        services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state="quality_check")
    assert caught.value.code == "lines_pending"
    services.line_decide(actor=d.owner_actor, line_id=extra.pk, decision="approved")
    moved = services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state="quality_check")
    assert moved.status == "quality_check"


# --- progress, quality check, invoice, delivery, payment, close ------------------------------------


def test_progress_post_with_photos_and_the_part_used() -> None:
    d = f.desk()
    wo = f.approved(d)
    post = services.progress_post(
        actor=d.technician_actor,
        work_order_id=wo.pk,
        data=services.ProgressInput(
            text="旧刹车片已拆下，厚度仅剩2mm",
            files=[f.jpeg()],
            part_name="前刹车片",
            part_brand="Bosch",
            part_number="0986AB1234",
            old_part_photo=f.jpeg(color=(60, 60, 60)),
            new_part_photo=f.jpeg(color=(250, 250, 250)),
        ),
    )
    purposes = sorted(post.attachments.values_list("purpose", flat=True))
    assert purposes == ["new_part", "old_part", "progress"]
    with pytest.raises(DomainError) as caught:
        services.progress_post(
            actor=d.technician_actor,
            work_order_id=wo.pk,
            data=services.ProgressInput(text=" ", old_part_photo=f.jpeg()),
        )
    assert set(caught.value.fields) == {"text", "part_name"}


def test_quality_check_failure_sends_the_car_back_with_a_reason() -> None:
    d = f.desk()
    wo = f.approved(d)
    for state in ("in_progress", "quality_check"):
        services.work_order_transition(actor=d.technician_actor, work_order_id=wo.pk, to_state=state)
    with pytest.raises(PermissionDenied):  # a junior technician may not sign off
        services.quality_check_record(actor=d.technician_actor, work_order_id=wo.pk, passed=True)
    with pytest.raises(DomainError):
        services.quality_check_record(actor=d.senior_actor, work_order_id=wo.pk, passed=False, notes="")
    back = services.quality_check_record(actor=d.senior_actor, work_order_id=wo.pk, passed=False, notes="异响仍在")
    assert back.status == "in_progress" and back.qc_passed_at is None
    with pytest.raises(DomainError) as caught:  # cannot skip to ready without a passed check
        services.work_order_transition(actor=d.senior_actor, work_order_id=wo.pk, to_state="ready")
    assert caught.value.code == "transition_not_allowed"


def _enrolled(d: f.Desk) -> None:
    participate(d.store)
    enrol(d.vehicle, held_since=dt.date(2024, 6, 1))


def test_the_invoice_applies_the_free_oil_service_once_and_the_car_age_discount() -> None:
    d = f.desk(registration_date=dt.date(2016, 5, 10))
    _enrolled(d)
    wo = f.ready(
        d,
        [
            f.labour("oil_service", "0.5", "junior", "保养工时"),
            f.part("oil_service", "1", "368.00", "SN0W40", "机油4L"),
            f.labour(),
            f.part(),
        ],
    )
    invoice = services.invoice_issue(actor=d.advisor_actor, work_order_id=wo.pk)
    assert len(invoice.number) == 20 and invoice.labour_amount == D("300.00") and invoice.parts_amount == D("848.00")
    oil = Benefit.objects.get(vehicle=d.vehicle, kind="oil_service")
    assert (oil.status, oil.reference, oil.redeemed_store_id) == ("redeemed", wo.number, d.store.pk)
    by_ref = {line["description"]: line for line in invoice.lines}
    assert by_ref["保养工时"]["payable"] == "0.00" and by_ref["机油4L"]["payable"] == "0.00"
    brake = by_ref["更换前刹车片"]
    assert D(brake["discount"]) > 0 and brake["discounts"][0]["source"] == "percent"
    assert invoice.total == invoice.net_total + invoice.tax_total
    assert invoice.total == sum((D(x["payable"]) for x in invoice.lines), D("0"))
    assert invoice.total == invoice.labour_amount + invoice.parts_amount - invoice.discount_total
    with pytest.raises(DomainError) as caught:
        services.invoice_issue(actor=d.advisor_actor, work_order_id=wo.pk)
    assert caught.value.code == "invoice_already_issued"


def test_delivery_needs_all_six_steps_and_shows_the_guarantee() -> None:
    d = f.desk()
    wo = f.ready(d)
    with pytest.raises(DomainError) as caught:
        services.delivery_confirm(
            actor=d.advisor_actor, work_order_id=wo.pk, steps=["invoice", "old_parts", "next_service"]
        )
    assert set(caught.value.fields) == {"steps", "old_parts_disposal", "next_service_date"}
    services.invoice_issue(actor=d.advisor_actor, work_order_id=wo.pk)
    partial = services.delivery_confirm(actor=d.advisor_actor, work_order_id=wo.pk, steps=["cleanliness", "items_done"])
    assert partial.status == "ready"
    with pytest.raises(DomainError) as caught:
        services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="delivered")
    assert caught.value.code == "delivery_incomplete"
    done = services.delivery_confirm(
        actor=d.advisor_actor,
        work_order_id=wo.pk,
        steps=["old_parts", "explanations", "invoice", "next_service"],
        old_parts_disposal="returned",
        next_service_date=timezone.localdate() + dt.timedelta(days=180),
        next_service_km=57_000,
    )
    assert done.status == "delivered" and done.delivered_at is not None
    end = services.guarantee_of(done)
    assert end is not None and (end.days, end.km, end.until_km) == (
        10,
        2_000,
        54_000,
    )  # minor repair: 2,000 km / 10 days


def test_closing_needs_the_payment_and_writes_the_history_event() -> None:
    d = f.desk()
    wo = f.delivered(d)
    with pytest.raises(DomainError) as caught:
        services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="closed")
    assert caught.value.code == "invoice_unpaid"
    pay(wo, d.owner_actor)
    closed = services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="closed")
    assert closed.status == "closed"
    event = HistoryEvent.objects.get(vehicle=d.vehicle, event_type="WORK_ORDER_CLOSED")
    assert event.payload["work_order"] == wo.number and event.payload["km"] == 52_000
    assert event.payload["jobs"] == ["brake_service"] and event.payload["total"] == str(closed.invoice.total)
    text = json.dumps(event.payload, ensure_ascii=False)
    assert d.owner.name not in text and d.owner.phone not in text


def test_a_recall_done_in_the_work_order_is_completed_through_the_recalls_service() -> None:
    d = f.desk()
    recall_id = open_recall_for(d.vehicle.pk)
    line = services.LineInput(
        **{**f.labour("recall_campaign", "1.0", "junior", "召回：更换燃油泵").__dict__, "vehicle_recall_id": recall_id}
    )
    wo = f.delivered(d, [line])
    pay(wo, d.owner_actor)
    services.work_order_transition(actor=d.advisor_actor, work_order_id=wo.pk, to_state="closed")
    recall = VehicleRecall.objects.get(pk=recall_id)
    assert (recall.status, recall.work_order_ref) == ("completed", wo.number)


def test_the_owner_rates_once_after_delivery() -> None:
    d = f.desk()
    wo = f.ready(d)
    with pytest.raises(DomainError) as caught:
        services.work_order_rate(actor=d.owner_actor, work_order_id=wo.pk, stars=5)
    assert caught.value.code == "work_order_wrong_state"
    services.invoice_issue(actor=d.advisor_actor, work_order_id=wo.pk)
    services.delivery_confirm(
        actor=d.advisor_actor,
        work_order_id=wo.pk,
        steps=["cleanliness", "items_done", "old_parts", "explanations", "invoice", "next_service"],
        old_parts_disposal="waived",
        next_service_date=timezone.localdate() + dt.timedelta(days=90),
    )
    with pytest.raises(DomainError) as caught:
        services.work_order_rate(actor=d.owner_actor, work_order_id=wo.pk, stars=6)
    assert "stars" in caught.value.fields
    rated = services.work_order_rate(actor=d.owner_actor, work_order_id=wo.pk, stars=4, comment="讲解清楚")
    assert (rated.rating, rated.rating_comment) == (4, "讲解清楚")
    with pytest.raises(DomainError) as caught:
        services.work_order_rate(actor=d.owner_actor, work_order_id=wo.pk, stars=1)
    assert caught.value.code == "already_rated"
    with pytest.raises(PermissionDenied):
        services.work_order_rate(actor=d.advisor_actor, work_order_id=wo.pk, stars=5)
