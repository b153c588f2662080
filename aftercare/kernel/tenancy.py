"""Actor: who is asking, reduced to what scoping needs. Built by network.selectors.actor_for_user."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ActorKind(StrEnum):
    ANONYMOUS = "anonymous"
    STAFF = "staff"
    OPERATOR = "operator"
    OWNER = "owner"


@dataclass(frozen=True)
class Actor:
    """The scope of one request: a dealer group for staff, an owner for owners, everything for operators."""

    kind: ActorKind
    user_id: int | None = None
    dealer_group_id: int | None = None
    store_id: int | None = None
    staff_id: int | None = None
    owner_id: int | None = None
    permissions: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_staff_side(self) -> bool:
        return self.kind in (ActorKind.STAFF, ActorKind.OPERATOR)

    def can(self, permission: str) -> bool:
        """True when the actor holds a permission such as 'owners.reveal_personal_data'."""
        return permission in self.permissions


ANONYMOUS = Actor(kind=ActorKind.ANONYMOUS)
