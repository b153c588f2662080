"""Training, intervals and the model file, on a real UK sample (seconds)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftercare.valuation.pricing import artifact, frames, pipeline, train
from aftercare.valuation.pricing.model import FULL, blank_patterns, blanked, pattern_key
from aftercare.valuation.pricing.quote import CarFacts, quote_many
from aftercare.valuation.tests.conftest import SMALL, TIANCHI, TODAY, UK, needs_data


@given(st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=400), st.floats(0.5, 0.95))
@settings(max_examples=60, deadline=None)
def test_the_conformal_quantile_covers_at_least_the_asked_share(residuals, coverage):
    q = train.conformal_quantile(np.array(residuals), coverage)
    n = len(residuals)
    assert np.mean(np.array(residuals) <= q) >= min(1.0, np.ceil((n + 1) * coverage) / n) - 1e-9
    assert q in residuals


def test_identical_rows_always_fall_on_the_same_side():
    raw = frames.pd.DataFrame(
        [{"make": "vw", "model": "golf", "year": str(2010 + i % 7), "mileage": str(1000 * (i % 13)), "price": "9000"}
         for i in range(400)],
        dtype=str,
    )  # fmt: skip
    frame = frames.frame_from_table(raw, "uk", with_target=True)
    mask = train.split_mask(frame, 0.2, seed=3)
    keys = frame.features.apply(lambda r: "|".join(map(str, r)), axis=1)
    assert all(len(set(mask[keys == k])) == 1 for k in keys.unique())
    assert 0.05 < mask.mean() < 0.4
    assert (train.split_mask(frame, 0.2, seed=3) == mask).all()


@needs_data
def test_the_stored_metrics_are_honest_and_the_interval_is_calibrated(uk_model_file):
    path, measured = uk_model_file
    meta = artifact.read_meta(path)
    assert meta["metrics"] == measured and artifact.has_metrics(meta)
    assert meta["schema"] == "uk" and meta["currency"] == "GBP" and meta["reference_year"] == 2020
    assert meta["data"]["sha256"] == artifact.sha256_file(UK)
    assert set(meta["libraries"]) >= {"lightgbm", "numpy", "pandas", "python"}
    assert measured["holdout_rows"] > 1000
    assert 0.72 <= measured["interval_coverage"] <= 0.88  # ~80 %, on rows the model never saw
    assert measured["mape"] < 0.2


@needs_data
def test_evaluate_scores_fresh_rows_and_reports_unpriceable_ones(uk_model_file, tmp_path):
    path, _ = uk_model_file
    rows = frames.pd.read_csv(UK, dtype=str).iloc[50_000:52_000]
    rows.iloc[0, rows.columns.get_loc("year")] = "2060"
    rows.iloc[1, rows.columns.get_loc("mileage")] = "lots"
    csv = tmp_path / "fresh.csv"
    rows.to_csv(csv, index=False)
    result = pipeline.evaluate_file(model_path=path, data=csv, schema="uk")
    assert {"n", "mae", "mape", "within_5pct", "within_10pct", "interval_coverage"} <= set(result)
    assert result["n"] == 1998 and result["unpriceable"] == 2
    assert result["unpriceable_reasons"] == {"mileage_invalid": 1, "year_out_of_range": 1}
    assert 0.7 <= result["interval_coverage"] <= 0.9
    with pytest.raises(frames.SchemaError) as exc:
        pipeline.evaluate_file(model_path=path, data=csv, schema="cardekho")
    assert exc.value.code in {"schema_mismatch", "columns_missing"}


@needs_data
def test_training_is_reproducible(tmp_path):
    a, b = tmp_path / "a.zip", tmp_path / "b.zip"
    recipe = SMALL.faster(rounds=25, learning_rate=0.3)
    pipeline.train_file(data=UK, schema="uk", out=a, today=TODAY, recipe=recipe, sample=1500, seed=5)
    pipeline.train_file(data=UK, schema="uk", out=b, today=TODAY, recipe=recipe, sample=1500, seed=5)
    meta_a, meta_b = artifact.read_meta(a), artifact.read_meta(b)
    assert [x["sha256"] for x in meta_a["boosters"]] == [x["sha256"] for x in meta_b["boosters"]]
    meta_a["metrics"].pop("train_seconds"), meta_b["metrics"].pop("train_seconds")
    assert meta_a["metrics"] == meta_b["metrics"]


@needs_data
def test_tianchi_trains_as_a_cny_model(tmp_path):
    out = tmp_path / "cn.zip"
    recipe = SMALL.faster(rounds=30, learning_rate=0.2)
    _sha, measured = pipeline.train_file(data=TIANCHI, schema="tianchi", out=out, today=TODAY, recipe=recipe)
    meta = artifact.read_meta(out)
    assert (meta["currency"], meta["market"]) == ("CNY", "CN")
    assert measured["n"] > 150 and measured["interval_coverage"] is not None


def _rewrite(src: Path, dst: Path, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, change(item.filename, zin.read(item.filename)))


@needs_data
def test_an_edited_booster_is_refused(uk_model_file, tmp_path):
    bad = tmp_path / "bad.zip"
    _rewrite(
        uk_model_file[0], bad, lambda n, b: b.replace(b"learning_rate", b"learning_ratf") if n != "meta.json" else b
    )
    with pytest.raises(artifact.ArtifactError) as exc:
        artifact.load(bad)
    assert exc.value.code == "model_tampered"


@needs_data
def test_a_model_without_metrics_is_refused_for_serving_but_can_be_evaluated(uk_model_file, tmp_path):
    bare = tmp_path / "bare.zip"

    def strip(name: str, data: bytes) -> bytes:
        if name != "meta.json":
            return data
        meta = json.loads(data)
        meta.pop("metrics")
        return json.dumps(meta).encode()

    _rewrite(uk_model_file[0], bare, strip)
    with pytest.raises(artifact.ArtifactError) as exc:
        artifact.load(bare)
    assert exc.value.code == "model_without_metrics"
    assert artifact.load(bare, require_metrics=False).boosters


def test_files_that_are_not_models_are_refused(tmp_path):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    for path, code in ((junk, "model_unreadable"), (tmp_path / "none.zip", "model_missing")):
        with pytest.raises(artifact.ArtifactError) as exc:
            artifact.load(path)
        assert exc.value.code == code
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("meta.json", json.dumps({"format": artifact.FORMAT, "format_version": 99}))
    with pytest.raises(artifact.ArtifactError) as exc:
        artifact.load(other)
    assert exc.value.code == "model_version"
    assert hashlib.sha256(b"").hexdigest()  # the module hashes with sha256 (no pickle anywhere)


@needs_data
def test_quotes_have_an_interval_around_the_price_and_factors_that_add_up(uk_model_file):
    model = artifact.load(uk_model_file[0])
    cheap, dear = quote_many(
        model,
        [
            CarFacts("ford", "fiesta", 2012, 150_000, "petrol", "manual", 1.2),
            CarFacts("mercedes", "e class", 2019, 15_000, "diesel", "automatic", 2.0),
        ],
        TODAY.replace(year=2020),
        with_factors=True,
    )
    for q in (cheap, dear):
        assert q.low < q.price < q.high and q.currency == "GBP" and q.model_known
        assert q.factors and abs(q.factors[0].amount) >= abs(q.factors[-1].amount)
    assert dear.price > 3 * cheap.price
    mileage = next(f for f in cheap.factors if f.code == "mileage")
    assert mileage.amount < 0 and mileage.params["pct"] > 0  # far above average mileage lowers the price
    unknown = quote_many(model, [CarFacts("ford", "model t", 2015, 50_000)], TODAY)[0]
    assert not unknown.model_known and unknown.missing_inputs == ("fuel", "transmission", "engine_l")


FALLBACK_KEYS = {pattern_key(p) for p in blank_patterns(["fuel", "transmission", "engine_l"])}


@needs_data
def test_every_set_of_inputs_has_its_own_measured_accuracy_and_calibrated_interval(uk_model_file):
    path, measured = uk_model_file
    by = measured["by_inputs"]
    assert set(by) == {FULL} | FALLBACK_KEYS and len(FALLBACK_KEYS) == 8
    assert by[FULL]["mape"] == measured["mape"]  # the UK hold-out rows have every column: the full part prices them
    for key, scored in by.items():
        assert scored["n"] == measured["n"]
        assert 0.72 <= scored["interval_coverage"] <= 0.88, key  # ~80 % for every pattern, on unseen rows
    least, most = by["blank:engine_l,fuel,transmission"], by["blank:"]
    assert least["mape"] > most["mape"] > by[FULL]["mape"]  # fewer inputs, larger error …
    assert least["interval_relative_width"] > most["interval_relative_width"] > by[FULL]["interval_relative_width"]
    meta = artifact.read_meta(path)
    assert set(meta["fallback"]["intervals"]) == FALLBACK_KEYS and meta["fallback"]["inputs"] == [
        "fuel",
        "transmission",
        "engine_l",
    ]


@needs_data
def test_cars_without_tax_and_mpg_are_priced_by_the_fallback_not_guessed_by_the_full_trees(uk_model_file):
    """The defect this fixes: the full trees never saw tax/mpg blank and read blanks as an arbitrary branch."""
    model = artifact.load(uk_model_file[0])
    rows = frames.frame_from_table(
        frames.pd.read_csv(UK, dtype=str).iloc[60_000:63_000], "uk", with_target=True, reference_year=2020
    )
    assert rows.target is not None
    product = blanked(rows.features, ["tax", "mpg"])  # what a car known to the product looks like
    routes = model.routes(product)
    assert set(routes) <= FALLBACK_KEYS and routes.count("blank:") > 0.95 * len(routes)
    fallback = train.scores(rows.target, *model.predict(product, routes))
    forced = train.scores(rows.target, *model.predict(product, [FULL] * len(product)))
    assert fallback["mape"] < 0.75 * forced["mape"]
    # ~8 % of these rows were in the 6,000-row training sample, so coverage may run a little above 80 %
    assert 0.72 <= fallback["interval_coverage"] <= 0.93
    assert forced["interval_coverage"] < fallback["interval_coverage"] - 0.1, forced
    assert set(model.routes(rows.features)) == {FULL}  # complete rows stay with the full part


@needs_data
def test_fewer_inputs_give_a_wider_interval_and_the_quote_says_which_part_priced_it(uk_model_file):
    model = artifact.load(uk_model_file[0])
    full, bare = quote_many(
        model,
        [CarFacts("vw", "golf", 2016, 60_000, "petrol", "manual", 1.4), CarFacts("vw", "golf", 2016, 60_000)],
        TODAY.replace(year=2020),
        with_factors=True,
    )
    assert full.priced_by == "blank:" and bare.priced_by == "blank:engine_l,fuel,transmission"
    assert (bare.high - bare.low) / bare.price > (full.high - full.low) / full.price
    assert full.factors and bare.factors and {f.code for f in bare.factors} <= {"mileage", "age", "model"}


@needs_data
def test_evaluate_on_a_file_without_the_optional_columns_uses_the_fallback(uk_model_file, tmp_path):
    rows = frames.pd.read_csv(UK, dtype=str).iloc[60_000:62_000].drop(columns=["tax", "mpg", "engineSize"])
    csv = tmp_path / "thin.csv"
    rows.to_csv(csv, index=False)
    result = pipeline.evaluate_file(model_path=uk_model_file[0], data=csv, schema="uk")
    assert result["priced_by"] == {"blank:engine_l": 2000}
    assert 0.72 <= result["interval_coverage"] <= 0.93 and result["mape"] < 0.2  # some rows were trained on


def test_a_model_file_of_the_first_format_is_refused_with_a_clear_code(tmp_path):
    old = tmp_path / "v1.zip"
    with zipfile.ZipFile(old, "w") as zf:
        zf.writestr("meta.json", json.dumps({"format": artifact.FORMAT, "format_version": 1}))
    with pytest.raises(artifact.ArtifactError) as exc:
        artifact.load(old)
    assert exc.value.code == "model_version" and "format version 1" in exc.value.detail


@needs_data
def test_mpg_and_engine_size_are_also_read_as_the_version_they_name(uk_model_file):
    model = artifact.load(uk_model_file[0])
    assert {"mpg_level", "engine_l_level"} <= set(model.spec.columns)
    assert "1.4" in model.spec.categories["engine_l_level"]
    assert model.fallback is not None and "engine_l_level" not in model.fallback.part.spec.columns
    rows = frames.pd.DataFrame(
        {"make": ["vw"] * 3, "model": ["golf"] * 3, "age": [3.0] * 3, "mileage_km": [50_000.0] * 3,
         "fuel": ["petrol"] * 3, "transmission": ["manual"] * 3, "engine_l": [1.4, 1.40000001, 1.45],
         "tax": [145.0] * 3, "mpg": [55.4] * 3}
    )  # fmt: skip
    x = model.spec.matrix(rows)
    assert list(x["engine_l_level"].astype(object))[:2] == ["1.4", "1.4"]
    assert frames.pd.isna(x["engine_l_level"].iloc[2])  # a size no training car had is unknown, not an error
    assert np.isfinite(model.predict(rows)[0]).all()


def test_a_nearly_new_cars_mileage_is_not_compared_in_percent():
    from aftercare.valuation.pricing.factors import main_factors

    row = frames.pd.Series({"mileage_km": 12.0, "age": 1.0, "make": "vw", "model": "golf"})
    stats = {"mileage_km": 40_000.0, "age": 3.0}
    (factor,) = main_factors([0.2, 0.0], ["mileage_km", "_base"], row, 20_000.0, stats)
    assert factor.code == "mileage" and factor.params == {"km": 12}
    (usual,) = main_factors([-0.1, 0.0], ["mileage_km", "_base"], row.copy().replace(12.0, 60_000.0), 20_000.0, stats)
    assert usual.params["pct"] == 50
