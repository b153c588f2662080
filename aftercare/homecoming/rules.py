"""Pure Homecoming decisions: who may enrol and when, and the maintenance discount by car age.

Plain data in, values out; the clock (today) is passed in. The numbers are defaults only: the rule set in
force is a database row that operators edit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

DEFAULT_MIN_DAYS_HELD = 100
DEFAULT_CHANNELS = ("dealer_4s", "used_car_dealer", "private_sale", "auction", "online", "other")
DEFAULT_USE_TYPES = ("private", "operating", "ride_hailing", "converted")
MAX_MIN_DAYS_HELD = 3650
MAX_TIERS = 6

# Words that mark a registered owner as a company or organisation rather than a private person.
_ORGANISATION_WORDS = (
    "公司",
    "有限",
    "集团",
    "企业",
    "商行",
    "合作社",
    "事务所",
    "研究院",
    "研究所",
    "学校",
    "大学",
    "学院",
    "医院",
    "银行",
    "政府",
    "委员会",
    "管理局",
    "分局",
    "工厂",
    "车行",
    "租赁",
    "出租",
    "运输",
    "物流",
    "个体工商户",
)
_ORGANISATION_LATIN = re.compile(r"\b(company|co\.|ltd|limited|inc|corp|corporation|llc|gmbh|group)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Tier:
    """From this car age (full years since first registration) the discount is up to `percent`."""

    min_years: int
    percent: Decimal


DEFAULT_TIERS = (Tier(3, Decimal("20")), Tier(7, Decimal("30")))


@dataclass(frozen=True)
class Rules:
    """The eligibility rules and discount tiers in force."""

    min_days_held: int = DEFAULT_MIN_DAYS_HELD
    individual_only: bool = True
    channels: frozenset[str] = frozenset(DEFAULT_CHANNELS)
    use_types: frozenset[str] = frozenset(DEFAULT_USE_TYPES)
    tiers: tuple[Tier, ...] = DEFAULT_TIERS


@dataclass(frozen=True)
class Application:
    """What an enrolment is decided on."""

    owner_kind: str  # "individual" | "organisation", as declared
    registered_owner_name: str  # as printed on the vehicle licence
    held_since: dt.date  # purchase or transfer date
    channel: str
    use_type: str


@dataclass(frozen=True)
class Refusal:
    """One reason an application is refused: a stable code and the values its message needs."""

    code: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """The outcome: refusals (none means approved) and, when waiting is the only problem, the date it ends."""

    refusals: tuple[Refusal, ...]
    days_held: int
    eligible_on: dt.date | None

    @property
    def approved(self) -> bool:
        return not self.refusals


def looks_like_organisation(name: str) -> bool:
    """True when a registered owner's name reads as a company or organisation (有限公司, 集团, Ltd …)."""
    text = name.strip()
    return any(word in text for word in _ORGANISATION_WORDS) or bool(_ORGANISATION_LATIN.search(text))


def days_held(held_since: dt.date, today: dt.date) -> int:
    """Whole days from the purchase or transfer date to today (0 on the day itself)."""
    return (today - held_since).days


def eligible_from(held_since: dt.date, min_days_held: int) -> dt.date:
    """The first day the car has been held for *more than* `min_days_held` days."""
    return held_since + dt.timedelta(days=min_days_held + 1)


def decide(rules: Rules, application: Application, today: dt.date) -> Decision:
    """Approve, or list every reason to refuse; give the eligible date when only time stands in the way."""
    refusals: list[Refusal] = []
    if rules.individual_only and (
        application.owner_kind != "individual" or looks_like_organisation(application.registered_owner_name)
    ):
        refusals.append(Refusal("not_individual"))
    if application.channel not in rules.channels:
        refusals.append(Refusal("channel_not_accepted", {"channel": application.channel}))
    if application.use_type not in rules.use_types:
        refusals.append(Refusal("use_type_not_accepted", {"use_type": application.use_type}))
    held = days_held(application.held_since, today)
    waiting = held <= rules.min_days_held
    eligible_on = eligible_from(application.held_since, rules.min_days_held)
    if waiting:
        refusals.append(
            Refusal(
                "held_too_short",
                {
                    "days": str(held),
                    "min_days": str(rules.min_days_held),
                    "since": application.held_since.isoformat(),
                    "eligible_on": eligible_on.isoformat(),
                },
            )
        )
    only_time = waiting and len(refusals) == 1
    return Decision(refusals=tuple(refusals), days_held=held, eligible_on=eligible_on if only_time else None)


def car_age_years(registration_date: dt.date, on: dt.date) -> int:
    """Full years since first registration (a 29 February registration has its birthday on 1 March)."""
    years = on.year - registration_date.year
    if (on.month, on.day) < (registration_date.month, registration_date.day):
        years -= 1
    return max(years, 0)


def anniversary(registration_date: dt.date, years: int) -> dt.date:
    """The day the car turns `years` old, consistent with car_age_years."""
    try:
        return registration_date.replace(year=registration_date.year + years)
    except ValueError:  # 29 February in a common year
        return dt.date(registration_date.year + years, 3, 1)


def discount_percent(tiers: Iterable[Tier], registration_date: dt.date, on: dt.date) -> Decimal:
    """The highest discount whose age threshold the car has reached; 0 below every tier."""
    age = car_age_years(registration_date, on)
    reached = [t.percent for t in tiers if age >= t.min_years]
    return max(reached, default=Decimal("0"))


def next_tier(tiers: Iterable[Tier], registration_date: dt.date, on: dt.date) -> tuple[dt.date, Decimal] | None:
    """The next higher discount the car will reach by ageing, and the day it does; None when at the top."""
    now = discount_percent(tiers, registration_date, on)
    age = car_age_years(registration_date, on)
    ahead = sorted((t for t in tiers if t.min_years > age and t.percent > now), key=lambda t: t.min_years)
    if not ahead:
        return None
    return anniversary(registration_date, ahead[0].min_years), ahead[0].percent


def tier_problems(tiers: Iterable[Tier]) -> list[str]:
    """Codes of what is wrong with a tier table: ages and percents in range, ages distinct, percents rising."""
    ordered = sorted(tiers, key=lambda t: t.min_years)
    problems: list[str] = []
    if len(ordered) > MAX_TIERS:
        problems.append("too_many")
    if any(not 0 <= t.min_years <= 50 for t in ordered):
        problems.append("age_range")
    if any(not Decimal("0") < t.percent <= Decimal("100") for t in ordered):
        problems.append("percent_range")
    if len({t.min_years for t in ordered}) != len(ordered):
        problems.append("age_repeated")
    if any(b.percent <= a.percent for a, b in itertools.pairwise(ordered)):
        problems.append("percent_not_rising")
    return problems
