"""Set-based matching of campaigns to cars: the whole fleet in chunks, one campaign, or one car.

Make and model are normalised in Python (rules.car_key, the single definition) and stored per car in
VehicleMatchKey; the join itself runs in the database, one chunk of vehicle ids at a time, so memory
stays bounded by the chunk size whatever the fleet size. Stale open matches (the campaign or the car
changed) are removed; completed ones are history and stay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from aftercare.kernel.clock import Clock, system_clock
from aftercare.recalls import notify, rules
from aftercare.recalls.models import MakeAlias, RecallCoverage, VehicleMatchKey, VehicleRecall
from aftercare.vehicles.models import Vehicle

DEFAULT_CHUNK = 20_000
_KEY_FIELDS = ("pk", "vin", "brand", "manufacturer", "model", "model_year")
VehicleRow = tuple[int, str, str, str, str, int | None]


@dataclass
class MatchReport:
    """What one matching run did."""

    vehicles: int = 0
    keys_written: int = 0
    matched: int = 0
    removed: int = 0
    notified_owners: int = 0
    chunks: int = 0
    new_recall_ids: list[int] = field(default_factory=list, repr=False)

    def add(self, other: MatchReport) -> None:
        self.vehicles += other.vehicles
        self.keys_written += other.keys_written
        self.matched += other.matched
        self.removed += other.removed
        self.notified_owners += other.notified_owners
        self.chunks += other.chunks


def aliases_load() -> dict[str, str]:
    """The make alias table: code defaults with the operator's MakeAlias rows on top."""
    return rules.aliases_merge(rules.DEFAULT_MAKE_ALIASES, MakeAlias.objects.values_list("alias", "make_key"))


def _tables() -> dict[str, str]:
    return {
        "k": VehicleMatchKey._meta.db_table,
        "c": RecallCoverage._meta.db_table,
        "vr": VehicleRecall._meta.db_table,
    }


def _vin_cmp() -> str:
    # VIN ranges compare byte-wise like rules.covers; PostgreSQL would otherwise use the locale's collation.
    return 'k.vin COLLATE "C"' if connection.vendor == "postgresql" else "k.vin"


def _covers_sql() -> str:
    """The SQL form of rules.covers for a key row k and coverage row c (cars carry no build date yet)."""
    return (
        "c.make_key = k.make_key AND c.model_key = k.model_key"
        " AND (c.year_from IS NULL OR k.model_year >= c.year_from)"
        " AND (c.year_to IS NULL OR k.model_year <= c.year_to)"
        f" AND (c.vin_from = '' OR {_vin_cmp()} BETWEEN c.vin_from AND c.vin_to)"
    )


def _execute(sql: str, params: Sequence[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return max(int(cursor.rowcount), 0)


def _join(outer: str) -> str:
    """`outer` drives the loop. SQLite's CROSS JOIN fixes the order, so a chunk of cars probes the coverage
    index (and a campaign probes the cars' key index) even when table statistics are stale or missing."""
    t = _tables()
    inner = "c" if outer == "k" else "k"
    word = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    return f"{t[outer]} {outer} {word} {t[inner]} {inner}"


def _matches_insert(where: str, params: Sequence[Any], now: dt.datetime, *, outer: str) -> int:
    t = _tables()
    # Table names come from model metadata and `where` from this module's constants: no user text.
    sql = (
        f"INSERT INTO {t['vr']} (vehicle_id, campaign_id, status, matched_at, method, work_order_ref, note) "  # noqa: S608
        # No DISTINCT: two coverage rows of one campaign matching one car meet the unique index instead.
        f"SELECT k.vehicle_id, c.campaign_id, 'open', %s, '', '', '' "
        f"FROM {_join(outer)} ON {_covers_sql()} WHERE {where} "
        "ON CONFLICT (vehicle_id, campaign_id) DO NOTHING"
    )
    return _execute(sql, [now, *params])


def _stale_delete(where: str, params: Sequence[Any]) -> int:
    t = _tables()
    sql = (
        f"DELETE FROM {t['vr']} WHERE status = 'open' AND {where} AND NOT EXISTS ("  # noqa: S608
        f"SELECT 1 FROM {t['k']} k JOIN {t['c']} c ON {_covers_sql()} "
        f"WHERE k.vehicle_id = {t['vr']}.vehicle_id AND c.campaign_id = {t['vr']}.campaign_id)"
    )
    return _execute(sql, params)


def keys_write(rows: Sequence[VehicleRow], aliases: dict[str, str]) -> int:
    """Store the matching keys of these cars, writing only the ones that changed. Returns rows written."""
    if not rows:
        return 0
    ids = [r[0] for r in rows]
    existing = {
        vid: rest
        for vid, *rest in VehicleMatchKey.objects.filter(pk__gte=min(ids), pk__lte=max(ids)).values_list(
            "vehicle_id", "make_key", "model_key", "model_year", "vin"
        )
    }
    changed: list[tuple[Any, ...]] = []
    makes: dict[tuple[str, str], str] = {}  # a fleet has few distinct spellings: normalise each once
    models: dict[str, str] = {}
    for vid, vin, brand, manufacturer, model, year in rows:
        make = makes.get((brand, manufacturer))
        if make is None:
            make = makes[(brand, manufacturer)] = rules.car_key(
                brand=brand, manufacturer=manufacturer, model="", model_year=None, vin="", aliases=aliases
            ).make_key
        model_key = models.get(model)
        if model_key is None:
            model_key = models[model] = rules.model_key(model)
        values = [make, model_key, year, vin]
        if existing.get(vid) != values:
            changed.append((vid, *values))
    if changed:
        # An upsert, not a plain insert: a car saved meanwhile may have had its key written by its own hook.
        table = VehicleMatchKey._meta.db_table
        sql = (
            f"INSERT INTO {table} (vehicle_id, make_key, model_key, model_year, vin) VALUES (%s, %s, %s, %s, %s) "  # noqa: S608
            "ON CONFLICT (vehicle_id) DO UPDATE SET make_key = excluded.make_key, model_key = excluded.model_key, "
            "model_year = excluded.model_year, vin = excluded.vin"
        )
        with connection.cursor() as cursor:
            cursor.executemany(sql, changed)
    return len(changed)


def _vehicle_rows(after: int, limit: int, missing_keys_only: bool = False) -> list[VehicleRow]:
    qs = Vehicle.objects.filter(pk__gt=after)
    if missing_keys_only:
        qs = qs.filter(recall_key__isnull=True)
    return list(qs.order_by("pk").values_list(*_KEY_FIELDS)[:limit])


def _chunk_match(
    rows: list[VehicleRow], aliases: dict[str, str], now: dt.datetime, *, notify_pending: bool = False
) -> MatchReport:
    lo, hi = rows[0][0], rows[-1][0]
    with transaction.atomic():
        report = MatchReport(vehicles=len(rows), chunks=1)
        report.keys_written = keys_write(rows, aliases)
        # Coverage changes are cleaned up when they are written (campaigns_match); here only cars whose key
        # changed can have open matches that no longer apply.
        if report.keys_written:
            report.removed = _stale_delete("vehicle_id BETWEEN %s AND %s", [lo, hi])
        report.matched = _matches_insert("k.vehicle_id BETWEEN %s AND %s", [lo, hi], now, outer="k")
        # A fleet run notifies only when it matched something new; one car also catches up on matches
        # made while it had no owner with a login.
        if report.matched or notify_pending:
            report.notified_owners = notify.owners_notify(Q(vehicle_id__gte=lo, vehicle_id__lte=hi), now=now)
    return report


def fleet_match(
    *,
    chunk_size: int = DEFAULT_CHUNK,
    clock: Clock = system_clock,
    progress: Callable[[MatchReport], None] | None = None,
) -> MatchReport:
    """Match every car against every campaign, chunk by chunk; each chunk commits on its own."""
    aliases = aliases_load()
    total = MatchReport()
    after = 0
    while rows := _vehicle_rows(after, chunk_size):
        total.add(_chunk_match(rows, aliases, clock.now()))
        after = rows[-1][0]
        if progress is not None:
            progress(total)
    return total


def coverage_rekey(*, chunk_size: int = DEFAULT_CHUNK, clock: Clock = system_clock) -> int:
    """Recompute coverage keys (after an operator edits make aliases) and rematch the campaigns that changed."""
    aliases, changed_campaigns, after, updated = aliases_load(), set(), 0, 0
    while rows := list(RecallCoverage.objects.filter(pk__gt=after).order_by("pk")[:chunk_size]):
        stale = []
        for row in rows:
            keys = (rules.make_key(row.make, aliases), rules.model_key(row.model))
            if keys != (row.make_key, row.model_key):
                row.make_key, row.model_key = keys
                stale.append(row)
                changed_campaigns.add(row.campaign_id)
        RecallCoverage.objects.bulk_update(stale, ["make_key", "model_key"])
        updated += len(stale)
        after = rows[-1].pk
    campaigns_match(campaign_ids=sorted(changed_campaigns), clock=clock)
    return updated


def keys_fill_missing(*, chunk_size: int = DEFAULT_CHUNK) -> int:
    """Compute keys for cars that have none yet (cars loaded in bulk, without the save hook)."""
    aliases, written, after = aliases_load(), 0, 0
    while rows := _vehicle_rows(after, chunk_size, missing_keys_only=True):
        written += keys_write(rows, aliases)
        after = rows[-1][0]
    return written


def campaigns_match(*, campaign_ids: Sequence[int], clock: Clock = system_clock, fill_keys: bool = True) -> MatchReport:
    """Match some campaigns against the whole fleet (after they are created or their coverage changes)."""
    report = MatchReport(chunks=1)
    if not campaign_ids:
        return report
    if fill_keys:
        keys_fill_missing()
    now = clock.now()
    marks = ", ".join(["%s"] * len(campaign_ids))
    with transaction.atomic():
        report.removed = _stale_delete(f"campaign_id IN ({marks})", list(campaign_ids))
        report.matched = _matches_insert(f"c.campaign_id IN ({marks})", list(campaign_ids), now, outer="c")
        if report.matched:
            report.notified_owners = notify.owners_notify(Q(campaign_id__in=list(campaign_ids)), now=now)
    return report


def campaign_match(*, campaign_id: int, clock: Clock = system_clock) -> MatchReport:
    """Match one campaign against the whole fleet."""
    return campaigns_match(campaign_ids=[campaign_id], clock=clock)


def vehicle_match(*, vehicle_id: int, clock: Clock = system_clock) -> MatchReport:
    """Match one car against every campaign (after it is registered or its make, model or year changes)."""
    rows = _vehicle_rows(vehicle_id - 1, 1)
    if not rows or rows[0][0] != vehicle_id:
        return MatchReport()
    return _chunk_match(rows, aliases_load(), clock.now(), notify_pending=True)
