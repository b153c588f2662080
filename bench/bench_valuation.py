"""Benchmark: one valuation (latency) and a batch of 10,000 (throughput) against raw model predict.

Usage: .venv/bin/python bench/bench_valuation.py [--model MODEL] [--batch 10000] [--repeat 50]
Without --model, a model is trained first with the demo recipe (and its accuracy printed). Times, in one run:
  - baseline: LightGBM Booster.predict on an already prepared feature matrix (what the model alone costs)
  - one valuation: aftercare.valuation.engine.value(facts) — facts → frame → predict → interval →
    TreeSHAP factors → condition/market adjustment → rounded money (the API and pages call this)
  - batch: aftercare.valuation.pricing.quote.quote_many over 10,000 cars from the UK file (no factors),
    and the same with factors
Prints medians and ratios to the baseline.
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


def _time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aftercare.settings.test")
    import django

    django.setup()
    from django.conf import settings

    from aftercare.valuation import conf
    from aftercare.valuation.engine import value
    from aftercare.valuation.pricing import artifact, frames, pipeline, train
    from aftercare.valuation.pricing.quote import CarFacts, facts_frame, quote_many

    data = Path(settings.AFTERCARE_DATA_DIR) / "used_car_prices" / "uk_used_cars_train.csv"
    model_path = Path(args.model) if args.model else Path(tempfile.mkdtemp()) / "bench.zip"
    if not args.model:
        t0 = time.perf_counter()
        recipe = train.Recipe().faster(rounds=400, learning_rate=0.1)
        _sha, measured = pipeline.train_file(
            data=data, schema="uk", out=model_path, today=dt.date.today(), recipe=recipe
        )
        print(f"trained the demo-recipe model in {time.perf_counter() - t0:.1f} s; hold-out: "
              f"MAPE {measured['mape']:.4f}, within 5 % {measured['within_5pct']:.3f}, "
              f"coverage {measured['interval_coverage']:.3f} (n={measured['n']})")  # fmt: skip
    settings.AFTERCARE_VALUATION_MODEL = str(model_path)
    conf._cache.clear()
    model = artifact.load(model_path)
    ref_year = int(model.info["reference_year"])
    today = dt.date(ref_year, 6, 1)

    raw = frames.pd.read_csv(data, dtype=str).sample(n=args.batch, random_state=1, replace=args.batch > 79_000)
    fr = frames.frame_from_table(raw, "uk", with_target=False, reference_year=ref_year)
    f = fr.features
    facts = [
        CarFacts(make=r.make, model=r.model, model_year=ref_year - int(r.age), mileage_km=float(r.mileage_km),
                 fuel=r.fuel, transmission=r.transmission, engine_l=None if r.engine_l != r.engine_l else r.engine_l)
        for r in f.itertuples()
    ]  # fmt: skip
    one = facts[0]
    # Product facts have no road tax or mpg, so the fallback part prices them: the baseline is its booster.
    assert model.fallback is not None
    assert set(model.routes(facts_frame(model, facts, today))) <= set(model.fallback.intervals)
    booster, spec = model.fallback.part.boosters[0], model.fallback.part.spec
    x_one = spec.matrix(facts_frame(model, [one], today))
    x_all = spec.matrix(facts_frame(model, facts, today))

    value(one, today=today)  # warm the cache (model load) outside the timings
    base_one = _time(lambda: booster.predict(x_one), args.repeat)
    val_plain = _time(lambda: value(one, today=today, with_factors=False), args.repeat)
    val_full = _time(lambda: value(one, today=today), args.repeat)
    print(f"\nOne car (median of {args.repeat}):")
    print(f"  baseline Booster.predict, prepared 1-row matrix  {base_one * 1e3:8.2f} ms")
    print(f"  value() without factors                          {val_plain * 1e3:8.2f} ms  ×{val_plain / base_one:.1f}")
    print(f"  value() with factors (the API/page path)         {val_full * 1e3:8.2f} ms  ×{val_full / base_one:.1f}")

    reps = max(3, args.repeat // 10)
    base_all = _time(lambda: booster.predict(x_all), reps)
    batch = _time(lambda: quote_many(model, facts, today), reps)
    batch_factors = _time(lambda: quote_many(model, facts, today, with_factors=True), max(1, reps // 3))
    n = len(facts)
    print(f"\nBatch of {n:,} cars (median of {reps}):")
    print(f"  baseline Booster.predict, prepared matrix  {base_all:7.3f} s  {n / base_all:10,.0f} cars/s")
    ratio = batch / base_all
    print(f"  quote_many (facts → prices + intervals)    {batch:7.3f} s  {n / batch:10,.0f} cars/s  ×{ratio:.1f}")
    print(f"  quote_many with factors (TreeSHAP)         {batch_factors:7.3f} s  {n / batch_factors:10,.0f} cars/s  "
          f"×{batch_factors / base_all:.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
