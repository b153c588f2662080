"""Schemas → one feature frame: every unpriceable row is counted with its reason, never dropped silently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from aftercare.valuation.pricing import frames
from aftercare.valuation.tests.conftest import CARDEKHO, TIANCHI, UK, needs_data

UK_ROW = {
    "make": "audi",
    "model": " A4",
    "year": "2017",
    "price": "15000",
    "transmission": "Manual",
    "mileage": "30000",
    "fuelType": "Diesel",
    "tax": "145",
    "mpg": "60.1",
    "engineSize": "2",
}


def _uk(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame([UK_ROW | r for r in rows], dtype=str)


def test_a_good_uk_row_maps_to_km_litres_and_age():
    frame = frames.frame_from_table(_uk([{}]), "uk", with_target=True, reference_year=2020)
    row = frame.features.iloc[0]
    assert (row["make"], row["model"], row["age"]) == ("audi", "a4", 3)
    assert row["mileage_km"] == pytest.approx(30000 * 1.609344)
    assert row["engine_l"] == 2.0 and row["fuel"] == "diesel"
    assert frame.target.tolist() == [15000.0] and frame.n_unpriceable == 0


def test_bad_rows_are_counted_by_reason_and_left_out():
    rows = [
        {},
        {"make": ""},
        {"model": "  "},
        {"year": "twenty"},
        {"year": "2060"},
        {"mileage": "-5"},
        {"price": "0"},
        {"price": "abc"},
        {"engineSize": "0"},  # unknown engine: still priceable
    ]
    frame = frames.frame_from_table(_uk(rows), "uk", with_target=True, reference_year=2020)
    assert frame.n_rows == 9
    assert len(frame.features) == 2
    assert frame.rejected == {
        "make_missing": 1,
        "mileage_invalid": 1,
        "model_missing": 1,
        "price_invalid": 2,
        "year_invalid": 1,
        "year_out_of_range": 1,
    }
    assert np.isnan(frame.features.iloc[1]["engine_l"])


def test_a_missing_required_column_refuses_the_file_and_unknown_columns_are_listed():
    with pytest.raises(frames.SchemaError) as exc:
        frames.frame_from_table(_uk([{}]).drop(columns=["mileage"]), "uk", with_target=True)
    assert exc.value.code == "columns_missing" and "mileage" in exc.value.detail
    frame = frames.frame_from_table(_uk([{}]).assign(colour="red"), "uk", with_target=True)
    assert frame.unknown_columns == ["colour"]
    with pytest.raises(frames.SchemaError):
        frames.schema_get("germany")


def test_scoring_without_prices_needs_no_price_column():
    frame = frames.frame_from_table(_uk([{}]).drop(columns=["price"]), "uk", with_target=False)
    assert frame.target is None and len(frame.features) == 1


@needs_data
def test_the_uk_file_loads_whole_except_the_year_2060_row():
    frame = frames.frame_from_csv(str(UK), "uk", with_target=True, max_year=2025)
    assert frame.n_rows == 79_207
    assert frame.rejected == {"year_out_of_range": 1}
    assert frame.reference_year == 2020
    assert len(frame.features) == 79_206


@needs_data
def test_tianchi_units_quirks_and_age():
    frame = frames.frame_from_csv(str(TIANCHI), "tianchi", with_target=True, max_year=2025)
    assert frame.n_rows == 1_200 and frame.n_unpriceable == 0
    f = frame.features
    assert f["mileage_km"].max() <= 150_000 and f["mileage_km"].min() >= 0  # 万km → km
    assert f["power"].max() <= 600  # out-of-range power is unknown, not a feature value
    assert set(f["damage"].dropna()) <= {"0", "1", "unknown"}
    assert f["age"].between(0, 30).all()


@needs_data
def test_cardekho_maps_engine_cc_to_litres():
    frame = frames.frame_from_csv(str(CARDEKHO), "cardekho", with_target=True, max_year=2025)
    assert frame.n_rows == 12_296 and frame.n_unpriceable == 0
    engine = frame.features["engine_l"]
    assert engine.dropna().between(0.5, 7).all() and engine.isna().sum() < 20  # a few blanks: unknown


def test_a_month_of_00_is_read_as_mid_year():
    raw = pd.DataFrame(
        [
            {
                "brand": "1",
                "model": "2",
                "regDate": "20070009",
                "creatDate": "20160301",
                "kilometer": "12.5",
                "price": "3000",
            }
        ],
        dtype=str,
    )
    frame = frames.frame_from_table(raw, "tianchi", with_target=True)
    assert frame.n_unpriceable == 0
    assert frame.features.iloc[0]["age"] == pytest.approx(2016 + 2 / 12 - (2007 + 5.5 / 12 + 8 / 365), abs=0.01)
    assert frame.features.iloc[0]["mileage_km"] == 125_000
