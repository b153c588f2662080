"""Pure Homecoming rules: the 100-day boundary, refusals, owner kind, car age and discount tiers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftercare.homecoming import rules

TODAY = dt.date(2026, 3, 2)
RULES = rules.Rules()


def application(held_since: dt.date, **kw: str) -> rules.Application:
    base = {
        "owner_kind": "individual",
        "registered_owner_name": "王小明",
        "channel": "private_sale",
        "use_type": "private",
    }
    return rules.Application(held_since=held_since, **(base | kw))  # type: ignore[arg-type]


def test_held_exactly_100_days_is_not_enough_101_is() -> None:
    at_100 = rules.decide(RULES, application(TODAY - dt.timedelta(days=100)), TODAY)
    at_101 = rules.decide(RULES, application(TODAY - dt.timedelta(days=101)), TODAY)
    assert not at_100.approved and at_100.days_held == 100
    assert at_100.eligible_on == TODAY + dt.timedelta(days=1)
    assert at_101.approved and at_101.days_held == 101 and at_101.eligible_on is None


def test_held_30_days_is_eligible_on_purchase_date_plus_101_days() -> None:
    bought = TODAY - dt.timedelta(days=30)
    decision = rules.decide(RULES, application(bought), TODAY)
    assert [r.code for r in decision.refusals] == ["held_too_short"]
    assert decision.eligible_on == bought + dt.timedelta(days=101) == dt.date(2026, 5, 12)
    params = decision.refusals[0].params
    assert params["days"] == "30" and params["min_days"] == "100" and params["eligible_on"] == "2026-05-12"
    # …and on that day the same application is approved.
    assert rules.decide(RULES, application(bought), decision.eligible_on).approved


def test_bought_today_waits_101_days() -> None:
    decision = rules.decide(RULES, application(TODAY), TODAY)
    assert decision.days_held == 0 and decision.eligible_on == TODAY + dt.timedelta(days=101)


@given(held=st.integers(min_value=0, max_value=4000), minimum=st.integers(min_value=0, max_value=3650))
def test_approved_exactly_when_held_more_than_the_minimum(held: int, minimum: int) -> None:
    decision = rules.decide(rules.Rules(min_days_held=minimum), application(TODAY - dt.timedelta(days=held)), TODAY)
    assert decision.approved == (held > minimum)
    if not decision.approved:
        assert decision.eligible_on is not None
        assert rules.days_held(TODAY - dt.timedelta(days=held), decision.eligible_on) == minimum + 1


def test_company_owner_is_refused_and_no_date_is_promised() -> None:
    decision = rules.decide(
        RULES, application(TODAY - dt.timedelta(days=30), registered_owner_name="北京某某汽车租赁有限公司"), TODAY
    )
    assert [r.code for r in decision.refusals] == ["not_individual", "held_too_short"]
    assert decision.eligible_on is None  # waiting would not help


def test_declared_organisation_is_refused_even_with_a_personal_name() -> None:
    decision = rules.decide(RULES, application(TODAY - dt.timedelta(days=400), owner_kind="organisation"), TODAY)
    assert [r.code for r in decision.refusals] == ["not_individual"]


def test_individual_rule_can_be_switched_off() -> None:
    lenient = rules.Rules(individual_only=False)
    decision = rules.decide(lenient, application(TODAY - dt.timedelta(days=400), owner_kind="organisation"), TODAY)
    assert decision.approved


@pytest.mark.parametrize(
    ("name", "organisation"),
    [
        ("王小明", False),
        ("欧阳娜娜", False),
        ("上海大众汽车有限公司", True),
        ("广州某某集团", True),
        ("深圳市顺达运输车队", True),
        ("张三（个体工商户）", True),
        ("ACME Co., Ltd.", True),
        ("Li Wei", False),
    ],
)
def test_looks_like_organisation(name: str, organisation: bool) -> None:
    assert rules.looks_like_organisation(name) is organisation


def test_every_channel_is_accepted_by_default_and_channels_are_data() -> None:
    held = TODAY - dt.timedelta(days=200)
    for channel in rules.DEFAULT_CHANNELS:
        assert rules.decide(RULES, application(held, channel=channel), TODAY).approved
    narrowed = rules.Rules(channels=frozenset({"dealer_4s"}))
    decision = rules.decide(narrowed, application(held, channel="auction"), TODAY)
    assert [(r.code, dict(r.params)) for r in decision.refusals] == [("channel_not_accepted", {"channel": "auction"})]


def test_use_types_are_data() -> None:
    private_only = rules.Rules(use_types=frozenset({"private"}))
    decision = rules.decide(private_only, application(TODAY - dt.timedelta(days=200), use_type="ride_hailing"), TODAY)
    assert [r.code for r in decision.refusals] == ["use_type_not_accepted"]


@pytest.mark.parametrize(
    ("registered", "on", "age", "percent"),
    [
        (dt.date(2024, 3, 2), TODAY, 2, "0"),
        (dt.date(2023, 3, 3), TODAY, 2, "0"),  # three years old tomorrow
        (dt.date(2023, 3, 2), TODAY, 3, "20"),  # three years old today
        (dt.date(2019, 3, 3), TODAY, 6, "20"),
        (dt.date(2019, 3, 2), TODAY, 7, "30"),
        (dt.date(2005, 1, 1), TODAY, 21, "30"),
        (dt.date(2020, 2, 29), dt.date(2023, 2, 28), 2, "0"),  # a leap-day car turns 3 on 1 March
        (dt.date(2020, 2, 29), dt.date(2023, 3, 1), 3, "20"),
    ],
)
def test_discount_by_car_age(registered: dt.date, on: dt.date, age: int, percent: str) -> None:
    assert rules.car_age_years(registered, on) == age
    assert rules.discount_percent(rules.DEFAULT_TIERS, registered, on) == Decimal(percent)


def test_next_tier_says_when_the_discount_rises() -> None:
    assert rules.next_tier(rules.DEFAULT_TIERS, dt.date(2024, 5, 1), TODAY) == (dt.date(2027, 5, 1), Decimal("20"))
    assert rules.next_tier(rules.DEFAULT_TIERS, dt.date(2021, 5, 1), TODAY) == (dt.date(2028, 5, 1), Decimal("30"))
    assert rules.next_tier(rules.DEFAULT_TIERS, dt.date(2010, 5, 1), TODAY) is None


def test_tiers_are_data() -> None:
    tiers = (rules.Tier(2, Decimal("10")), rules.Tier(5, Decimal("25")))
    assert rules.discount_percent(tiers, dt.date(2023, 1, 1), TODAY) == Decimal("10")
    assert rules.discount_percent(tiers, dt.date(2020, 1, 1), TODAY) == Decimal("25")


@pytest.mark.parametrize(
    ("tiers", "problems"),
    [
        (rules.DEFAULT_TIERS, []),
        ((), []),
        ((rules.Tier(3, Decimal("20")), rules.Tier(3, Decimal("30"))), ["age_repeated"]),
        ((rules.Tier(3, Decimal("30")), rules.Tier(7, Decimal("20"))), ["percent_not_rising"]),
        ((rules.Tier(3, Decimal("0")),), ["percent_range"]),
        ((rules.Tier(3, Decimal("101")),), ["percent_range"]),
        ((rules.Tier(-1, Decimal("5")),), ["age_range"]),
    ],
)
def test_tier_problems(tiers: tuple[rules.Tier, ...], problems: list[str]) -> None:
    assert rules.tier_problems(tiers) == problems
