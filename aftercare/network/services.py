"""Writes to the network: grants, staff, departures with customer handover, customer links."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from aftercare.kernel.clock import Clock, system_clock
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.network import errors, rules
from aftercare.network.choices import HandoverReason, StaffRole
from aftercare.network.models import AdvisorHandover, Customer, LevelGrant, Staff
from aftercare.network.selectors import advisor_loads, customer_get, staff_get
from aftercare.owners.services import owner_reveal


def level_grants_seed() -> int:
    """Create the default grants that are missing; never removes an operator's edits. Returns rows added."""
    added = 0
    for role, by_level in rules.DEFAULT_LEVEL_GRANTS.items():
        for level, perms in by_level.items():
            for perm in perms:
                app_label, codename = perm.split(".")
                permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if permission is None:
                    continue
                _, created = LevelGrant.objects.get_or_create(role=role, level=level, permission=permission)
                added += int(created)
    return added


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str | None,
    display_name: str,
    role: StaffRole,
    level: str,
    dealer_group_id: int | None,
    store_id: int | None,
    joined_on: dt.date,
) -> Staff:
    """Create a login and its staff record together."""
    user = get_user_model().objects.create_user(username=username, password=password)
    return Staff.objects.create(
        user=user,
        display_name=display_name,
        role=role,
        level=level,
        dealer_group_id=dealer_group_id,
        store_id=store_id,
        joined_on=joined_on,
    )


def _require(actor: Actor, permission: str) -> None:
    if not actor.can(permission):
        raise errors.permission_missing()


def _valid_successor(staff: Staff, successor_id: int | None) -> int:
    if successor_id is None:
        group_id = staff.dealer_group_id or 0
        picked = rules.pick_successor(advisor_loads(dealer_group_id=group_id, exclude_staff_id=staff.pk))
        if picked is None:
            raise errors.no_successor()
        return picked
    ok = Staff.objects.filter(
        pk=successor_id, dealer_group_id=staff.dealer_group_id, role=StaffRole.ADVISOR, left_on__isnull=True
    ).exclude(pk=staff.pk)
    if not ok.exists():
        raise errors.successor_invalid()
    return successor_id


@transaction.atomic
def staff_depart(
    *, actor: Actor, staff_id: int, successor_id: int | None = None, clock: Clock = system_clock
) -> tuple[Staff, int]:
    """Record that a staff member left; their customers pass to a successor advisor. Returns (staff, moved)."""
    _require(actor, "network.manage_staff")
    staff = staff_get(actor=actor, staff_id=staff_id)
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.left_on is not None:
        raise errors.staff_already_left()
    now = clock.now()
    moved = 0
    customers = list(Customer.objects.select_for_update().filter(advisor=staff))
    if successor_id is not None and not customers:
        _valid_successor(staff, successor_id)  # a wrong choice is refused even when nobody moves
    if customers:
        to_id = _valid_successor(staff, successor_id)
        moved = _handover(
            customers, from_id=staff.pk, to_id=to_id, reason=HandoverReason.ADVISOR_LEFT, by=actor, at=now
        )
    staff.left_on = now.date()
    staff.save(update_fields=["left_on"])
    user = staff.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    return staff, moved


def _handover(
    customers: list[Customer], *, from_id: int | None, to_id: int, reason: str, by: Actor, at: dt.datetime
) -> int:
    AdvisorHandover.objects.bulk_create(
        AdvisorHandover(
            customer=c,
            from_advisor_id=from_id,
            to_advisor_id=to_id,
            reason=reason,
            handed_over_at=at,
            by_user_id=by.user_id,
        )
        for c in customers
    )
    return Customer.objects.filter(pk__in=[c.pk for c in customers]).update(advisor_id=to_id)


@transaction.atomic
def customer_advisor_assign(
    *, actor: Actor, customer_id: int, advisor_id: int, clock: Clock = system_clock
) -> Customer:
    """Give a customer a new dedicated advisor from the same group, keeping the handover record."""
    _require(actor, "network.handover_customers")

    customer = customer_get(actor=actor, customer_id=customer_id)
    ok = Staff.objects.filter(
        pk=advisor_id, dealer_group_id=customer.dealer_group_id, role=StaffRole.ADVISOR, left_on__isnull=True
    ).exists()
    if not ok:
        raise errors.advisor_invalid()
    _handover(
        [customer],
        from_id=customer.advisor_id,
        to_id=advisor_id,
        reason=HandoverReason.REASSIGNED,
        by=actor,
        at=clock.now(),
    )
    customer.refresh_from_db()
    return customer


def customer_ensure(*, dealer_group_id: int, owner_id: int, advisor_id: int | None, since: dt.date) -> Customer:
    """The group's customer record for an owner, created on first contact; runs in the caller's transaction."""
    if advisor_id is None:
        advisor_id = rules.pick_successor(advisor_loads(dealer_group_id=dealer_group_id))
    customer, _ = Customer.objects.get_or_create(
        dealer_group_id=dealer_group_id, owner_id=owner_id, defaults={"advisor_id": advisor_id, "since": since}
    )
    return customer


def actor_is_staff_of(actor: Actor, dealer_group_id: int | None) -> bool:
    """True when the actor works for the group (operators work for every group)."""
    return actor.kind == ActorKind.OPERATOR or (
        actor.kind == ActorKind.STAFF and actor.dealer_group_id == dealer_group_id
    )


def customer_reveal(*, actor: Actor, customer_id: int, reason: str, ip_address: str | None = None) -> dict[str, str]:
    """A customer's full personal data for an actor in scope with the permission; audited."""
    customer = customer_get(actor=actor, customer_id=customer_id)
    return owner_reveal(
        owner=customer.owner,
        actor=actor,
        reason=reason,
        dealer_group_id=customer.dealer_group_id,
        ip_address=ip_address,
    )
