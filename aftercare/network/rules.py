"""Which permissions each role gets at each certification level (code defaults; the table is data)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

ROLES = ("advisor", "technician", "manager", "operator")
LEVELS = ("junior", "intermediate", "senior")

# role -> level -> permissions granted from that level upward.
DEFAULT_LEVEL_GRANTS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "advisor": {
        "junior": frozenset({"vehicles.register_vehicle", "vehicles.record_odometer", "network.manage_customers"}),
        "intermediate": frozenset({"vehicles.transfer_ownership", "recalls.complete_recall"}),
        "senior": frozenset({"owners.reveal_personal_data"}),
    },
    "technician": {
        "junior": frozenset({"vehicles.record_odometer", "inspections.perform_inspection"}),
        "intermediate": frozenset({"recalls.complete_recall"}),
        "senior": frozenset({"vehicles.register_vehicle"}),
    },
    "manager": {
        "junior": frozenset(
            {
                "vehicles.register_vehicle",
                "vehicles.record_odometer",
                "vehicles.transfer_ownership",
                "network.manage_customers",
                "network.handover_customers",
                "network.manage_staff",
                "owners.reveal_personal_data",
                "inspections.perform_inspection",
                "recalls.complete_recall",
            }
        ),
        "intermediate": frozenset(),
        "senior": frozenset(),
    },
    "operator": {
        "junior": frozenset({"recalls.manage_campaigns"}),
        "intermediate": frozenset(),
        "senior": frozenset({"owners.reveal_personal_data"}),
    },
}


def levels_up_to(level: str) -> tuple[str, ...]:
    """The levels at or below `level`: a senior also holds what juniors and intermediates hold."""
    return LEVELS[: LEVELS.index(level) + 1]


def permissions_for(role: str, level: str, grants: Iterable[tuple[str, str, str]]) -> frozenset[str]:
    """Permissions for a role at a level, from (role, level, permission) grant rows."""
    held = set(levels_up_to(level))
    return frozenset(perm for g_role, g_level, perm in grants if g_role == role and g_level in held)


def pick_successor(candidates: Iterable[tuple[int, int]]) -> int | None:
    """The advisor to receive handed-over customers: the one with the fewest (id, load) customers."""
    ranked = sorted(candidates, key=lambda c: (c[1], c[0]))
    return ranked[0][0] if ranked else None
