"""Reads of bookings, scoped by the actor: owners see their own, staff their group's stores, operators all."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.appointments import errors, rules
from aftercare.appointments.choices import HOLDING_STATUSES
from aftercare.appointments.models import Appointment, AppointmentEvent, PickupDelivery, ServiceType
from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.geo import haversine_km
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network.choices import StaffRole
from aftercare.network.models import ServiceBay, Staff, Store


def policy() -> rules.BookingPolicy:
    """The booking policy: code defaults, overridden by settings.AFTERCARE_BOOKING_POLICY."""
    return rules.BookingPolicy(**getattr(settings, "AFTERCARE_BOOKING_POLICY", {}))


def local_tz() -> dt.tzinfo:
    """Stores keep their opening hours in the project's time zone (Asia/Shanghai)."""
    return timezone.get_default_timezone()


def appointment_scope(actor: Actor) -> Q:
    """Which bookings the actor may see."""
    if actor.kind == ActorKind.OWNER and actor.owner_id is not None:
        return Q(owner_id=actor.owner_id)
    if actor.kind == ActorKind.OPERATOR:
        return Q()
    if actor.kind == ActorKind.STAFF and actor.dealer_group_id is not None:
        return Q(store__dealer_group_id=actor.dealer_group_id)
    return Q(pk__in=[])


def store_scope(actor: Actor) -> Q:
    """Stores the actor may book at: owners and operators anywhere in the network, staff in their group."""
    if actor.kind in (ActorKind.OWNER, ActorKind.OPERATOR):
        return Q(is_active=True)
    if actor.kind == ActorKind.STAFF and actor.dealer_group_id is not None:
        return Q(is_active=True, dealer_group_id=actor.dealer_group_id)
    return Q(pk__in=[])


def _detailed(qs: QuerySet[Appointment]) -> QuerySet[Appointment]:
    return qs.select_related("store", "bay", "technician", "service_type", "vehicle", "owner", "pickup__driver")


def appointment_get(*, actor: Actor, appointment_id: int) -> Appointment:
    """One booking in scope; a foreign booking is reported exactly like a missing one."""
    found = _detailed(Appointment.objects.filter(appointment_scope(actor), pk=appointment_id)).first()
    if found is None:
        raise errors.appointment_not_found()
    return found


def appointment_list(
    *,
    actor: Actor,
    store_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    statuses: Sequence[str] = (),
    vehicle_id: int | None = None,
) -> QuerySet[Appointment]:
    """Bookings in scope, by start time, optionally for one store, a local date range, statuses or a car."""
    qs = Appointment.objects.filter(appointment_scope(actor))
    if store_id is not None:
        qs = qs.filter(store_id=store_id)
    if date_from is not None:
        qs = qs.filter(starts_at__gte=day_start(date_from))
    if date_to is not None:
        qs = qs.filter(starts_at__lt=day_start(date_to + dt.timedelta(days=1)))
    if statuses:
        qs = qs.filter(status__in=list(statuses))
    if vehicle_id is not None:
        qs = qs.filter(vehicle_id=vehicle_id)
    return _detailed(qs).order_by("starts_at", "id")


def appointment_events(*, appointment: Appointment) -> QuerySet[AppointmentEvent]:
    """A scoped booking's activity log, oldest first."""
    return AppointmentEvent.objects.filter(appointment=appointment).select_related("by_user").order_by("at", "id")


def pickup_of(appointment: Appointment) -> PickupDelivery | None:
    """The booking's pick-up and delivery option with its hand-overs, if it has one."""
    return (
        PickupDelivery.objects.filter(appointment=appointment)
        .select_related("driver")
        .prefetch_related("handovers__photos")
        .first()
    )


def service_type_list() -> QuerySet[ServiceType]:
    """Active service types in display order, with their bay skill."""
    return ServiceType.objects.filter(is_active=True).order_by("sort_order", "code")


def service_type_get(*, service_type_id: int) -> ServiceType:
    """An active service type, or a clear refusal."""
    found = ServiceType.objects.filter(pk=service_type_id, is_active=True).first()
    if found is None:
        raise errors.service_type_not_found()
    return found


def day_start(day: dt.date) -> dt.datetime:
    """Local midnight at the start of a date, aware."""
    return dt.datetime.combine(day, dt.time.min, local_tz())


def qualified_bays(*, store_ids: Sequence[int], service_type: ServiceType) -> dict[int, list[int]]:
    """store id -> active bay ids equipped with the service's skill, by bay code."""
    rows = (
        ServiceBay.objects.filter(store_id__in=store_ids, is_active=True, skills__code=service_type.skill_code)
        .order_by("store_id", "code")
        .values_list("store_id", "pk")
    )
    found: dict[int, list[int]] = defaultdict(list)
    for store_id, bay_id in rows:
        found[store_id].append(bay_id)
    return found


def qualified_technicians(*, store_ids: Sequence[int], service_type: ServiceType) -> dict[int, list[int]]:
    """store id -> active technicians at or above the required level, least senior first (seniors stay free)."""
    rows = Staff.objects.filter(
        store_id__in=store_ids,
        role=StaffRole.TECHNICIAN,
        left_on__isnull=True,
        level__in=rules.levels_at_least(service_type.min_level),
    ).values_list("store_id", "pk", "level")
    order = {lvl: n for n, lvl in enumerate(rules.LEVELS)}
    found: dict[int, list[int]] = defaultdict(list)
    for store_id, staff_id, _level in sorted(rows, key=lambda r: (r[0], order[r[2]], r[1])):
        found[store_id].append(staff_id)
    return found


def busy_timelines(
    *,
    bay_ids: Sequence[int],
    technician_ids: Sequence[int],
    start: dt.datetime,
    end: dt.datetime,
    exclude_id: int | None = None,
    store_ids: Sequence[int] = (),
) -> tuple[dict[int, rules.Timeline], dict[int, rules.Timeline]]:
    """Busy intervals of the bays and technicians overlapping [start, end): one bounded query.

    With `store_ids` the query walks the (store, starts_at) index; technicians work at their own store.
    """
    qs = Appointment.objects.filter(
        Q(bay_id__in=list(bay_ids)) | Q(technician_id__in=list(technician_ids)),
        starts_at__lt=end,
        ends_at__gt=start,
    )
    if not store_ids:
        qs = qs.filter(status__in=HOLDING_STATUSES)
    else:
        # Status is filtered below, in Python: a status condition would steer SQLite to the (status, starts_at)
        # index and a scan of every store's bookings in the range.
        # Nothing runs longer than a day, so the start bound lets the index cut the range on both sides.
        qs = qs.filter(store_id__in=list(store_ids), starts_at__gt=start - dt.timedelta(days=1))
    if exclude_id is not None:
        qs = qs.exclude(pk=exclude_id)
    bays: dict[int, list[rules.Interval]] = defaultdict(list)
    techs: dict[int, list[rules.Interval]] = defaultdict(list)
    wanted_bays, wanted_techs = set(bay_ids), set(technician_ids)
    holding = set(HOLDING_STATUSES)
    rows = qs.order_by().values_list("bay_id", "technician_id", "starts_at", "ends_at", "status")
    for bay_id, tech_id, s, e, status in rows:
        if status not in holding:
            continue
        if bay_id in wanted_bays:
            bays[bay_id].append((s, e))
        if tech_id in wanted_techs:
            techs[tech_id].append((s, e))
    return (
        {k: rules.Timeline.of(v) for k, v in bays.items()},
        {k: rules.Timeline.of(v) for k, v in techs.items()},
    )


@dataclass(frozen=True)
class StoreSlots:
    """One store offered by a slot search: how far it is and its first free start times."""

    store: Store
    distance_km: float
    slots: list[rules.Slot]


def _coordinate(value: object, low: int, high: int, field: str, problems: dict[str, list[str]]) -> float:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite() or not (low <= number <= high):
        problems.setdefault(field, []).append(
            _("Enter a coordinate between %(low)s and %(high)s.") % {"low": low, "high": high}
        )
        return 0.0
    return float(number)


def _search_window(
    date_from: dt.date, date_to: dt.date, today: dt.date, pol: rules.BookingPolicy, problems: dict[str, list[str]]
) -> None:
    if date_to < date_from:
        problems.setdefault("date_to", []).append(_("The end date cannot be before the start date."))
    elif (date_to - date_from).days + 1 > pol.search_max_days:
        problems.setdefault("date_to", []).append(
            _("Search at most %(days)s days at a time.") % {"days": pol.search_max_days}
        )
    if date_to < today:
        problems.setdefault("date_to", []).append(_("Choose dates from today onwards."))
    if date_from > today + dt.timedelta(days=pol.max_days_ahead):
        problems.setdefault("date_from", []).append(
            _("Bookings can be made at most %(days)s days ahead.") % {"days": pol.max_days_ahead}
        )


def slot_search(
    *,
    actor: Actor,
    latitude: float | Decimal,
    longitude: float | Decimal,
    date_from: dt.date,
    date_to: dt.date,
    service_type_id: int,
    limit: int | None = None,
    per_store: int | None = None,
    store_id: int | None = None,
    clock: Clock = system_clock,
) -> list[StoreSlots]:
    """The nearest stores with a free bay (with the skill) and a free qualified technician, nearest first."""
    pol = policy()
    now = clock.now()
    tz = local_tz()
    problems: dict[str, list[str]] = {}
    lat = _coordinate(latitude, -90, 90, "latitude", problems)
    lon = _coordinate(longitude, -180, 180, "longitude", problems)
    _search_window(date_from, date_to, now.astimezone(tz).date(), pol, problems)
    if problems:
        raise errors.invalid_input(problems)
    service_type = service_type_get(service_type_id=service_type_id)
    limit = max(1, min(limit or pol.stores_per_search, 20))
    per_store = max(1, min(per_store or pol.slots_per_store, 20))
    date_from = max(date_from, now.astimezone(tz).date())
    date_to = min(date_to, now.astimezone(tz).date() + dt.timedelta(days=pol.max_days_ahead))

    only_store = Q(pk=store_id) if store_id is not None else Q()
    stores = list(
        Store.objects.filter(
            store_scope(actor), only_store, bays__is_active=True, bays__skills__code=service_type.skill_code
        )
        .distinct()
        .only(
            "id",
            "name",
            "name_en",
            "city",
            "city_en",
            "district",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "phone",
            "dealer_group_id",
        )
    )
    stores.sort(key=lambda s: haversine_km(lat, lon, float(s.latitude), float(s.longitude)))
    not_before = now + dt.timedelta(minutes=pol.lead_minutes if actor.kind == ActorKind.OWNER else 0)
    window = (max(day_start(date_from), now), day_start(date_to + dt.timedelta(days=1)))
    results: list[StoreSlots] = []
    # The nearest stores first; when they are full, look further in growing batches (few queries either way).
    offset, batch = 0, max(limit * 2, 8)
    while offset < len(stores) and len(results) < limit:
        chunk = stores[offset : offset + batch]
        results += _chunk_slots(chunk, service_type, window, not_before, (date_from, date_to), per_store, lat, lon, tz)
        offset, batch = offset + batch, batch * 3
    return results[:limit]


# Busy intervals are read in growing windows of days: most stores offer enough times on the first days,
# so a 30-day search rarely reads more than a few days of bookings.
WINDOWS_DAYS = (2, 5, 10, 31)


def _chunk_slots(
    stores: list[Store],
    service_type: ServiceType,
    window: tuple[dt.datetime, dt.datetime],
    not_before: dt.datetime,
    dates: tuple[dt.date, dt.date],
    per_store: int,
    lat: float,
    lon: float,
    tz: dt.tzinfo,
) -> list[StoreSlots]:
    ids = [s.pk for s in stores]
    bays = qualified_bays(store_ids=ids, service_type=service_type)
    techs = qualified_technicians(store_ids=ids, service_type=service_type)
    slots: dict[int, list[rules.Slot]] = {s.pk: [] for s in stores if bays.get(s.pk) and techs.get(s.pk)}
    first = dates[0]
    for days in WINDOWS_DAYS:
        last = min(dates[1], dates[0] + dt.timedelta(days=days - 1))
        wanting = [s for s in stores if s.pk in slots and len(slots[s.pk]) < per_store]
        if first > last or not wanting:
            break
        _fill(wanting, slots, bays, techs, service_type, (first, last), not_before, per_store, tz, window)
        first = last + dt.timedelta(days=1)
    found: list[StoreSlots] = []
    for store in stores:
        if slots.get(store.pk):
            distance = haversine_km(lat, lon, float(store.latitude), float(store.longitude))
            found.append(StoreSlots(store=store, distance_km=round(distance, 1), slots=slots[store.pk]))
    return found


def _fill(
    stores: list[Store],
    slots: dict[int, list[rules.Slot]],
    bays: dict[int, list[int]],
    techs: dict[int, list[int]],
    service_type: ServiceType,
    dates: tuple[dt.date, dt.date],
    not_before: dt.datetime,
    per_store: int,
    tz: dt.tzinfo,
    window: tuple[dt.datetime, dt.datetime],
) -> None:
    """Add free starts on `dates` for each store, reading those days' bookings of their bays in one query."""
    start = max(window[0], day_start(dates[0]))
    end = min(window[1], day_start(dates[1] + dt.timedelta(days=1)))
    bay_busy, tech_busy = busy_timelines(
        bay_ids=[b for s in stores for b in bays[s.pk]],
        technician_ids=[t for s in stores for t in techs[s.pk]],
        start=start,
        end=end,
        store_ids=[s.pk for s in stores],
    )
    duration = dt.timedelta(minutes=service_type.duration_minutes)
    step = dt.timedelta(minutes=policy().step_minutes)
    for store in stores:
        found = slots[store.pk]
        day = dates[0]
        while day <= dates[1] and len(found) < per_store:
            found += rules.free_slots(
                open_intervals=rules.opening_intervals(store.opening_hours or {}, day, tz),
                duration=duration,
                step=step,
                not_before=not_before,
                bays=bays[store.pk],
                bay_busy=bay_busy,
                technicians=techs[store.pk],
                tech_busy=tech_busy,
                limit=per_store - len(found),
            )
            day += dt.timedelta(days=1)


@dataclass(frozen=True)
class City:
    """A city with stores, and the centre of its stores (a starting point when the owner shares no location)."""

    name: str
    name_en: str
    latitude: float
    longitude: float
    stores: int


def city_list() -> list[City]:
    """Cities that have active stores, with the mean position of their stores."""
    rows = Store.objects.filter(is_active=True).values_list("city", "city_en", "latitude", "longitude")
    acc: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for city, city_en, lat, lon in rows:
        acc[city].append((city_en, float(lat), float(lon)))
    cities = [
        City(
            name=name,
            name_en=points[0][0] or name,
            latitude=round(sum(p[1] for p in points) / len(points), 6),
            longitude=round(sum(p[2] for p in points) / len(points), 6),
            stores=len(points),
        )
        for name, points in acc.items()
    ]
    return sorted(cities, key=lambda c: (-c.stores, c.name_en))


@dataclass(frozen=True)
class BoardLane:
    """One bay on the workshop board with its bookings of the day."""

    bay: ServiceBay
    appointments: list[Appointment]


def board(*, actor: Actor, store_id: int, day: dt.date) -> tuple[Store, list[BoardLane]]:
    """A store's bays and the day's bookings on each (cancelled ones left out); staff of the group only."""
    store = Store.objects.filter(appointment_scope_store(actor), pk=store_id).first()
    if store is None:
        raise errors.store_not_found()
    bays = list(ServiceBay.objects.filter(store=store, is_active=True).prefetch_related("skills").order_by("code"))
    todays = appointment_list(actor=actor, store_id=store.pk, date_from=day, date_to=day).exclude(status="cancelled")
    by_bay: dict[int, list[Appointment]] = defaultdict(list)
    for appt in todays:
        by_bay[appt.bay_id].append(appt)
    return store, [BoardLane(bay=b, appointments=by_bay.get(b.pk, [])) for b in bays]


def appointment_scope_store(actor: Actor) -> Q:
    """Stores whose bookings the actor may manage (staff of the group, operators)."""
    if actor.kind == ActorKind.OPERATOR:
        return Q()
    if actor.kind == ActorKind.STAFF and actor.dealer_group_id is not None:
        return Q(dealer_group_id=actor.dealer_group_id)
    return Q(pk__in=[])


def store_day_counts(*, actor: Actor, store_id: int, date_from: dt.date, date_to: dt.date) -> dict[dt.date, int]:
    """Holding bookings per local date for a store (the agenda's day headers)."""
    qs = appointment_list(
        actor=actor, store_id=store_id, date_from=date_from, date_to=date_to, statuses=HOLDING_STATUSES
    )
    counts: dict[dt.date, int] = defaultdict(int)
    for starts_at in qs.values_list("starts_at", flat=True):
        counts[starts_at.astimezone(local_tz()).date()] += 1
    return dict(counts)


def store_staff_choices(*, actor: Actor, store_id: int) -> QuerySet[Staff]:
    """Active staff of a store in scope (drivers, technicians to assign)."""
    return (
        Staff.objects.filter(store_id=store_id, left_on__isnull=True)
        .filter(appointment_scope_store_staff(actor))
        .order_by("role", "display_name")
    )


def appointment_scope_store_staff(actor: Actor) -> Q:
    if actor.kind == ActorKind.OPERATOR:
        return Q()
    if actor.kind == ActorKind.STAFF and actor.dealer_group_id is not None:
        return Q(dealer_group_id=actor.dealer_group_id)
    return Q(pk__in=[])
