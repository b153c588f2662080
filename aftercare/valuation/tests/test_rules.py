"""Pure rules: condition, money, price bands and the legal minimum warranty, the nightly market index."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aftercare.valuation import rules
from aftercare.valuation.pricing.factors import main_factors

TODAY = dt.date(2025, 6, 1)


def test_condition_grades_order_the_price_and_good_is_neutral():
    values = [rules.condition_multiplier(g) for g in rules.CONDITION_GRADES]
    assert values == sorted(values, reverse=True)
    assert rules.condition_multiplier("good") == 1 and rules.condition_multiplier(None) == 1
    with pytest.raises(ValueError):
        rules.condition_multiplier("mint")
    assert rules.condition_multiplier("fair", {"fair": Decimal("0.5")}) == Decimal("0.5")


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [(123_456.7, "CNY", "123500.00"), (12_344.9, "GBP", "12340.00"), (12_345, "GBP", "12350.00"), (7.4, "XYZ", "7.00")],
)
def test_money_rounds_to_the_offer_step(amount, currency, expected):
    assert rules.money_round(amount, currency) == Decimal(expected)


def test_bands_pick_terms_by_price_and_currency():
    assert rules.band_for(Decimal(49_999), "CNY").warranty_tier == "basic"
    assert rules.band_for(Decimal(50_000), "CNY").warranty_tier == "standard"
    assert rules.band_for(Decimal(10**7), "CNY").warranty_tier == "premium"
    assert rules.band_for(Decimal(16_000), "GBP").warranty_tier == "extended"
    with pytest.raises(ValueError):
        rules.band_for(Decimal(1), "INR")
    assert rules.bands_problems(rules.DEFAULT_BANDS) == []


def test_band_tables_below_the_legal_minimum_or_unordered_are_refused():
    cheap = rules.PriceBand("CNY", None, "none", 1, 1_000, 0)
    assert any("3 months" in p for p in rules.bands_problems([cheap]))
    unordered = [
        rules.PriceBand("CNY", Decimal(100), "a", 3, 5000, 3),
        rules.PriceBand("CNY", Decimal(50), "b", 3, 5000, 3),
        rules.PriceBand("CNY", None, "c", 3, 5000, 3),
    ]
    assert rules.bands_problems(unordered) == ["CNY: bands must rise"]
    assert rules.bands_problems([rules.PriceBand("CNY", Decimal(9), "a", 3, 5000, 3)])


def test_the_legal_minimum_warranty_is_applied_to_young_or_low_mileage_private_cars():
    weak = (rules.PriceBand("CNY", None, "weak", 1, 2_000, 3),)
    young = rules.offer_terms(Decimal(80_000), "CNY", age_years=2, km=90_000, operating=False, bands=weak)
    assert (young.warranty_months, young.warranty_km, young.legal_minimum_applied) == (3, 5_000, True)
    low_km = rules.offer_terms(Decimal(80_000), "CNY", age_years=8, km=40_000, operating=False, bands=weak)
    assert low_km.legal_minimum_applied
    old = rules.offer_terms(Decimal(80_000), "CNY", age_years=8, km=90_000, operating=False, bands=weak)
    taxi = rules.offer_terms(Decimal(80_000), "CNY", age_years=1, km=9_000, operating=True, bands=weak)
    assert not old.legal_minimum_applied and not taxi.legal_minimum_applied and taxi.warranty_months == 1
    normal = rules.offer_terms(Decimal(80_000), "CNY", age_years=2, km=20_000, operating=False)
    assert (normal.warranty_tier, normal.warranty_months, normal.return_days) == ("standard", 6, 7)
    assert set(normal.warranty_systems) == {"engine", "steering", "transmission", "brakes", "suspension"}
    assert normal.services == ("transfer_paperwork", "inspection", "reconditioning")


def _sale(days_ago: int, ratio: float) -> rules.Sale:
    return rules.Sale(sold_on=TODAY - dt.timedelta(days=days_ago), ratio=ratio)


def test_no_evidence_means_the_model_price_stands():
    index = rules.market_index([], today=TODAY)
    assert (index.factor, index.used) == (1.0, 0)
    stale = rules.market_index([_sale(500, 1.3)], today=TODAY)
    assert (stale.factor, stale.too_old) == (1.0, 1)


def test_outliers_are_trimmed_and_recent_sales_weigh_more():
    steady = [_sale(d, 1.05) for d in range(1, 40, 3)]
    with_outlier = rules.market_index([*steady, _sale(2, 3.0)], today=TODAY)
    assert with_outlier.trimmed == 1 and with_outlier.factor == pytest.approx(
        rules.market_index(steady, today=TODAY).factor
    )
    mixed = [*(_sale(d, 0.90) for d in range(200, 230, 3)), *(_sale(d, 1.10) for d in range(1, 31, 3))]
    assert rules.market_index(mixed, today=TODAY).factor > 1.0  # the recent half wins


def test_few_sales_move_the_price_less_than_many():
    few = rules.market_index([_sale(1, 1.2)], today=TODAY).factor
    many = rules.market_index([_sale(d, 1.2) for d in range(1, 60, 2)], today=TODAY).factor
    assert 1.0 < few < many < 1.2


@given(st.lists(st.tuples(st.integers(0, 390), st.floats(0.3, 3.0)), min_size=1, max_size=60))
@settings(max_examples=80, deadline=None)
def test_the_index_stays_between_one_and_the_evidence(sales):
    index = rules.market_index([_sale(d, r) for d, r in sales], today=TODAY)
    ratios = [r for _d, r in sales]
    assert min(1.0, *ratios) - 1e-9 <= index.factor <= max(1.0, *ratios) + 1e-9
    assert index.used + index.trimmed == len(sales)


def test_factors_group_features_and_convert_log_contributions_to_money():
    columns = ["make", "model", "age", "mileage_km", "km_per_year", "engine_l", "_base"]
    import pandas as pd

    row = pd.Series({"make": "audi", "model": "a4", "age": 5.0, "mileage_km": 90_000.0, "engine_l": 2.0})
    found = main_factors([0.1, 0.2, -0.3, -0.1, -0.05, 0.001, 9.5], columns, row, 10_000.0,
                         {"mileage_km": 60_000.0, "age": 4.0})  # fmt: skip
    assert [f.code for f in found] == ["age", "model", "mileage"]  # engine is below the 0.5 % floor
    assert found[1].amount == pytest.approx(10_000 * (1 - math.exp(-0.3)), abs=0.01)  # +2,592
    assert found[0].amount == pytest.approx(10_000 * (1 - math.exp(0.3)), abs=0.01)  # −3,499
    assert found[2].params == {"km": 90_000, "pct": 50, "average_km": 60_000}
    assert found[0].params == {"years": 5.0, "diff_years": 1.0} and found[0].direction == "down"
