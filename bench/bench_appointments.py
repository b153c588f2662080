"""Benchmark: slot search over 80 stores x 10 bays x 30 days of bookings, and the booking endpoint under load.

Usage: .venv/bin/python bench/bench_appointments.py [--stores 80] [--bays 10] [--days 30] [--occupancy 0.6]
       [--searches 200] [--threads 8] [--bookings 240]
Builds its own data in a throw-away SQLite file (or DATABASE_URL), then measures in the same run:
  - slot search: aftercare.appointments.selectors.slot_search (nearest stores with a free qualified bay and
    technician), p50/p95 over random places, services and 7-day and 30-day ranges;
    baseline: one plain SQL query reading the holding bookings of the 10 nearest stores in the same range.
  - booking under parallel load: the app served by a threaded WSGI server on loopback, N client threads
    POSTing /api/v1/appointments (bearer tokens of distinct owners) at contended slots; p50/p95 latency,
    accepted, slot conflicts (409) and errors; baseline: GET /api/v1/service-types under the same load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CITIES = [  # (name, lat, lon)
    ("北京", 39.9042, 116.4074),
    ("上海", 31.2304, 121.4737),
    ("广州", 23.1291, 113.2644),
    ("深圳", 22.5431, 114.0579),
    ("杭州", 30.2741, 120.1551),
    ("成都", 30.5728, 104.0668),
    ("武汉", 30.5928, 114.3055),
]
HOURS = {d: [["08:30", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
BAY_SKILLS = [
    ["general"],
    ["general"],
    ["general"],
    ["general", "electrical"],
    ["general", "ac"],
    ["alignment"],
    ["alignment", "general"],
    ["ev-hv", "electrical"],
    ["body-paint"],
    ["transmission", "general"],
]
TECH_LEVELS = ["junior"] * 4 + ["intermediate"] * 4 + ["senior"] * 4


def _setup(db_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftercare.settings.test")
    os.environ["DATABASE_URL"] = db_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _ms(x: float) -> str:
    return f"{x * 1000:7.2f} ms"


def _build(args: argparse.Namespace, rng: random.Random) -> dict[str, object]:
    """Stores, bays, technicians, owners with cars, and `days` of bookings at the target occupancy."""
    from django.contrib.auth import get_user_model

    from aftercare.appointments.defaults import SKILLS
    from aftercare.appointments.models import Appointment, ServiceType
    from aftercare.appointments.selectors import local_tz
    from aftercare.appointments.services import service_types_seed
    from aftercare.demo.appointments import plan_store_day, store_setups
    from aftercare.kernel.vin import check_digit
    from aftercare.network.models import DealerGroup, ServiceBay, Skill, Staff, Store
    from aftercare.owners.models import Owner
    from aftercare.vehicles.models import Ownership, Vehicle

    service_types_seed()
    skills = {
        code: Skill.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})[0]
        for code, (name, name_en) in SKILLS.items()
    }
    groups = DealerGroup.objects.bulk_create(DealerGroup(code=f"bg{i}", name=f"集团{i}") for i in range(8))
    stores = Store.objects.bulk_create(
        Store(
            dealer_group=groups[i % len(groups)],
            code=f"bs-{i:03d}",
            name=f"门店{i}",
            city=CITIES[i % len(CITIES)][0],
            address=f"测试路{i}号",
            latitude=round(CITIES[i % len(CITIES)][1] + rng.uniform(-0.15, 0.15), 6),
            longitude=round(CITIES[i % len(CITIES)][2] + rng.uniform(-0.15, 0.15), 6),
            opening_hours=HOURS,
        )
        for i in range(args.stores)
    )
    bays = ServiceBay.objects.bulk_create(
        ServiceBay(store=s, code=f"B{b + 1:02d}", name=f"{b + 1}号工位") for s in stores for b in range(args.bays)
    )
    link = ServiceBay.skills.through
    link.objects.bulk_create(
        link(servicebay_id=bay.pk, skill_id=skills[code].pk)
        for n, bay in enumerate(bays)
        for code in BAY_SKILLS[n % args.bays % len(BAY_SKILLS)]
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bt{s.pk}-{k}") for s in stores for k in range(len(TECH_LEVELS))
    )
    Staff.objects.bulk_create(
        Staff(
            user=users[n * len(TECH_LEVELS) + k],
            dealer_group_id=s.dealer_group_id,
            store=s,
            display_name=f"技师{k}",
            role="technician",
            level=level,
            joined_on=dt.date(2020, 1, 1),
        )
        for n, s in enumerate(stores)
        for k, level in enumerate(TECH_LEVELS)
    )
    n_cars = args.stores * 40
    owners = Owner.objects.bulk_create(
        (Owner(name=f"车主{i}", phone=f"+86139{i:08d}") for i in range(n_cars)), batch_size=5000
    )
    vehicles = []
    for i in range(n_cars):
        body = f"LSVAB2C10K1{i:06d}"
        vehicles.append(Vehicle(vin=body[:8] + check_digit(body) + body[9:], wmi="LSV", dealer_group=groups[i % 8]))
    vehicles = Vehicle.objects.bulk_create(vehicles, batch_size=5000)
    Ownership.objects.bulk_create(
        (
            Ownership(vehicle=v, owner=o, started_on=dt.date(2024, 1, 1), source="registration")
            for v, o in zip(vehicles, owners, strict=True)
        ),
        batch_size=5000,
    )
    kinds = list(ServiceType.objects.filter(is_active=True))
    tz = local_tz()
    today = dt.datetime.now(tz).date() + dt.timedelta(days=1)
    by_group: dict[int, list[tuple[int, int]]] = {}
    for v, o in zip(vehicles, owners, strict=True):
        by_group.setdefault(v.dealer_group_id, []).append((v.pk, o.pk))
    rows: list[Appointment] = []
    booked = 0.0
    for setup in store_setups(s.pk for s in stores):
        group = next(s.dealer_group_id for s in stores if s.pk == setup.store_id)
        for offset in range(args.days):
            for p in plan_store_day(rng, setup, today + dt.timedelta(days=offset), kinds, args.occupancy, tz):
                vehicle_id, owner_id = rng.choice(by_group[group])
                booked += (p.ends_at - p.starts_at).total_seconds()
                rows.append(
                    Appointment(
                        store_id=p.store_id,
                        bay_id=p.bay_id,
                        technician_id=p.technician_id,
                        service_type_id=p.service_type_id,
                        vehicle_id=vehicle_id,
                        owner_id=owner_id,
                        starts_at=p.starts_at,
                        ends_at=p.ends_at,
                        channel="portal",
                    )
                )
    Appointment.objects.bulk_create(rows, batch_size=5000)
    open_seconds = args.stores * args.bays * args.days * 9.5 * 3600
    return {"first_day": today, "bookings": len(rows), "occupancy": booked / open_seconds, "kinds": kinds}


def _bench_search(args: argparse.Namespace, rng: random.Random, world: dict[str, object]) -> None:
    from django.db import connection

    from aftercare.appointments.selectors import day_start, slot_search
    from aftercare.kernel.geo import haversine_km
    from aftercare.kernel.tenancy import ANONYMOUS, Actor, ActorKind
    from aftercare.network.models import Store

    actor = Actor(kind=ActorKind.OWNER, user_id=None, owner_id=1)
    assert actor != ANONYMOUS
    kinds = world["kinds"]
    first: dt.date = world["first_day"]  # type: ignore[assignment]
    stores = list(Store.objects.values_list("pk", "latitude", "longitude"))
    sql = (
        "SELECT bay_id, technician_id, starts_at, ends_at FROM appointments_appointment "
        "WHERE store_id IN ({ids}) AND starts_at >= %s AND starts_at < %s"
    )
    for span in (7, 30):
        ours, base, offered = [], [], []
        for _ in range(args.searches):
            _name, lat, lon = rng.choice(CITIES)
            lat, lon = lat + rng.uniform(-0.2, 0.2), lon + rng.uniform(-0.2, 0.2)
            kind = rng.choice(kinds)  # type: ignore[arg-type]
            start = first + dt.timedelta(days=rng.randint(0, max(0, args.days - span)))
            end = start + dt.timedelta(days=span - 1)
            t0 = time.perf_counter()
            found = slot_search(
                actor=actor, latitude=lat, longitude=lon, date_from=start, date_to=end, service_type_id=kind.pk
            )
            ours.append(time.perf_counter() - t0)
            offered.append(sum(len(r.slots) for r in found))
            nearest = sorted(stores, key=lambda s: haversine_km(lat, lon, float(s[1]), float(s[2])))[:10]
            ids = ",".join(str(s[0]) for s in nearest)
            t0 = time.perf_counter()
            with connection.cursor() as cur:
                cur.execute(sql.format(ids=ids), [day_start(start), day_start(end + dt.timedelta(days=1))])
                cur.fetchall()
            base.append(time.perf_counter() - t0)
        print(
            f"slot search {span:2d}-day range  p50 {_ms(_pct(ours, 0.5))}  p95 {_ms(_pct(ours, 0.95))}   "
            f"baseline SQL p50 {_ms(_pct(base, 0.5))}  p95 {_ms(_pct(base, 0.95))}   "
            f"ratio p50 {statistics.median(ours) / statistics.median(base):5.1f}x   "
            f"avg slots offered {statistics.mean(offered):.1f}"
        )


def _serve() -> tuple[object, int]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(WSGIHandler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def _tokens(n: int) -> list[tuple[str, int, int]]:
    """Bearer keys of n owners (each with one car): (key, owner id, vehicle id)."""
    from django.contrib.auth import get_user_model

    from aftercare.accounts.services import api_token_create
    from aftercare.owners.models import Owner
    from aftercare.vehicles.models import Ownership

    out = []
    for owner in Owner.objects.order_by("pk")[:n]:
        user = get_user_model().objects.create_user(username=f"bench-owner-{owner.pk}", phone=owner.phone)
        owner.user = user
        owner.save(update_fields=["user"])
        vehicle_id = Ownership.objects.get(owner=owner).vehicle_id
        out.append((api_token_create(user=user, name="bench")[1], owner.pk, vehicle_id))
    return out


def _call(url: str, key: str, body: dict[str, object] | None) -> tuple[int, float]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if body is not None else "GET")
    req.add_header("Authorization", f"Bearer {key}")
    req.add_header("Content-Type", "application/json")
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        exc.read()
        status = exc.code
    return status, time.perf_counter() - t0


def _load(threads: int, jobs: list[tuple[str, str, dict[str, object] | None]]) -> list[tuple[int, float]]:
    results: list[tuple[int, float]] = []
    lock = threading.Lock()
    queue = list(jobs)
    barrier = threading.Barrier(threads)

    def worker() -> None:
        barrier.wait()
        while True:
            with lock:
                if not queue:
                    return
                url, key, body = queue.pop()
            outcome = _call(url, key, body)
            with lock:
                results.append(outcome)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return results


def _bench_booking(args: argparse.Namespace, rng: random.Random, world: dict[str, object]) -> None:
    from aftercare.appointments.models import ServiceType
    from aftercare.appointments.selectors import slot_search
    from aftercare.kernel.tenancy import Actor, ActorKind

    oil = ServiceType.objects.get(code="oil-service")
    first: dt.date = world["first_day"]  # type: ignore[assignment]
    tokens = _tokens(args.bookings)
    # Contended targets: the first free times of the stores nearest to Beijing, each offered to several owners.
    found = slot_search(
        actor=Actor(kind=ActorKind.OWNER, owner_id=1),
        latitude=39.9,
        longitude=116.4,
        date_from=first,
        date_to=first + dt.timedelta(days=2),
        service_type_id=oil.pk,
        limit=5,
        per_store=12,
    )
    targets = [(r.store.pk, s.starts_at) for r in found for s in r.slots]
    server, port = _serve()
    base = f"http://127.0.0.1:{port}/api/v1"
    warm = _load(2, [(f"{base}/service-types", tokens[0][0], None)] * 10)
    assert all(status == 200 for status, _ in warm), warm
    baseline = _load(args.threads, [(f"{base}/service-types", key, None) for key, _, _ in tokens])
    jobs = []
    for key, _owner, vehicle_id in tokens:
        store_id, start = rng.choice(targets)
        body = {
            "vehicle_id": vehicle_id,
            "store_id": store_id,
            "service_type_id": oil.pk,
            "starts_at": start.isoformat(),
        }
        jobs.append((f"{base}/appointments", key, body))
    t0 = time.perf_counter()
    booked = _load(args.threads, jobs)
    wall = time.perf_counter() - t0
    server.shutdown()  # type: ignore[attr-defined]
    lat = [s for _, s in booked]
    base_lat = [s for _, s in baseline]
    codes: dict[int, int] = {}
    for status, _ in booked:
        codes[status] = codes.get(status, 0) + 1
    print(
        f"booking POST /appointments  {len(booked)} requests, {args.threads} threads, {len(targets)} contended slots, "
        f"{len(booked) / wall:.0f} req/s"
    )
    print(
        f"  p50 {_ms(_pct(lat, 0.5))}  p95 {_ms(_pct(lat, 0.95))}   baseline GET /service-types "
        f"p50 {_ms(_pct(base_lat, 0.5))}  p95 {_ms(_pct(base_lat, 0.95))}   "
        f"ratio p95 {_pct(lat, 0.95) / _pct(base_lat, 0.95):4.1f}x"
    )
    accepted, conflicts = codes.get(201, 0), codes.get(409, 0)
    other = {k: v for k, v in codes.items() if k not in (201, 409)}
    print(f"  accepted {accepted}  conflicts (409) {conflicts} = {conflicts / len(booked):.0%}  other {other}")
    _check_no_overlap()


def _check_no_overlap() -> None:
    from aftercare.appointments.models import Appointment

    rows = Appointment.objects.filter(status__in=("booked", "checked_in", "completed")).values_list(
        "bay_id", "technician_id", "starts_at", "ends_at"
    )
    for index in (0, 1):
        lanes: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
        for row in rows:
            lanes.setdefault(row[index], []).append((row[2], row[3]))
        for spans in lanes.values():
            spans.sort()
            for (_, e1), (s2, _) in itertools.pairwise(spans):
                assert s2 >= e1, "double booking found"
    print("  no bay and no technician is double-booked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stores", type=int, default=80)
    parser.add_argument("--bays", type=int, default=10)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--occupancy", type=float, default=0.6)
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--bookings", type=int, default=240)
    parser.add_argument("--db", default=None, help="DATABASE_URL (default: a throw-away SQLite file)")
    args = parser.parse_args()
    _setup(args.db)
    from django.db import connection

    rng = random.Random(20_251_123)
    t0 = time.perf_counter()
    world = _build(args, rng)
    print(
        f"{connection.vendor}: {args.stores} stores x {args.bays} bays x {args.days} days, "
        f"{world['bookings']} bookings, bay occupancy {world['occupancy']:.0%} "
        f"(built in {time.perf_counter() - t0:.0f} s)"
    )
    _bench_search(args, rng, world)
    _bench_booking(args, rng, world)


if __name__ == "__main__":
    main()
