"""Pure matching rules: make and model keys, coverage, year ranges (no database)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from aftercare.recalls import rules
from aftercare.recalls.rules import CarKey, Coverage


def test_make_spellings_meet_on_one_key():
    for spelling in ("BYD", "byd", "BYD Auto Co., Ltd.", "比亚迪", "ＢＹＤ"):
        assert rules.make_key(spelling) == "BYD", spelling
    assert rules.make_key("Ford Motor Company") == "FORD"
    assert rules.make_key("Mercedes Benz") == rules.make_key("MERCEDES-BENZ") == "MERCEDES-BENZ"
    assert rules.make_key("长城汽车股份有限公司") == "GREAT WALL"
    assert rules.make_key("一汽-大众") == rules.make_key("FAW VW") == "FAW VOLKSWAGEN"
    assert rules.make_key("   ") == ""


def test_joint_ventures_keep_their_own_make():
    # 广汽丰田 builds different cars from Toyota's US plants: a US Toyota recall must not reach them.
    assert rules.make_key("广汽丰田") != rules.make_key("TOYOTA")


def test_model_key_ignores_case_spaces_and_punctuation():
    assert rules.model_key("CR-V") == rules.model_key("cr v") == rules.model_key("CRV") == "CRV"
    assert rules.model_key("秦PLUS DM-i") == rules.model_key("秦plus dmi")
    assert rules.model_key("Model 3") != rules.model_key("Model Y")


def test_operator_aliases_extend_the_defaults():
    aliases = rules.aliases_merge(rules.DEFAULT_MAKE_ALIASES, [("极氪", "ZEEKR"), ("Zeekr Intelligent", "zeekr")])
    assert rules.make_key("极氪", aliases) == "ZEEKR"
    assert rules.make_key("比亚迪", aliases) == "BYD"


def car(**kw) -> CarKey:
    base = {"make_key": "BYD", "model_key": "HAN", "model_year": 2021, "vin": "LGXCE4CB1M0000001"}
    return CarKey(**(base | kw))


def test_covers_make_model_and_year_range():
    c = Coverage("BYD", "HAN", 2020, 2022)
    assert rules.covers(c, car())
    assert not rules.covers(c, car(model_year=2019))
    assert not rules.covers(c, car(model_year=2023))
    assert not rules.covers(c, car(model_key="TANG"))
    assert not rules.covers(c, car(make_key="GEELY"))
    assert not rules.covers(c, car(model_year=None)), "a year bound excludes a car of unknown year"
    assert rules.covers(Coverage("BYD", "HAN"), car(model_year=None)), "no bound: every year"
    assert rules.covers(Coverage("BYD", "HAN", year_from=2021), car(model_year=2030))


def test_unknown_make_or_model_never_matches():
    assert not rules.covers(Coverage("", "", None, None), car(make_key="", model_key=""))


def test_vin_range_is_inclusive():
    c = Coverage("BYD", "HAN", vin_from="LGXCE4CB1M0000010", vin_to="LGXCE4CB1M0000020")
    assert rules.covers(c, car(vin="LGXCE4CB1M0000010"))
    assert rules.covers(c, car(vin="LGXCE4CB1M0000020"))
    assert not rules.covers(c, car(vin="LGXCE4CB1M0000021"))
    assert not rules.covers(c, car(vin="LGXCE4CB1M0000009"))


def test_production_range_excludes_only_a_known_build_date():
    c = Coverage("BYD", "HAN", built_from=dt.date(2021, 3, 1), built_to=dt.date(2021, 6, 30))
    assert rules.covers(c, car()), "unknown build date: better a dealer checks than a recall is missed"
    assert rules.covers(c, car(built_on=dt.date(2021, 4, 1)))
    assert not rules.covers(c, car(built_on=dt.date(2021, 7, 1)))


def test_year_ranges_collapse_contiguous_years():
    assert rules.year_ranges([2022, 2019, 2020, 2020]) == [(2019, 2020), (2022, 2022)]
    assert rules.year_ranges([]) == []


@given(st.sets(st.integers(min_value=1990, max_value=2030), max_size=25))
def test_year_ranges_cover_exactly_the_years(years):
    ranges = rules.year_ranges(years)
    covered = {y for lo, hi in ranges for y in range(lo, hi + 1)}
    assert covered == years
    assert all(b[0] > a[1] + 1 for a, b in itertools.pairwise(ranges)), "ranges are maximal"


@given(st.text(max_size=30))
def test_keys_are_idempotent(text):
    assert rules.model_key(rules.model_key(text)) == rules.model_key(text)
    key = rules.make_key(text)
    assert rules.make_key(key) == key
