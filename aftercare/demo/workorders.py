"""Demo work orders, written through the real services: at the first stores, cars in every stage of the loop —
checked in, waiting for the owner's approval (the demo owner 13800138000's car), in progress with photos, ready
with an invoice, delivered, and closed and paid through the fake payment provider."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from PIL import Image, ImageDraw

from aftercare.demo import logins
from aftercare.demo.network import Site
from aftercare.demo.plans import Context
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.tenancy import Actor
from aftercare.network.models import Staff
from aftercare.network.selectors import actor_for_user
from aftercare.payments.models import PaymentRequest, WebhookEvent
from aftercare.payments.providers import FakeProvider, provider_get
from aftercare.payments.services import webhook_receive
from aftercare.vehicles.models import OdometerReading, Ownership, Vehicle
from aftercare.workorders import services
from aftercare.workorders.choices import DeliveryStep
from aftercare.workorders.models import (
    Activity,
    Attachment,
    BenefitUse,
    DeliveryCheck,
    EstimateLine,
    Invoice,
    JobType,
    ProgressPost,
    WorkOrder,
)

BRAKES = [
    ("labour", "brake_service", "更换前刹车片", {"hours": "1.5", "technician_level": "intermediate"}),
    (
        "part",
        "brake_service",
        "前刹车片（一套）",
        {"part_number": "0986AB2757", "brand": "Bosch", "quantity": "1", "unit_price": "486.00"},
    ),
]
EXTRA = (
    "part",
    "tyre_alignment",
    "米其林轮胎 205/55 R16",
    {"part_number": "MI-2055516-P4", "brand": "Michelin", "quantity": "2", "unit_price": "698.00"},
)
OIL = [
    ("labour", "oil_service", "常规保养工时", {"hours": "0.8", "technician_level": "junior"}),
    (
        "part",
        "oil_service",
        "全合成机油 5W-30 4L",
        {"part_number": "SN-5W30-4L", "brand": "Shell", "quantity": "1", "unit_price": "398.00"},
    ),
    (
        "part",
        "oil_service",
        "机油滤清器",
        {"part_number": "W712/95", "brand": "MANN", "quantity": "1", "unit_price": "68.00"},
    ),
]


def _photo(text: str, color: tuple[int, int, int]) -> SimpleUploadedFile:
    image = Image.new("RGB", (960, 720), color)
    ImageDraw.Draw(image).rectangle((60, 520, 900, 640), fill=(250, 250, 250))
    ImageDraw.Draw(image).text((80, 560), text, fill=(30, 30, 30))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return SimpleUploadedFile(f"{text}.jpg", out.getvalue(), content_type="image/jpeg")


def _actor(staff: Staff) -> Actor:
    return actor_for_user(get_user_model().objects.get(pk=staff.user_id))


def _line(kind: str, job: str, text: str, extra: dict[str, str]) -> services.LineInput:
    values: dict[str, Any] = {
        k: Decimal(v) if k in ("hours", "quantity", "unit_price") else v for k, v in extra.items()
    }
    return services.LineInput(kind=kind, job_type_id=JobType.objects.get(code=job).pk, description=text, **values)


def _km(vehicle_id: int, rng_step: int) -> int:
    last = OdometerReading.objects.filter(vehicle_id=vehicle_id, flag="").order_by("-read_at").first()
    return (last.km if last else 30_000) + rng_step


class _Shop:
    """One store's demo people and the clock the demo moves along."""

    def __init__(self, site: Site, at: dt.datetime) -> None:
        assert site.manager is not None and site.advisors and site.technicians
        self.site = site
        self.advisor = _actor(site.advisors[0])
        self.technician = _actor(site.technicians[0])
        self.manager = _actor(site.manager)
        self.clock = FixedClock(at)

    def tick(self, minutes: int = 20) -> FixedClock:
        self.clock.advance(dt.timedelta(minutes=minutes))
        return self.clock

    def check_in(self, vehicle_id: int, job: str, concerns: str, km: int) -> WorkOrder:
        data = services.CheckInInput(
            odometer_km=km,
            fuel_level="50",
            concerns=concerns,
            job_type_id=JobType.objects.get(code=job).pk,
            photos=[_photo("front", (120, 130, 140)), _photo("left", (110, 120, 135))],
        )
        return services.work_order_walk_in(actor=self.advisor, vehicle_id=vehicle_id, data=data, clock=self.tick())

    def estimate(self, wo: WorkOrder, lines: list[tuple[str, str, str, dict[str, str]]]) -> list[EstimateLine]:
        services.work_order_transition(
            actor=self.technician, work_order_id=wo.pk, to_state="diagnosing", clock=self.tick()
        )
        made = [
            services.estimate_line_add(actor=self.manager, work_order_id=wo.pk, data=_line(*x), clock=self.tick(5))
            for x in lines
        ]
        services.work_order_transition(actor=self.manager, work_order_id=wo.pk, to_state="estimated", clock=self.tick())
        return made

    def decide(self, lines: list[EstimateLine], declined: int | None = None) -> None:
        for i, line in enumerate(lines):
            decision = "declined" if i == declined else "approved"
            services.line_decide(
                actor=self.manager, line_id=line.pk, decision=decision, channel="phone", clock=self.tick(3)
            )

    def work(self, wo: WorkOrder, text: str, part: str = "") -> None:
        services.work_order_transition(
            actor=self.technician, work_order_id=wo.pk, to_state="in_progress", clock=self.tick()
        )
        data = services.ProgressInput(
            text=text,
            files=[_photo("work", (90, 100, 110))],
            part_name=part,
            part_brand="Bosch" if part else "",
            old_part_photo=_photo("old", (70, 60, 50)) if part else None,
            new_part_photo=_photo("new", (200, 200, 205)) if part else None,
        )
        services.progress_post(actor=self.technician, work_order_id=wo.pk, data=data, clock=self.tick(40))

    def finish(self, wo: WorkOrder) -> None:
        services.work_order_transition(
            actor=self.technician, work_order_id=wo.pk, to_state="quality_check", clock=self.tick()
        )
        services.quality_check_record(actor=self.manager, work_order_id=wo.pk, passed=True, clock=self.tick())
        services.invoice_issue(actor=self.manager, work_order_id=wo.pk, clock=self.tick(5))

    def deliver(self, wo: WorkOrder) -> None:
        services.delivery_confirm(
            actor=self.manager,
            work_order_id=wo.pk,
            steps=list(DeliveryStep.values),
            old_parts_disposal="returned",
            next_service_date=self.clock.now().date() + dt.timedelta(days=180),
            next_service_km=(wo.odometer_km or 0) + 5000,
            clock=self.tick(),
        )

    def pay_and_close(self, wo: WorkOrder) -> None:
        owner_user = Ownership.objects.get(vehicle_id=wo.vehicle_id, ended_on__isnull=True).owner.user_id
        payer = actor_for_user(get_user_model().objects.get(pk=owner_user)) if owner_user else self.manager
        result = services.work_order_payment_request(
            actor=payer, work_order_id=wo.pk, channel="wechat", idempotency_key=f"demo-{wo.number}", clock=self.tick(5)
        )
        provider = provider_get("fake")
        assert isinstance(provider, FakeProvider)
        body, headers = provider.notification(
            provider_ref=result.payment.provider_ref, amount=result.payment.amount, succeeded=True, now=self.clock.now()
        )
        webhook_receive(provider_name="fake", body=body, headers=headers, clock=self.clock)
        services.work_order_transition(actor=self.manager, work_order_id=wo.pk, to_state="closed", clock=self.tick())


def _cars(site: Site, exclude: set[int], n: int) -> list[int]:
    owned = Ownership.objects.filter(ended_on__isnull=True).values("vehicle_id")
    qs = Vehicle.objects.filter(dealer_group_id=site.store.dealer_group_id, pk__in=owned).exclude(pk__in=exclude)
    return list(qs.order_by("pk").values_list("pk", flat=True)[:n])


def _demo_owner_car(site: Site) -> int | None:
    held = Ownership.objects.filter(owner__phone=logins.demo_owner_e164(), ended_on__isnull=True)
    return (
        held.filter(vehicle__dealer_group_id=site.store.dealer_group_id)
        .order_by("vehicle_id")
        .values_list("vehicle_id", flat=True)
        .first()
    )


def workorders_demo(ctx: Context, sites: list[Site]) -> int:
    """Work orders in every stage at the first three stores; returns how many were made."""
    if "fake" not in _enabled():
        return 0
    made = 0
    mine = _demo_owner_car(sites[0])
    for n, site in enumerate(sites[:3]):
        shop = _Shop(site, ctx.now - dt.timedelta(hours=18))  # the day so far, ending before now
        taken = {mine} if mine else set()
        cars = _cars(site, taken, 5)
        if len(cars) < 5:
            continue
        if n == 0 and mine:  # the demo owner's car waits for their decision, extra work included
            wo = shop.check_in(mine, "brake_service", "刹车时有异响，方向盘轻微抖动", _km(mine, 800))
            shop.estimate(wo, [*BRAKES, EXTRA])
            made += 1
        closed = shop.check_in(cars[0], "oil_service", "按里程常规保养", _km(cars[0], 1200))
        shop.decide(shop.estimate(closed, OIL))
        shop.work(closed, "已更换机油和机滤，检查底盘无渗漏。", "机油滤清器")
        shop.finish(closed)
        shop.deliver(closed)
        shop.pay_and_close(closed)
        delivered = shop.check_in(cars[1], "brake_service", "刹车踏板偏软", _km(cars[1], 900))
        shop.decide(shop.estimate(delivered, [*BRAKES, EXTRA]), declined=2)
        shop.work(delivered, "前刹车片剩余2mm，已更换。", "前刹车片")
        shop.finish(delivered)
        shop.deliver(delivered)
        ready = shop.check_in(cars[2], "brake_service", "刹车异响", _km(cars[2], 600))
        shop.decide(shop.estimate(ready, BRAKES))
        shop.work(ready, "刹车片更换完成，路试正常。", "前刹车片")
        shop.finish(ready)
        working = shop.check_in(cars[3], "oil_service", "保养，顺便检查空调", _km(cars[3], 700))
        shop.decide(shop.estimate(working, OIL))
        shop.work(working, "车辆已上举升机，正在更换机油。")
        shop.check_in(cars[4], "health_check", "二手车过户后首次到店检查", _km(cars[4], 300))
        made += 5
    return made


def _enabled() -> tuple[str, ...]:
    from aftercare.payments.providers import enabled_providers

    return enabled_providers()


def workorders_demo_delete(*, vehicle_ids: list[int], store_ids: list[int]) -> None:
    """For the demo reset: work orders of the demo's cars and stores, and their payments, go first (PROTECTed)."""
    orders = WorkOrder.objects.filter(Q(vehicle_id__in=vehicle_ids) | Q(store_id__in=store_ids))
    invoices = Invoice.objects.filter(work_order__in=orders)
    references = list(invoices.values_list("payment_reference", flat=True))
    WebhookEvent.objects.filter(payment__reference__in=references).delete()
    PaymentRequest.objects.filter(reference__in=references).delete()
    for attachment in Attachment.objects.filter(work_order__in=orders):
        attachment.file.delete(save=False)
    BenefitUse.objects.filter(invoice__in=invoices).delete()
    invoices.delete()
    for model in (Activity, DeliveryCheck, ProgressPost, Attachment):
        model.objects.filter(work_order__in=orders).delete()
    EstimateLine.objects.filter(work_order__in=orders).update(carried_over_from=None)
    EstimateLine.objects.filter(work_order__in=orders).delete()
    orders.delete()
