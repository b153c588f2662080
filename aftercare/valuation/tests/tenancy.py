"""Cross-tenant helpers for tests/api/test_api_tenancy.py."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from aftercare.valuation import conf
from aftercare.valuation.models import Offer
from aftercare.vehicles.models import OdometerReading, Vehicle

_serving: list[Any] = []


def serve_tiny_model() -> None:
    """Train a tiny real UK model once per process and serve it for the rest of the run."""
    if _serving:
        return
    from aftercare.valuation.pricing import pipeline, train

    data = Path(settings.AFTERCARE_DATA_DIR) / "used_car_prices" / "uk_used_cars_train.csv"
    if not data.exists():
        pytest.skip(f"shared data not found at {data}")
    out = Path(tempfile.mkdtemp(prefix="valuation-")) / "tiny.zip"
    recipe = train.Recipe().faster(rounds=40, learning_rate=0.2)
    pipeline.train_file(data=data, schema="uk", out=out, today=dt.date(2025, 6, 1), recipe=recipe, sample=2500)
    # An environment variable survives the settings fixtures other tests restore (override_settings would not).
    os.environ["AFTERCARE_VALUATION_MODEL"] = str(out)
    conf._cache.clear()
    _serving.append(out)


def make_priceable(vehicle_id: int) -> None:
    """Give a world car a model the UK data knows (a Passat) and a trusted odometer reading."""
    Vehicle.objects.filter(pk=vehicle_id).update(brand="上汽大众", model="帕萨特", model_year=2018)
    OdometerReading.objects.create(
        vehicle_id=vehicle_id, km=61_000, read_at=timezone.now() - dt.timedelta(days=2), source="check_in"
    )


def own_priced_vehicle(w: Any) -> tuple[Any, int]:
    """A manager and a priceable car of their group (with the tiny model served)."""
    serve_tiny_model()
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    vehicle_id = w.vehicles[manager.group_id][-2]
    if not OdometerReading.objects.filter(vehicle_id=vehicle_id, km=61_000).exists():
        make_priceable(vehicle_id)
    return manager, vehicle_id


def _world_offers(w: Any) -> dict[int, list[int]]:
    """Four offers per group (created on first use; each test's transaction may have rolled them back)."""
    now = timezone.now()
    by_group: dict[int, list[int]] = {}
    for group_id, vehicle_ids in w.vehicles.items():
        for vehicle_id in vehicle_ids[:4]:
            offer, _ = Offer.objects.get_or_create(
                token=f"tenancy-probe-{group_id}-{vehicle_id}",
                defaults=dict(
                    dealer_group_id=group_id, vehicle_id=vehicle_id, status="withdrawn", created_at=now,
                    currency="GBP", price=10_000, low=9_000, high=11_000, priced_at=now, model_sha256="0" * 64,
                    model_schema="uk", warranty_tier="standard", warranty_months=6, warranty_km=10_000,
                    return_days=7,
                ),
            )  # fmt: skip
            by_group.setdefault(group_id, []).append(offer.pk)
    return by_group


def offer_pairs(w: Any) -> list[tuple[Any, int, str]]:
    """Staff of another group, and owners, against offers on cars that are not theirs."""
    offers = _world_offers(w)
    pairs = []
    for who in w.staff_actors:
        for group_id, ids in offers.items():
            if group_id != who.group_id:
                pairs += [(who, o, "staff of another group") for o in ids]
    vehicle_of = dict(Offer.objects.values_list("pk", "vehicle_id"))
    for who in w.owner_actors:
        mine = w.owned_by.get(who.owner_id or 0, set())
        pairs += [
            (who, o, "owner vs an offer on another owner's car")
            for ids in offers.values()
            for o in ids
            if vehicle_of[o] not in mine
        ]
    return pairs


def own_offer(w: Any) -> tuple[Any, int]:
    manager = next(a for a in w.staff_actors if a.label.startswith("manager"))
    return manager, _world_offers(w)[manager.group_id][0]
