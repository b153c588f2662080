"""Permissions by role and level, and choosing a successor advisor (pure rules, no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftercare.network import rules

GRANTS = [
    ("advisor", "junior", "p.junior"),
    ("advisor", "intermediate", "p.intermediate"),
    ("advisor", "senior", "p.senior"),
    ("technician", "junior", "p.tech"),
    ("manager", "senior", "p.manager_senior"),
]


@pytest.mark.parametrize(
    ("level", "expected"),
    [
        ("junior", {"p.junior"}),
        ("intermediate", {"p.junior", "p.intermediate"}),
        ("senior", {"p.junior", "p.intermediate", "p.senior"}),
    ],
)
def test_levels_are_cumulative(level: str, expected: set[str]) -> None:
    assert rules.permissions_for("advisor", level, GRANTS) == frozenset(expected)


def test_other_roles_grants_never_leak() -> None:
    assert rules.permissions_for("technician", "senior", GRANTS) == frozenset({"p.tech"})
    assert rules.permissions_for("manager", "intermediate", GRANTS) == frozenset()
    assert rules.permissions_for("operator", "senior", GRANTS) == frozenset()


def test_levels_up_to() -> None:
    assert rules.levels_up_to("junior") == ("junior",)
    assert rules.levels_up_to("senior") == ("junior", "intermediate", "senior")
    with pytest.raises(ValueError):
        rules.levels_up_to("grandmaster")


@pytest.mark.parametrize(
    ("role", "level", "must_have", "must_not_have"),
    [
        ("advisor", "junior", "vehicles.register_vehicle", "vehicles.transfer_ownership"),
        ("advisor", "intermediate", "vehicles.transfer_ownership", "owners.reveal_personal_data"),
        ("advisor", "senior", "owners.reveal_personal_data", "network.manage_staff"),
        ("technician", "junior", "vehicles.record_odometer", "vehicles.register_vehicle"),
        ("technician", "senior", "vehicles.register_vehicle", "owners.reveal_personal_data"),
        ("manager", "junior", "network.manage_staff", "nothing.else"),
        ("operator", "intermediate", "nothing.else", "owners.reveal_personal_data"),
    ],
)
def test_default_grant_table(role: str, level: str, must_have: str, must_not_have: str) -> None:
    rows = [(r, lv, p) for r, by_level in rules.DEFAULT_LEVEL_GRANTS.items() for lv, ps in by_level.items() for p in ps]
    held = rules.permissions_for(role, level, rows)
    assert must_not_have not in held
    if must_have != "nothing.else":
        assert must_have in held


@given(
    st.sampled_from(rules.ROLES),
    st.lists(st.tuples(st.sampled_from(rules.ROLES), st.sampled_from(rules.LEVELS), st.text(min_size=1, max_size=5))),
)
def test_a_higher_level_never_holds_less(role: str, grants: list[tuple[str, str, str]]) -> None:
    held = [rules.permissions_for(role, level, grants) for level in rules.LEVELS]
    assert held[0] <= held[1] <= held[2]


def test_pick_successor_takes_the_least_loaded_then_the_lowest_id() -> None:
    assert rules.pick_successor([(7, 3), (4, 1), (9, 1), (2, 5)]) == 4
    assert rules.pick_successor([(9, 0)]) == 9
    assert rules.pick_successor([]) is None


@given(st.lists(st.tuples(st.integers(1, 10_000), st.integers(0, 500)), min_size=1, unique_by=lambda c: c[0]))
def test_pick_successor_is_minimal(candidates: list[tuple[int, int]]) -> None:
    picked = rules.pick_successor(candidates)
    load = dict(candidates)[picked]
    assert load == min(c[1] for c in candidates)
    assert picked == min(i for i, n in candidates if n == load)


def test_pick_successor_accepts_any_iterable_once() -> None:
    assert rules.pick_successor(iter([(3, 2), (1, 2)])) == 1
