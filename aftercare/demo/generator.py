"""`aftercare demo`: generate the seed document's dealer network, deterministically, in one transaction."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from aftercare.demo import logins, network, plans
from aftercare.demo.appointments import appointments_demo
from aftercare.demo.customers import customers_write
from aftercare.demo.history_log import history_log_demo
from aftercare.demo.homecoming import homecoming_demo
from aftercare.demo.inspections import inspections_demo
from aftercare.demo.names import GROUP_CODES
from aftercare.demo.recalls import recalls_demo
from aftercare.demo.reset import OPERATOR_USERNAMES
from aftercare.demo.showcase import demo_owner_create
from aftercare.demo.valuation import valuation_demo
from aftercare.demo.workorders import workorders_demo
from aftercare.kernel.clock import Clock, system_clock
from aftercare.network.models import DealerGroup, ServiceBay, Staff, Store
from aftercare.network.services import level_grants_seed
from aftercare.owners.models import Owner
from aftercare.vehicles.importers import BUNDLED_WMI, wmi_import
from aftercare.vehicles.models import OdometerReading, Vehicle, Wmi

SEED = 20_080_808  # fixed: the same network on every run (dates follow the clock)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo network holds."""

    groups: int
    stores: int
    bays: int
    staff: int
    owners: int
    vehicles: int
    readings: int
    flagged: int


def _context(seed: int, clock: Clock, scale: float) -> plans.Context:
    """A fresh seeded context that knows which plates, VINs and phones are already taken."""
    ctx = plans.Context(
        rng=random.Random(seed),
        now=clock.now(),
        scale=scale,
        manufacturers=dict(Wmi.objects.values_list("code", "manufacturer")),
    )
    ctx.plates.update(Vehicle.objects.exclude(plate="").values_list("plate", flat=True))
    ctx.vins.update(Vehicle.objects.values_list("vin", flat=True))
    ctx.phones.update(Owner.objects.values_list("phone", flat=True))
    ctx.phones.add(logins.demo_owner_e164())
    return ctx


@transaction.atomic
def demo_generate(*, scale: float = 1.0, seed: int = SEED, clock: Clock = system_clock) -> DemoSummary:
    """Create the demo network; the caller checks demo_exists() first. Nothing is kept if any step fails."""
    wmi_import(path=BUNDLED_WMI)  # so manufacturers resolve from VINs
    level_grants_seed()  # the demo logins need their role grants even on a database migrated long ago
    ctx = _context(seed, clock, scale)
    skills = network.skills_ensure()
    sites = network.stores_create(ctx.rng, network.groups_create())
    network.bays_create(ctx.rng, sites, skills)
    network.staff_hire(ctx.rng, sites, ctx.today)
    network.operators_hire(ctx.rng, ctx.today)
    demo_owner_create(ctx, sites[0])
    customers_write(ctx, plans.customers_plan(ctx, sites))
    recalls_demo()  # after the cars exist, before anything that reads open recalls
    homecoming_demo(ctx, sites)
    appointments_demo(rng=ctx.child(), now=ctx.now)
    inspections_demo(rng=ctx.child(), now=ctx.now, sites=sites)
    workorders_demo(ctx, sites)
    valuation_demo(rng=ctx.child(), now=ctx.now, sites=sites)  # after inspections: grades adjust prices
    history_log_demo(ctx)  # last: its checkpoint signs every event the demo wrote
    return demo_summary()


def demo_summary() -> DemoSummary:
    """Count what the demo groups hold."""
    in_groups = Q(dealer_group__code__in=GROUP_CODES)
    readings = OdometerReading.objects.filter(vehicle__dealer_group__code__in=GROUP_CODES)
    operators = Staff.objects.filter(user__in=get_user_model().objects.filter(username__in=OPERATOR_USERNAMES))
    return DemoSummary(
        groups=DealerGroup.objects.filter(code__in=GROUP_CODES).count(),
        stores=Store.objects.filter(in_groups).count(),
        bays=ServiceBay.objects.filter(store__dealer_group__code__in=GROUP_CODES).count(),
        staff=Staff.objects.filter(in_groups).count() + operators.count(),
        owners=Owner.objects.filter(customers__dealer_group__code__in=GROUP_CODES).distinct().count(),
        vehicles=Vehicle.objects.filter(in_groups).count(),
        readings=readings.count(),
        flagged=readings.exclude(flag="").count(),
    )
