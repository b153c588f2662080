"""Benchmark: staff vehicle search through the scoped selector vs a hand-written SQL baseline.

Usage: .venv/bin/python bench/bench_search.py [--vehicles 100000] [--groups 10]
Builds its own data in a throw-away SQLite file (or DATABASE_URL), then times, in the same run:
  - selector: aftercare.vehicles.selectors.vehicle_list(actor=staff, query=q) evaluated with its prefetches
  - baseline: one raw SQL query returning the same vehicle ids (no scoping helper, no prefetch)
and VIN decoding against a regex-only baseline. Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup(db_url: str | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftercare.settings.test")
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _build(n_vehicles: int, n_groups: int) -> None:
    from aftercare.kernel.vin import check_digit
    from aftercare.network.models import DealerGroup
    from aftercare.owners.models import Owner
    from aftercare.vehicles.models import Ownership, Vehicle

    groups = DealerGroup.objects.bulk_create(DealerGroup(code=f"g{i}", name=f"集团{i}") for i in range(n_groups))
    owners = Owner.objects.bulk_create(
        (Owner(name=f"车主{i}", phone=f"+86139{i:08d}") for i in range(n_vehicles)), batch_size=5000
    )
    vehicles = []
    for i in range(n_vehicles):
        body = f"LSVAB2C10K1{i:06d}"
        vin = body[:8] + check_digit(body) + body[9:]
        vehicles.append(
            Vehicle(
                vin=vin,
                wmi="LSV",
                model_year=2019,
                plate=f"京A{i:05d}" if i < 100000 else "",
                dealer_group=groups[i % n_groups],
            )
        )
    vehicles = Vehicle.objects.bulk_create(vehicles, batch_size=5000)
    Ownership.objects.bulk_create(
        (
            Ownership(vehicle=v, owner=o, started_on=dt.date(2024, 1, 1), source="registration")
            for v, o in zip(vehicles, owners, strict=True)
        ),
        batch_size=5000,
    )


def _time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _search_cases(n_vehicles: int, n_groups: int) -> list[tuple[str, str, str, list[object]]]:
    """(label, query, baseline SQL, params) for one vehicle that the group-0 staff may see."""
    from aftercare.kernel.vin import check_digit

    i = (n_vehicles // 2) - (n_vehicles // 2) % n_groups
    body = f"LSVAB2C10K1{i:06d}"
    vin = body[:8] + check_digit(body) + body[9:]
    base = "SELECT v.id FROM vehicles_vehicle v "
    scope = "v.dealer_group_id = %s"
    return [
        ("full VIN", vin, base + f"WHERE {scope} AND v.vin = %s", [vin]),
        ("last 6 of VIN", vin[-6:], base + f"WHERE {scope} AND v.vin LIKE %s", [f"%{vin[-6:]}"]),
        ("plate", f"京A{i:05d}", base + f"WHERE {scope} AND v.plate = %s", [f"京A{i:05d}"]),
        (
            "owner phone",
            f"139{i:08d}",
            base + "JOIN vehicles_ownership o ON o.vehicle_id = v.id JOIN owners_owner w ON w.id = o.owner_id "
            f"WHERE {scope} AND w.phone = %s AND o.ended_on IS NULL",
            [f"+86139{i:08d}"],
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vehicles", type=int, default=100_000)
    parser.add_argument("--groups", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    _setup(args.database_url)
    from django.db import connection

    from aftercare.kernel import vin as vinlib
    from aftercare.kernel.tenancy import Actor, ActorKind
    from aftercare.network.models import DealerGroup
    from aftercare.vehicles.selectors import vehicle_list

    t0 = time.perf_counter()
    _build(args.vehicles, args.groups)
    print(
        f"built {args.vehicles:,} vehicles / owners / ownerships in {time.perf_counter() - t0:.1f} s "
        f"on {connection.vendor}"
    )
    group_id = DealerGroup.objects.order_by("id").values_list("id", flat=True).first()
    actor = Actor(kind=ActorKind.STAFF, user_id=1, dealer_group_id=group_id)
    print(f"{'search':<16}{'selector ms':>12}{'baseline ms':>12}{'ratio':>8}")
    for label, query, sql, params in _search_cases(args.vehicles, args.groups):
        found = [v.pk for v in vehicle_list(actor=actor, query=query)]
        with connection.cursor() as cur:
            cur.execute(sql, [group_id, *params])
            expected = [r[0] for r in cur.fetchall()]
        assert found == expected and len(found) == 1, (label, found, expected)

        def run_selector(q: str = query) -> None:
            list(vehicle_list(actor=actor, query=q))

        def run_baseline(s: str = sql, p: list[object] = params) -> None:
            with connection.cursor() as cur:
                cur.execute(s, [group_id, *p])
                cur.fetchall()

        sel, base = _time(run_selector, args.repeat), _time(run_baseline, args.repeat)
        print(f"{label:<16}{sel * 1000:>12.2f}{base * 1000:>12.2f}{sel / base:>8.1f}")

    vins = [f"LSVAB2C10K1{i:06d}" for i in range(20_000)]
    pattern = __import__("re").compile(r"^[A-HJ-NPR-Z0-9]{17}$")
    dec = _time(lambda: [vinlib.decode(v, current_year=2026) for v in vins], 5)
    rx = _time(lambda: [pattern.fullmatch(v) for v in vins], 5)
    print(f"VIN decode: {len(vins) / dec:,.0f}/s; regex-only baseline {len(vins) / rx:,.0f}/s; ratio {dec / rx:.1f}")


if __name__ == "__main__":
    main()
