"""Valuation in the demo: a UK price model (trained here when none is installed), recent market sales, and
one-price offers on cars sold in both markets (帕萨特 = Passat, 卡罗拉 = Corolla …), made through the real services.

The demo model is smaller than the production recipe so `aftercare demo` stays well under a minute: the
same features and interval on the whole UK file, with 400 boosting rounds at learning rate 0.1 instead of
3,000 at 0.03. Its own hold-out metrics are stored with it and shown on every page (docs/BENCHMARKS.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
from decimal import Decimal
from pathlib import Path

from django.conf import settings

from aftercare.demo.network import Site
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError
from aftercare.network.selectors import actor_for_user
from aftercare.valuation import aliases, conf, services
from aftercare.valuation.engine import value
from aftercare.valuation.pricing import pipeline, train
from aftercare.valuation.pricing.quote import CarFacts
from aftercare.vehicles.models import OdometerReading, Vehicle

log = logging.getLogger(__name__)
UK_FILE = Path("used_car_prices") / "uk_used_cars_train.csv"
DEMO_RECIPE = train.Recipe().faster(rounds=400, learning_rate=0.1)
SALES = 60
OFFERS_PER_STORE = 2
OFFER_STORES = 6


def demo_model_ensure(*, today: dt.date) -> bool:
    """A servable model: the installed one, or a demo model trained from the UK file. False when neither."""
    testing = str(getattr(settings, "SETTINGS_MODULE", "")).endswith(".test")
    explicit = getattr(settings, "AFTERCARE_VALUATION_MODEL", None) or os.environ.get("AFTERCARE_VALUATION_MODEL")
    if testing and not explicit:
        return False  # a test run neither reads nor writes var/: tests bring their own small model
    if conf.model_available():
        return True
    data = Path(settings.AFTERCARE_DATA_DIR) / UK_FILE
    if not data.exists() or testing:
        return False
    pipeline.train_file(data=data, schema="uk", out=conf.model_path(), today=today, recipe=DEMO_RECIPE)
    conf._cache.clear()
    return conf.model_available()


def _priceable(vehicles: list[Vehicle]) -> list[tuple[Vehicle, CarFacts]]:
    km = {}
    for r in OdometerReading.objects.filter(vehicle__in=vehicles, flag="").order_by("read_at"):
        km[r.vehicle_id] = r.km
    out = []
    for v in vehicles:
        mapped = aliases.uk_make_model(v.brand, v.model)
        if mapped and v.model_year and v.pk in km:
            out.append((v, CarFacts(make=mapped[0], model=mapped[1], model_year=v.model_year, mileage_km=km[v.pk])))
    return out


def _sales(rng: random.Random, cars: list[tuple[Vehicle, CarFacts]], today: dt.date) -> int:
    """Recent trades of comparable cars: most near the model, a market drift of a few %, a couple of outliers."""
    made = 0
    for n in range(min(SALES, len(cars) * 3)):
        vehicle, facts = rng.choice(cars)
        sold_on = today - dt.timedelta(days=rng.randint(1, 180))
        drift = 1.04 if sold_on > today - dt.timedelta(days=45) else 0.99  # prices firmed up lately
        ratio = drift * rng.gauss(1.0, 0.05) if n % 25 else rng.choice((0.55, 1.8))
        facts = CarFacts(facts.make, facts.model, facts.model_year, facts.mileage_km * rng.uniform(0.7, 1.3))
        try:
            model_price = value(facts, today=sold_on, with_factors=False).model_price
        except DomainError:
            continue
        services.market_sale_record(
            facts=facts,
            price=(model_price * Decimal(str(round(ratio, 4)))).quantize(Decimal("1")),
            sold_on=sold_on,
            dealer_group_id=vehicle.dealer_group_id,
        )
        made += 1
    return made


def valuation_demo(*, rng: random.Random, now: dt.datetime, sites: list[Site]) -> int:
    """Sales and offers for the demo; returns the number of offers (0 when no model can be had)."""
    if not demo_model_ensure(today=now.date()):
        log.warning("no valuation model and no UK data: the demo has no offers")
        return 0
    clock = FixedClock(now)
    vehicles = list(Vehicle.objects.filter(dealer_group__in={s.store.dealer_group_id for s in sites}))
    cars = _priceable(vehicles)
    if not cars:
        return 0
    _sales(rng, cars, now.date())
    offers = 0
    for site in sites[:OFFER_STORES]:
        if site.manager is None:
            continue
        actor = actor_for_user(site.manager.user)
        mine = [(v, f) for v, f in cars if v.dealer_group_id == site.store.dealer_group_id]
        for vehicle, _facts in rng.sample(mine, min(OFFERS_PER_STORE, len(mine))):
            try:
                services.offer_create(actor=actor, vehicle_id=vehicle.pk, clock=clock)
            except DomainError:
                continue  # e.g. the car already has an open offer from another store of the group
            offers += 1
    return offers


def valuation_demo_delete(*, vehicle_ids: list[int], group_ids: list[int]) -> None:
    """Remove the demo's offers and sales before its cars and groups go (both are PROTECTed)."""
    from aftercare.valuation.models import MarketSale, Offer

    Offer.objects.filter(vehicle_id__in=vehicle_ids).delete()
    Offer.objects.filter(dealer_group_id__in=group_ids).delete()
    MarketSale.objects.filter(dealer_group_id__in=group_ids).delete()
