"""The demo dealer network: groups, 80 stores, their bays and staff."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from aftercare.demo import logins
from aftercare.demo.cars import MAKES, Make
from aftercare.demo.names import GROUPS, SKILLS, GroupSpec, person_name
from aftercare.demo.places import CITIES, JITTER_DEGREES, OPENING_HOURS, City, District, area_slots
from aftercare.network.choices import CertificationLevel, StaffRole
from aftercare.network.models import DealerGroup, ServiceBay, Skill, Staff, Store
from aftercare.network.services import staff_create

LEVELS = (CertificationLevel.JUNIOR, CertificationLevel.INTERMEDIATE, CertificationLevel.SENIOR)
ADVISOR_LEVEL_WEIGHTS = (3, 4, 3)
TECHNICIAN_LEVEL_WEIGHTS = (4, 4, 2)
# Extra skills a non-general bay may carry, most common first.
SPECIAL_SKILLS = ("alignment", "electrical", "body-paint", "ac", "transmission", "ev-hv")
SPECIAL_WEIGHTS = (5, 4, 4, 3, 2, 2)
NEW_ENERGY_WMIS = frozenset({"LRW", "LGX", "LZW"})
SHOWCASE_STORE = "bj-01"  # the first Beijing store: the fixed demo logins and the demo owner live here
SECOND_OPERATOR = "brand-operator-2"


@dataclass
class Site:
    """A generated store with the make it is franchised for and the staff who work there."""

    store: Store
    city: City
    make: Make
    manager: Staff | None = None
    advisors: list[Staff] = field(default_factory=list)
    technicians: list[Staff] = field(default_factory=list)


def skills_ensure() -> dict[str, Skill]:
    """The skill catalogue; existing rows (other apps may seed them) are reused, not changed."""
    for code, name, name_en in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    return {s.code: s for s in Skill.objects.filter(code__in=[c for c, _, _ in SKILLS])}


def groups_create() -> dict[str, DealerGroup]:
    """The dealer groups, by code."""
    rows = DealerGroup.objects.bulk_create(DealerGroup(code=g.code, name=g.name, name_en=g.name_en) for g in GROUPS)
    return {g.code: g for g in rows}


def _store(rng: random.Random, group: DealerGroup, city: City, slot: tuple[District, str, str], make: Make) -> Site:
    district, area, area_en = slot
    suffix, suffix_en = make.store_suffix
    store = Store(
        dealer_group=group,
        name=f"{city.name}{area}{make.brand}{suffix}",
        name_en=f"{city.name_en} {area_en} {make.brand_en} {suffix_en}",
        city=city.name,
        city_en=city.name_en,
        district=district.name,
        address=f"{city.address_prefix}{district.name}{rng.choice(district.streets)}{rng.randint(1, 999)}号",
        latitude=_jitter(rng, district.lat),
        longitude=_jitter(rng, district.lon),
        phone=f"{city.area_code}-{rng.choice('568')}{rng.randint(0, 9_999_999):07d}",
        opening_hours=rng.choice(OPENING_HOURS),
    )
    return Site(store=store, city=city, make=make)


def _jitter(rng: random.Random, degrees: float) -> Decimal:
    return Decimal(f"{degrees + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES):.6f}")


def _owners_in(city: City) -> list[GroupSpec]:
    """The groups with stores in a city, each group's home city listing it twice so it opens more there."""
    present = [g for g in GROUPS if city.code in g.cities]
    return present + [g for g in present if g.cities[0] == city.code]


def stores_create(rng: random.Random, groups: dict[str, DealerGroup]) -> list[Site]:
    """80 stores: each city's neighbourhoods in turn, shared round-robin among the groups present there."""
    sites: list[Site] = []
    opened: dict[str, int] = {}  # stores per group so far, so each group rotates through its franchises
    for city in CITIES:
        owners, slots = _owners_in(city), area_slots(city)
        if len(slots) < city.stores:
            raise ValueError(f"{city.name_en} has {len(slots)} neighbourhoods for {city.stores} stores")
        for i in range(city.stores):
            spec = owners[i % len(owners)]
            n = opened[spec.code] = opened.get(spec.code, -1) + 1
            site = _store(rng, groups[spec.code], city, slots[i], MAKES[spec.wmis[n % len(spec.wmis)]])
            site.store.code = f"{city.code}-{i + 1:02d}"
            sites.append(site)
    Store.objects.bulk_create([s.store for s in sites])
    return sites


def _bay_skills(rng: random.Random, n: int, new_energy: bool) -> list[str]:
    """Bays 1-2 and some others do general service; new-energy franchises always get a high-voltage bay."""
    if n == 3 and new_energy:
        return ["ev-hv", "electrical"]
    picked = ["general"] if n <= 2 or rng.random() < 0.25 else []
    wanted = rng.choice((1, 1, 2, 2, 3))
    while len(picked) < wanted:
        skill = rng.choices(SPECIAL_SKILLS, weights=SPECIAL_WEIGHTS)[0]
        if skill not in picked:
            picked.append(skill)
    return picked


def bays_create(rng: random.Random, sites: list[Site], skills: dict[str, Skill]) -> int:
    """6-12 bays per store, each with 1-3 skills; bulk-inserted with their skill links."""
    planned: list[tuple[ServiceBay, list[str]]] = []
    for site in sites:
        for n in range(1, rng.randint(6, 12) + 1):
            codes = _bay_skills(rng, n, site.make.wmi in NEW_ENERGY_WMIS)
            name = f"{n}号{skills[codes[0]].name}工位"
            planned.append((ServiceBay(store=site.store, code=f"B{n:02d}", name=name), codes))
    ServiceBay.objects.bulk_create([bay for bay, _ in planned])
    link = ServiceBay.skills.through
    link.objects.bulk_create(
        link(servicebay_id=bay.pk, skill_id=skills[code].pk) for bay, codes in planned for code in codes
    )
    return len(planned)


def _hire(rng: random.Random, site: Site, role: StaffRole, k: int, level: str, today: dt.date) -> Staff:
    """One staff member through the real service; the showcase store's first of each role is a fixed login."""
    fixed = logins.STAFF_LOGINS[role] if site.store.code == SHOWCASE_STORE and k == 1 else None
    return staff_create(
        username=fixed or f"{site.store.code}-{role}-{k}",
        # Only the fixed logins get a password: hashing one per staff member would dominate the run time.
        password=logins.DEMO_PASSWORD if fixed else None,
        display_name=person_name(rng),
        role=role,
        level=CertificationLevel.SENIOR if fixed == logins.STAFF_LOGINS[StaffRole.ADVISOR] else level,
        dealer_group_id=site.store.dealer_group_id,
        store_id=site.store.pk,
        joined_on=today - dt.timedelta(days=rng.randint(60, 3650)),
    )


def staff_hire(rng: random.Random, sites: list[Site], today: dt.date) -> int:
    """Per store 1 manager, 2-4 advisors, 3-6 technicians; returns how many were hired."""
    for site in sites:
        level = rng.choice((CertificationLevel.INTERMEDIATE, CertificationLevel.SENIOR))
        site.manager = _hire(rng, site, StaffRole.MANAGER, 1, level, today)
        for k in range(1, rng.randint(2, 4) + 1):
            level = rng.choices(LEVELS, weights=ADVISOR_LEVEL_WEIGHTS)[0]
            site.advisors.append(_hire(rng, site, StaffRole.ADVISOR, k, level, today))
        for k in range(1, rng.randint(3, 6) + 1):
            level = rng.choices(LEVELS, weights=TECHNICIAN_LEVEL_WEIGHTS)[0]
            site.technicians.append(_hire(rng, site, StaffRole.TECHNICIAN, k, level, today))
    return sum(1 + len(s.advisors) + len(s.technicians) for s in sites)


def operators_hire(rng: random.Random, today: dt.date) -> int:
    """The brand operators: staff of the brand, not of any dealer group."""
    for username, password, level in (
        (logins.STAFF_LOGINS[StaffRole.OPERATOR], logins.DEMO_PASSWORD, CertificationLevel.SENIOR),
        (SECOND_OPERATOR, None, CertificationLevel.INTERMEDIATE),
    ):
        staff_create(
            username=username,
            password=password,
            display_name=person_name(rng),
            role=StaffRole.OPERATOR,
            level=level,
            dealer_group_id=None,
            store_id=None,
            joined_on=today - dt.timedelta(days=rng.randint(365, 2000)),
        )
    return 2
