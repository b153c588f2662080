"""Benchmark: full-fleet recall matching (the product) vs a plain SQL join (baseline), same data, same run.

Usage: .venv/bin/python bench/bench_recalls.py [--vehicles 1000000] [--campaigns 20000] [--chunk 20000]
Builds synthetic but realistic data in a throw-away SQLite file (or, when DATABASE_URL points at PostgreSQL,
in a temporary database created on that server and dropped afterwards):
  - campaigns and coverage drawn from the real NHTSA make / model / model-year distribution
    (AFTERCARE_DATA_DIR/recalls/nhtsa_recall_vehicles_2020_2026.csv): the same makes and models in the
    same proportions, year spans as long as the real campaigns' contiguous year ranges;
  - vehicles drawn from the same make/model weights, model years within each model's real years;
  - both spread over campaigns/3,465 model generations 7 years apart (the real file is 7 years of reports),
    so the number of recalls per car stays what the real file implies at any scale.
Then times, in the same run:
  - product:  aftercare.recalls.matching.fleet_match() - keys normalised in Python, stored, then one
              set-based INSERT ... SELECT per chunk of vehicle ids, stale-match clean-up and owner notices;
  - baseline: INSERT INTO t SELECT DISTINCT ... FROM vehicles JOIN coverage ON make, model, year BETWEEN ...
              into a table with the same unique (vehicle, campaign) index.
Checks both produced the same pairs, and prints times, the ratio and peak memory (RSS high-water mark of
each phase, reset before it through /proc/self/clear_refs, plus tracemalloc over one product chunk).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
REAL_CAMPAIGNS = 3_465  # vehicle campaigns in nhtsa_recall_vehicles_2020_2026.csv
GENERATION_YEARS = 7


def _rss_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _rss_peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _setup(pg_url: str | None) -> str | None:
    """Point Django at a fresh database; returns the PostgreSQL database to drop afterwards, if any."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftercare.settings.test")
    temp_db = None
    if pg_url and pg_url.startswith("postgres"):
        import psycopg

        temp_db = f"bench_recalls_{os.getpid()}"
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{temp_db}"')
        os.environ["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + temp_db
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return temp_db


def _distribution() -> tuple[list[tuple[str, str]], list[int], dict[tuple[str, str], list[int]], list[int]]:
    """(make, model) pairs with weights, their real model years, and real campaign year-span lengths."""
    from django.conf import settings

    path = Path(settings.AFTERCARE_DATA_DIR) / "recalls" / "nhtsa_recall_vehicles_2020_2026.csv"
    weights: dict[tuple[str, str], int] = defaultdict(int)
    years: dict[tuple[str, str], set[int]] = defaultdict(set)
    per_campaign: dict[tuple[str, str, str], set[int]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            year = int(row["model_year"])
            if year == 9999:
                continue
            key = (row["make"].strip().upper(), row["model"].strip().upper())
            weights[key] += 1
            years[key].add(year)
            per_campaign[(row["nhtsa_id"], *key)].add(year)
    from aftercare.recalls.rules import year_ranges

    spans = [hi - lo + 1 for ys in per_campaign.values() for lo, hi in year_ranges(ys)]
    pairs = sorted(weights)
    return pairs, [weights[p] for p in pairs], {p: sorted(years[p]) for p in pairs}, spans


def _build(n_vehicles: int, n_campaigns: int, rng: random.Random) -> int:
    """Write campaigns, coverage and vehicles with raw executemany (set-up is not timed). Returns coverage rows."""
    from django.db import connection

    from aftercare.recalls import rules
    from aftercare.recalls.models import RecallCampaign, RecallCoverage
    from aftercare.vehicles.models import Vehicle

    pairs, weights, years, spans = _distribution()
    cum = list(itertools.accumulate(weights))
    # The real file holds 3,465 campaigns of 2020-2026 reports. 20,000 campaigns are ~35 years of recalls, so
    # campaigns and cars are spread over that many model generations (the same models, 7 years apart each);
    # otherwise every car would carry ~9 recalls instead of the ~1 the real file implies.
    generations = max(1, round(n_campaigns / REAL_CAMPAIGNS))
    print(f"distribution: {len(pairs)} NHTSA make/model pairs, {len(spans)} real campaign year ranges")
    coverage = []
    with connection.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {RecallCampaign._meta.db_table} (number, source, kind, manufacturer, manufacturer_number, "
            "component, summary, consequence, remedy, notes, created_at, updated_at) "
            "VALUES (%s, 'nhtsa', 'safety_recall', '', '', 'BENCH', 'bench', '', '', '', now(), now())"
            if connection.vendor == "postgresql"
            else f"INSERT INTO {RecallCampaign._meta.db_table} (number, source, kind, manufacturer, "
            "manufacturer_number, component, summary, consequence, remedy, notes, created_at, updated_at) "
            "VALUES (%s, 'nhtsa', 'safety_recall', '', '', 'BENCH', 'bench', '', '', '', datetime('now'), "
            "datetime('now'))",
            [(f"B{n:07d}",) for n in range(n_campaigns)],
        )
        ids = list(RecallCampaign.objects.order_by("pk").values_list("pk", flat=True))
        for campaign_id in ids:
            for make, model in rng.choices(pairs, cum_weights=cum, k=rng.choice((1, 1, 2, 2, 3, 4))):
                start = rng.choice(years[(make, model)]) - GENERATION_YEARS * rng.randrange(generations)
                span = rng.choice(spans)
                coverage.append((campaign_id, make, model, rules.make_key(make), rules.model_key(model),
                                 start, start + span - 1))  # fmt: skip
        cur.executemany(
            f"INSERT INTO {RecallCoverage._meta.db_table} (campaign_id, make, model, make_key, model_key, "
            "year_from, year_to, vin_from, vin_to) VALUES (%s, %s, %s, %s, %s, %s, %s, '', '')",
            coverage,
        )
        table = Vehicle._meta.db_table
        batch = 50_000
        for start in range(0, n_vehicles, batch):
            rows = []
            for n in range(start, min(start + batch, n_vehicles)):
                make, model = rng.choices(pairs, cum_weights=cum)[0]
                ys = years[(make, model)]
                year = rng.randint(ys[0] - 1, ys[-1] + 1) - GENERATION_YEARS * rng.randrange(generations)
                serial = "".join(VIN_CHARS[(n // 33**i) % 33] for i in range(6))
                rows.append((f"1BNCH0000{VIN_CHARS[year % 33]}A{serial}", "1BN", make, make, model, year))
            now = "now()" if connection.vendor == "postgresql" else "datetime('now')"
            cur.executemany(
                f"INSERT INTO {table} (vin, wmi, manufacturer, brand, model, model_year, plate, plate_kind, "
                f"created_at) VALUES (%s, %s, %s, %s, %s, %s, '', '', {now})",
                rows,
            )
    return len(coverage)


JOIN_SQL = (
    "FROM vehicles_vehicle v JOIN recalls_recallcoverage c ON c.make = v.brand AND c.model = v.model "
    "AND v.model_year BETWEEN c.year_from AND c.year_to"
)


def _same_schema_table(cur) -> None:  # type: ignore[no-untyped-def]
    """bench_same: a copy of recalls_vehiclerecall with the same columns, constraints and indexes."""
    from django.db import connection

    if connection.vendor == "postgresql":
        cur.execute("CREATE TABLE bench_same (LIKE recalls_vehiclerecall INCLUDING ALL)")
        return
    cur.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'recalls_vehiclerecall' AND sql IS NOT NULL"
    )
    for kind, name, sql in cur.fetchall():
        ddl = sql.replace('"recalls_vehiclerecall"', "bench_same").replace("recalls_vehiclerecall", "bench_same")
        if kind == "index":
            ddl = ddl.replace(f'"{name}"', f'"bench_{name}"').replace(f" {name} ", f" bench_{name} ")
        cur.execute(ddl)


def _baseline_bare(cur) -> None:  # type: ignore[no-untyped-def]
    cur.execute(f"INSERT INTO bench_baseline (vehicle_id, campaign_id) SELECT DISTINCT v.id, c.campaign_id {JOIN_SQL}")


def _baseline_same(cur, now) -> None:  # type: ignore[no-untyped-def]
    cur.execute(
        "INSERT INTO bench_same (vehicle_id, campaign_id, status, matched_at, method, work_order_ref, note) "
        f"SELECT DISTINCT v.id, c.campaign_id, 'open', %s, '', '', '' {JOIN_SQL}",
        [now],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--vehicles", type=int, default=1_000_000)
    parser.add_argument("--campaigns", type=int, default=20_000)
    parser.add_argument("--chunk", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    temp_db = _setup(os.environ.get("DATABASE_URL"))
    try:
        _run(args)
    finally:
        if temp_db:
            from django.db import connections

            connections.close_all()
            import psycopg

            pg_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(pg_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{temp_db}"')


def _run(args: argparse.Namespace) -> None:
    from django.db import connection

    from aftercare.recalls import matching

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    n_coverage = _build(args.vehicles, args.campaigns, rng)
    with connection.cursor() as cur:
        cur.execute("CREATE INDEX bench_cov_make_model ON recalls_recallcoverage (make, model)")
        cur.execute("CREATE TABLE bench_baseline (vehicle_id integer NOT NULL, campaign_id integer NOT NULL, "
                    "PRIMARY KEY (vehicle_id, campaign_id))")  # fmt: skip
        cur.execute("ANALYZE")
    print(f"{connection.vendor}: {args.vehicles:,} vehicles, {args.campaigns:,} campaigns, "
          f"{n_coverage:,} coverage rows (set-up {time.perf_counter() - t0:.1f} s, not timed)")  # fmt: skip

    can_reset = _rss_reset()
    t = time.perf_counter()
    with connection.cursor() as cur:
        _baseline_bare(cur)
    bare_s = time.perf_counter() - t
    bare_rss = _rss_peak_mb()

    from django.utils import timezone

    with connection.cursor() as cur:
        _same_schema_table(cur)
    _rss_reset()
    t = time.perf_counter()
    with connection.cursor() as cur:
        _baseline_same(cur, timezone.now())
    baseline_s = time.perf_counter() - t
    baseline_rss = _rss_peak_mb()

    _rss_reset()
    t = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        from django.utils import timezone

        t_ = matching._tables()
        for label, sql in (
            (
                "insert",
                f"SELECT DISTINCT k.vehicle_id, c.campaign_id FROM {t_['k']} k JOIN {t_['c']} c ON "
                f"{matching._covers_sql()} WHERE k.vehicle_id BETWEEN 1 AND 20000",
            ),
            (
                "baseline",
                "SELECT DISTINCT v.id, c.campaign_id FROM vehicles_vehicle v JOIN recalls_recallcoverage c "
                "ON c.make = v.brand AND c.model = v.model AND v.model_year BETWEEN c.year_from AND c.year_to",
            ),
        ):
            with connection.cursor() as cur:
                cur.execute("EXPLAIN QUERY PLAN " + sql)
                print(label, cur.fetchall())
        del timezone
        prof = cProfile.Profile()
        report = prof.runcall(matching.fleet_match, chunk_size=args.chunk)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    else:
        report = matching.fleet_match(chunk_size=args.chunk)
    product_s = time.perf_counter() - t
    product_rss = _rss_peak_mb()

    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM bench_baseline")
        baseline_n = cur.fetchone()[0]
        cur.execute("SELECT COUNT(*) FROM (SELECT vehicle_id, campaign_id FROM recalls_vehiclerecall "
                    "EXCEPT SELECT vehicle_id, campaign_id FROM bench_baseline) d")  # fmt: skip
        only_product = cur.fetchone()[0]
        cur.execute("SELECT COUNT(*) FROM (SELECT vehicle_id, campaign_id FROM bench_baseline "
                    "EXCEPT SELECT vehicle_id, campaign_id FROM recalls_vehiclerecall) d")  # fmt: skip
        only_baseline = cur.fetchone()[0]
        # Pairs only the product finds must come from spelling normalisation (e.g. CR-V / CRV, MERCEDES BENZ /
        # MERCEDES-BENZ): the car's raw make or model differs from the coverage row's, their keys agree.
        cur.execute(
            "SELECT COUNT(*) FROM (SELECT vehicle_id, campaign_id FROM recalls_vehiclerecall "
            "EXCEPT SELECT vehicle_id, campaign_id FROM bench_baseline) d "
            "WHERE NOT EXISTS (SELECT 1 FROM vehicles_vehicle v JOIN recalls_recallcoverage c "
            "ON c.campaign_id = d.campaign_id AND v.id = d.vehicle_id "
            "AND (c.make <> v.brand OR c.model <> v.model))"
        )
        unexplained = cur.fetchone()[0]

    # A second, incremental run: nothing changed, so nothing is written (keys compared, joins find nothing new).
    t = time.perf_counter()
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        prof = cProfile.Profile()
        again = prof.runcall(matching.fleet_match, chunk_size=args.chunk)
        pstats.Stats(prof).sort_stats("tottime").print_stats(12)
    else:
        again = matching.fleet_match(chunk_size=args.chunk)
    rerun_s = time.perf_counter() - t

    # Python-side allocations of one chunk (tracemalloc slows Python code, so it is measured apart).
    tracemalloc.start()
    rows = matching._vehicle_rows(0, args.chunk)
    matching.keys_write(rows, matching.aliases_load())
    del rows
    chunk_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()

    print(f"matches: product {report.matched:,}, baseline {baseline_n:,}; "
          f"only in product {only_product} (all from spelling normalisation: {unexplained == 0}), "
          f"only in baseline {only_baseline}")  # fmt: skip
    print(f"baseline, bare 2-column table:  {bare_s:8.2f} s   peak RSS {bare_rss:7.1f} MB")
    print(f"baseline, copy of product table: {baseline_s:8.2f} s   peak RSS {baseline_rss:7.1f} MB")
    print(f"product fleet_match:             {product_s:8.2f} s   peak RSS {product_rss:7.1f} MB"
          f"   ({report.chunks} chunks of {args.chunk:,}, {report.keys_written:,} keys written)")  # fmt: skip
    print(
        f"ratio product / baseline (same table): {product_s / baseline_s:.2f}x; "
        f"product / bare baseline: {product_s / bare_s:.2f}x"
    )
    print(f"re-run with nothing changed: {rerun_s:.2f} s ({again.matched} new matches, {again.keys_written} keys)")
    print(
        f"tracemalloc peak for one chunk's keys: {chunk_peak:.1f} MB"
        + ("" if can_reset else "  (RSS peaks are process-wide: /proc/self/clear_refs unavailable)")
    )
    if unexplained or only_baseline:
        sys.exit("product and baseline disagree")


if __name__ == "__main__":
    main()
