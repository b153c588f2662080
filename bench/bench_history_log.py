"""Benchmark: the vehicle-history transparency log at a million entries.

Usage: .venv/bin/python bench/bench_history_log.py [--events 1000000] [--proofs 1000] [--database-url URL]
Builds its own data in a throw-away SQLite file (or DATABASE_URL), then times, in the same run:
  - appends through the real code path: aftercare.history.services.log_append_events on batches of saved
    events (canonical leaf, salted pseudonyms, RFC 9162 leaf hash, perfect-subtree nodes, head update),
    and event_record one event per transaction for a smaller sample;
  - the baseline: raw SHA-256 of the very same leaf bytes (what hashing alone costs);
  - inclusion and consistency proofs generated from the stored nodes at full size, and their verification;
  - publishing a checkpoint (consistency-checked against the previous one).
Prints rates and ratios.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BATCH = 10_000


def _setup(db_url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftercare.settings.test")
    os.environ["DATABASE_URL"] = db_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _vehicles(n: int) -> list[int]:
    from aftercare.kernel.vin import check_digit
    from aftercare.vehicles.models import Vehicle

    rows = []
    for i in range(n):
        body = f"LSVAB2C10L9{i:06d}"
        rows.append(Vehicle(vin=body[:8] + check_digit(body) + body[9:], wmi="LSV", model_year=2020))
    return [v.pk for v in Vehicle.objects.bulk_create(rows, batch_size=5000)]


def _events(n: int, vehicle_ids: list[int], rng: random.Random):  # type: ignore[no-untyped-def]
    from aftercare.history.services import event_build

    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    for i in range(n):
        yield event_build(
            vehicle_id=vehicle_ids[i % len(vehicle_ids)],
            event_type="ODOMETER_RECORDED",
            occurred_at=start + dt.timedelta(minutes=i),
            actor_user_id=None,
            payload={"km": 1_000 + i, "source": "check_in", "flag": "", "to_owner": rng.randrange(1, 5_000)},
        )


def _median_us(samples: list[float]) -> float:
    return statistics.median(samples) * 1e6


def run(n_events: int, n_proofs: int, n_single: int, out=print) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Build, append, prove; return the figures (also printed)."""
    from django.db import transaction

    from aftercare.history import merkle, services, store
    from aftercare.history.models import HistoryEvent, LogLeaf

    rng = random.Random(9162)
    vehicle_ids = _vehicles(max(1, min(1_000, n_events // 10)))
    source = _events(n_events, vehicle_ids, rng)
    append_seconds = append_cpu = 0.0
    insert_seconds = 0.0
    done = 0
    while done < n_events:
        chunk = [next(source) for _ in range(min(BATCH, n_events - done))]
        t0 = time.perf_counter()
        with transaction.atomic():
            saved = HistoryEvent.objects.bulk_create(chunk)
            t1, c1 = time.perf_counter(), time.process_time()
            services.log_append_events(saved)
        t2, c2 = time.perf_counter(), time.process_time()
        insert_seconds += t1 - t0
        append_seconds += t2 - t1
        append_cpu += c2 - c1
        done += len(chunk)
    size = store.head_read()[0]
    assert size == n_events, (size, n_events)

    leaves = [text.encode() for text in LogLeaf.objects.order_by("index").values_list("leaf", flat=True).iterator()]
    t0, c0 = time.perf_counter(), time.process_time()
    for leaf in leaves:
        hashlib.sha256(b"\x00" + leaf).digest()
    sha_seconds, sha_cpu = time.perf_counter() - t0, time.process_time() - c0
    mean_leaf = sum(map(len, leaves)) / len(leaves)
    del leaves

    single = []
    for i in range(n_single):
        t0 = time.perf_counter()
        with transaction.atomic():
            services.event_record(
                vehicle_id=vehicle_ids[i % len(vehicle_ids)],
                event_type="ODOMETER_RECORDED",
                occurred_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                actor_user_id=None,
                payload={"km": i, "to_owner": rng.randrange(1, 5_000)},
            )
        single.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    first = services.checkpoint_publish()
    publish_first = time.perf_counter() - t0
    size = first.tree_size if first else store.head_read()[0]
    root = bytes.fromhex(first.root_hash) if first else merkle.root(size, store.DbNodes())

    nodes = store.DbNodes()
    hashes = dict(
        LogLeaf.objects.filter(index__in=rng.sample(range(size), min(n_proofs, size))).values_list("index", "leaf_hash")
    )
    gen, ver, lengths = [], [], []
    for index, hex_hash in hashes.items():
        t0 = time.perf_counter()
        proof = merkle.inclusion_proof(index, size, nodes)
        t1 = time.perf_counter()
        merkle.verify_inclusion(index, size, bytes.fromhex(hex_hash), proof, root)
        t2 = time.perf_counter()
        gen.append(t1 - t0)
        ver.append(t2 - t1)
        lengths.append(len(proof))

    c_gen, c_ver = [], []
    roots: dict[int, bytes] = {}
    for _ in range(min(n_proofs, 200)):
        m = rng.randrange(1, size)
        t0 = time.perf_counter()
        proof = merkle.consistency_proof(m, size, nodes)
        t1 = time.perf_counter()
        roots.setdefault(m, merkle.root(m, nodes))
        t2 = time.perf_counter()
        merkle.verify_consistency(m, size, proof, roots[m], root)
        t3 = time.perf_counter()
        c_gen.append(t1 - t0)
        c_ver.append(t3 - t2)

    services.event_record(
        vehicle_id=vehicle_ids[0],
        event_type="ODOMETER_RECORDED",
        occurred_at=dt.datetime(2026, 2, 1, tzinfo=dt.UTC),
        actor_user_id=None,
        payload={"km": 1},
    )
    t0 = time.perf_counter()
    services.checkpoint_publish()
    publish_next = time.perf_counter() - t0

    figures = {
        "events": n_events,
        "bulk_appends_per_s": n_events / append_seconds,
        "bulk_appends_per_cpu_s": n_events / append_cpu,
        "sha256_per_cpu_s": n_events / sha_cpu,
        "ratio_cpu_append_vs_sha256": append_cpu / sha_cpu,
        "event_insert_per_s": n_events / insert_seconds,
        "sha256_per_s": n_events / sha_seconds,
        "ratio_append_vs_sha256": (append_seconds / n_events) / (sha_seconds / n_events),
        "mean_leaf_bytes": mean_leaf,
        "single_append_ms_median": statistics.median(single) * 1e3 if single else 0.0,
        "inclusion_gen_us_median": _median_us(gen),
        "inclusion_verify_us_median": _median_us(ver),
        "inclusion_path_len_max": max(lengths),
        "consistency_gen_us_median": _median_us(c_gen),
        "consistency_verify_us_median": _median_us(c_ver),
        "checkpoint_first_ms": publish_first * 1e3,
        "checkpoint_next_ms": publish_next * 1e3,
    }
    out(f"log of {n_events:,} events (mean leaf {mean_leaf:.0f} bytes)")
    out(f"  append, bulk path (log_append_events):  {figures['bulk_appends_per_s']:>12,.0f} /s")
    out(f"  raw SHA-256 of the same leaves:           {figures['sha256_per_s']:>12,.0f} /s")
    out(f"  ratio append / SHA-256 (time per leaf):   {figures['ratio_append_vs_sha256']:>12.1f} x")
    out(
        f"  same in CPU time: append {figures['bulk_appends_per_cpu_s']:,.0f} /s, SHA-256 "
        f"{figures['sha256_per_cpu_s']:,.0f} /s, ratio {figures['ratio_cpu_append_vs_sha256']:.1f} x"
    )
    out(f"  (event rows bulk_create, for scale:      {figures['event_insert_per_s']:>12,.0f} /s)")
    if single:
        out(f"  append, event_record per transaction:     {figures['single_append_ms_median']:>12.2f} ms median")
    out(
        f"  inclusion proof at size {size:,}: generate {figures['inclusion_gen_us_median']:.0f} µs, "
        f"verify {figures['inclusion_verify_us_median']:.0f} µs (median of {len(gen)}; ≤{max(lengths)} hashes)"
    )
    out(
        f"  consistency proof: generate {figures['consistency_gen_us_median']:.0f} µs, "
        f"verify {figures['consistency_verify_us_median']:.0f} µs (median of {len(c_gen)})"
    )
    out(
        f"  checkpoint: first {figures['checkpoint_first_ms']:.1f} ms, next (with consistency proof) "
        f"{figures['checkpoint_next_ms']:.1f} ms"
    )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=1_000)
    parser.add_argument("--single", type=int, default=2_000, help="events appended one transaction each")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    scratch = None if args.database_url else tempfile.mkdtemp()
    _setup(args.database_url or f"sqlite:///{scratch}/bench.sqlite3")
    try:
        run(args.events, args.proofs, args.single)
    finally:
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
