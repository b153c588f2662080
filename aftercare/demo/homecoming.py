"""Homecoming in the demo, written through the real services: every store participates, a share of the customers'
cars are enrolled (some vouchers already used, one at another group's store), and the demo owner has one car
enrolled, one eligible but not enrolled, and one bought a month ago (refused until day 101)."""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from PIL import Image, ImageDraw

from aftercare.demo import logins
from aftercare.demo.network import Site
from aftercare.demo.plans import Context, car_plan
from aftercare.homecoming import rules as homecoming_rules
from aftercare.homecoming import services
from aftercare.homecoming.models import Benefit, Enrolment, ParticipatingStore
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.selectors import actor_for_user
from aftercare.owners.models import Owner
from aftercare.vehicles.choices import VehicleUseType
from aftercare.vehicles.inputs import LicenceInput
from aftercare.vehicles.models import Ownership, Vehicle
from aftercare.vehicles.services import OwnerInput, odometer_record, vehicle_register

ENROL_SHARE = 0.12
CHANNELS = ("dealer_4s", "used_car_dealer", "used_car_dealer", "private_sale", "online", "auction")
RECENT_DAYS = 30


@dataclass(frozen=True)
class HomecomingSummary:
    """What the demo's Homecoming holds."""

    stores: int
    enrolled: int
    redeemed: int


def licence_photo(seed: int) -> bytes:
    """A stand-in for a photographed vehicle licence: a pale green card with ruled lines, no real data."""
    rng = random.Random(seed)
    image = Image.new("RGB", (900, 600), (224, 236, 226))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 860, 560), outline=(70, 110, 90), width=4)
    draw.rectangle((60, 60, 840, 110), fill=(70, 110, 90))
    for row in range(7):
        y = 150 + row * 55
        draw.line((70, y + 30, 830, y + 30), fill=(150, 170, 160), width=2)
        draw.rectangle((80, y, 80 + rng.randint(200, 600), y + 18), fill=(90, 100, 110))
    draw.ellipse((680, 400, 820, 540), outline=(200, 60, 60), width=5)  # the issuing office's seal
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _owner_actor(owner_id: int, user_id: int | None) -> Actor:
    return Actor(kind=ActorKind.OWNER, user_id=user_id, owner_id=owner_id)


def _staff_actor(site: Site) -> Actor:
    return actor_for_user(get_user_model().objects.get(pk=site.advisors[0].user_id))


def _enrol(ctx: Context, vehicle: Vehicle, ownership: Ownership, actor: Actor, rng: random.Random) -> Enrolment:
    earliest = homecoming_rules.eligible_from(ownership.started_on, 100)
    first = max(earliest, ctx.today - dt.timedelta(days=240))
    day = first + dt.timedelta(days=rng.randint(0, max(0, (ctx.today - first).days - 1)))
    at = dt.datetime.combine(day, dt.time(2 + rng.randint(0, 8), rng.randint(0, 59)), tzinfo=dt.UTC)
    return services.enrolment_apply(
        actor=actor,
        vehicle_id=vehicle.pk,
        held_since=ownership.started_on,
        purchase_channel=rng.choice(CHANNELS),
        owner_kind="individual",
        photo=licence_photo(vehicle.pk),
        clock=FixedClock(at),
    )


def _redeem(enrolment: Enrolment, kind: str, site: Site, rng: random.Random, now: dt.datetime, code: str = "") -> None:
    benefit = enrolment.benefits.get(kind=kind)
    at = enrolment.applied_at + dt.timedelta(days=rng.randint(1, 20), hours=rng.randint(0, 6))
    services.benefit_redeem(
        actor=_staff_actor(site),
        benefit_id=benefit.pk,
        store_id=site.store.pk,
        reference=f"WO-{site.store.code.upper()}-{benefit.pk:05d}",
        wallet_code=code,
        clock=FixedClock(min(at, now)),
    )


def _customers(ctx: Context, sites: list[Site], rng: random.Random) -> tuple[int, int]:
    """Enrol a share of the customers' cars; use some vouchers at home and one at another group's store."""
    site_of = {s.store.dealer_group_id: s for s in reversed(sites)}
    demo_owner = logins.demo_owner_e164()
    held = Ownership.objects.filter(
        ended_on__isnull=True,
        vehicle__dealer_group_id__in=list(site_of),
        started_on__lte=ctx.today - dt.timedelta(days=101),
    ).exclude(owner__phone=demo_owner)
    rows = list(held.select_related("vehicle", "owner").order_by("vehicle_id"))
    chosen = [r for r in rows if rng.random() < ENROL_SHARE]
    enrolled = redeemed = 0
    for n, ownership in enumerate(chosen):
        home = site_of[ownership.vehicle.dealer_group_id or 0]
        by_store = n % 3 == 0
        actor = _staff_actor(home) if by_store else _owner_actor(ownership.owner_id, ownership.owner.user_id)
        enrolment = _enrol(ctx, ownership.vehicle, ownership, actor, rng)
        enrolled += 1
        if n % 2 == 0:
            _redeem(enrolment, "health_check", home, rng, ctx.now)
            redeemed += 1
        if n % 5 == 1:
            elsewhere = next(s for s in sites if s.store.dealer_group_id != home.store.dealer_group_id)
            _redeem(enrolment, "oil_service", elsewhere, rng, ctx.now, code=enrolment.wallet_code)
            redeemed += 1
    return enrolled, redeemed


def _demo_owner(ctx: Context, site: Site, rng: random.Random) -> tuple[int, int]:
    """The demo owner: the BYD enrolled (health check used), the home-brand car left for the journey, and a car
    bought a month ago that Homecoming refuses until day 101."""
    owner = Owner.objects.get(phone=logins.demo_owner_e164())
    current = Ownership.objects.filter(owner=owner, ended_on__isnull=True).select_related("vehicle")
    byd = next((o for o in current if o.vehicle.wmi == "LGX"), None)
    enrolled = redeemed = 0
    if byd is not None and byd.started_on <= ctx.today - dt.timedelta(days=101):
        enrolment = _enrol(ctx, byd.vehicle, byd, _owner_actor(owner.pk, owner.user_id), rng)
        _redeem(enrolment, "health_check", site, rng, ctx.now)
        enrolled, redeemed = 1, 1
    recent = car_plan(ctx, site, make=site.make, model=site.make.models[0], use_type=VehicleUseType.PRIVATE)
    bought = ctx.today - dt.timedelta(days=RECENT_DAYS)
    advisor = _staff_actor(site)
    vehicle = vehicle_register(
        actor=advisor,
        vin=recent.vin,
        plate=recent.plate,
        licence=LicenceInput(
            registered_owner_name=logins.DEMO_OWNER_NAME,
            vehicle_type=recent.model.vehicle_type,
            use_type=VehicleUseType.PRIVATE,
            registration_date=min(recent.registration_date, bought),
            issue_date=bought,
            brand_model=recent.brand_model,
            engine_number=recent.engine_number,
        ),
        owner=OwnerInput(phone=logins.DEMO_OWNER_PHONE, name=logins.DEMO_OWNER_NAME),
        owned_since=bought,
        odometer_km=recent.readings[0].km,
        specification=recent.specification,
        clock=FixedClock(dt.datetime.combine(bought, dt.time(3, 0), tzinfo=dt.UTC)),
    )
    odometer_record(
        actor=advisor,
        vehicle_id=vehicle.pk,
        km=recent.readings[0].km + 1_200,
        read_at=ctx.now - dt.timedelta(days=3),
        source="owner",
        clock=FixedClock(ctx.now),
    )
    return enrolled, redeemed


def homecoming_demo(ctx: Context, sites: list[Site]) -> HomecomingSummary:
    """Every demo store participates; enrolments and redemptions as described in the module docstring."""
    ParticipatingStore.objects.bulk_create(ParticipatingStore(store=s.store) for s in sites)
    rng = random.Random(ctx.rng.getrandbits(64))
    owner_enrolled, owner_redeemed = _demo_owner(ctx, sites[0], rng)
    enrolled, redeemed = _customers(ctx, sites, rng)
    return HomecomingSummary(stores=len(sites), enrolled=enrolled + owner_enrolled, redeemed=redeemed + owner_redeemed)


def homecoming_demo_delete(*, vehicle_ids: list[int], store_ids: list[int]) -> None:
    """For the demo reset: Homecoming rows hanging from the demo's cars and stores go first (they are PROTECTed)."""
    enrolments = Enrolment.objects.filter(Q(vehicle_id__in=vehicle_ids) | Q(store_id__in=store_ids))
    for enrolment in enrolments.exclude(photo=""):
        enrolment.photo.delete(save=False)
    Benefit.objects.filter(Q(enrolment__in=enrolments) | Q(vehicle_id__in=vehicle_ids)).delete()
    Benefit.objects.filter(redeemed_store_id__in=store_ids).update(
        status="available", redeemed_at=None, redeemed_store=None, redeemed_by=None, reference=""
    )
    enrolments.delete()
    ParticipatingStore.objects.filter(store_id__in=store_ids).delete()
