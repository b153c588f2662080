"""Reads of the network, all scoped by the actor's dealer group (operators see every group)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from aftercare.kernel.tenancy import ANONYMOUS, Actor, ActorKind
from aftercare.network import errors
from aftercare.network.choices import HandoverReason, StaffRole
from aftercare.network.models import AdvisorHandover, Customer, DealerGroup, Staff, Store


def actor_for_user(user: Any) -> Actor:
    """Reduce a logged-in user to the scope their requests run in."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    perms = frozenset(user.get_all_permissions())
    staff = Staff.objects.filter(user=user, left_on__isnull=True).first()
    if staff is not None:
        kind = ActorKind.OPERATOR if staff.role == StaffRole.OPERATOR else ActorKind.STAFF
        return Actor(
            kind=kind,
            user_id=user.pk,
            dealer_group_id=staff.dealer_group_id,
            store_id=staff.store_id,
            staff_id=staff.pk,
            permissions=perms,
        )
    owner = getattr(user, "owner", None)
    if owner is not None:
        return Actor(kind=ActorKind.OWNER, user_id=user.pk, owner_id=owner.pk, permissions=frozenset())
    return ANONYMOUS


def _group_scope(actor: Actor, field: str = "dealer_group_id") -> Q:
    """Staff see their own group; operators see all; anyone else sees nothing."""
    if actor.kind == ActorKind.OPERATOR:
        return Q()
    if actor.kind == ActorKind.STAFF and actor.dealer_group_id is not None:
        return Q(**{field: actor.dealer_group_id})
    return Q(pk__in=[])


def dealer_group_list(*, actor: Actor) -> QuerySet[DealerGroup]:
    """Dealer groups the actor may see."""
    return DealerGroup.objects.filter(_group_scope(actor, "id")).order_by("code")


def store_list(*, actor: Actor, city: str = "") -> QuerySet[Store]:
    """Stores in the actor's scope, with their group, bay and staff counts."""
    qs = Store.objects.filter(_group_scope(actor)).select_related("dealer_group")
    city = city.strip()[:32]
    if city:
        qs = qs.filter(Q(city=city) | Q(city_en__iexact=city))
    return qs.annotate(
        bay_count=Count("bays", filter=Q(bays__is_active=True), distinct=True),
        staff_count=Count("staff", filter=Q(staff__left_on__isnull=True), distinct=True),
    ).order_by("city_en", "code")


def store_get(*, actor: Actor, store_id: int) -> Store:
    """One store in scope, with its bays and skills prefetched; foreign and missing look the same."""
    store = (
        Store.objects.filter(_group_scope(actor), pk=store_id)
        .select_related("dealer_group")
        .prefetch_related("bays__skills")
        .first()
    )
    if store is None:
        raise errors.store_not_found()
    return store


def staff_list(*, actor: Actor, store_id: int | None = None, active: bool = True) -> QuerySet[Staff]:
    """Staff in scope, optionally for one store."""
    qs = Staff.objects.filter(_group_scope(actor)).select_related("store", "dealer_group")
    if store_id is not None:
        qs = qs.filter(store_id=store_id)
    if active:
        qs = qs.filter(left_on__isnull=True)
    return qs.order_by("store__code", "role", "display_name")


def staff_get(*, actor: Actor, staff_id: int) -> Staff:
    """One staff member in scope."""
    staff = Staff.objects.filter(_group_scope(actor), pk=staff_id).select_related("store", "dealer_group").first()
    if staff is None:
        raise errors.staff_not_found()
    return staff


def customer_list(*, actor: Actor, advisor_id: int | None = None) -> QuerySet[Customer]:
    """The actor's group's customers with owner and advisor loaded."""
    qs = Customer.objects.filter(_group_scope(actor)).select_related("owner", "advisor", "dealer_group")
    if advisor_id is not None:
        qs = qs.filter(advisor_id=advisor_id)
    return qs.order_by("-since", "-id")


def customer_get(*, actor: Actor, customer_id: int) -> Customer:
    """One customer in scope."""
    customer = (
        Customer.objects.filter(_group_scope(actor), pk=customer_id)
        .select_related("owner", "advisor", "dealer_group")
        .first()
    )
    if customer is None:
        raise errors.customer_not_found()
    return customer


def customer_for_owner(*, actor: Actor, owner_id: int) -> Customer | None:
    """The actor's group's customer record for an owner, if any."""
    if actor.dealer_group_id is None:
        return None
    return Customer.objects.filter(dealer_group_id=actor.dealer_group_id, owner_id=owner_id).first()


def customer_handover_list(*, actor: Actor, customer_id: int) -> QuerySet[AdvisorHandover]:
    """A customer's advisor handovers, newest first; a foreign customer is not found, like a missing one."""
    customer = customer_get(actor=actor, customer_id=customer_id)
    return (
        AdvisorHandover.objects.filter(customer=customer)
        .select_related("from_advisor", "to_advisor")
        .order_by("-handed_over_at", "-id")
    )


def staff_successor(*, actor: Actor, staff_id: int) -> Staff | None:
    """The advisor who took over a departed staff member's customers; None when nobody was handed over."""
    staff = staff_get(actor=actor, staff_id=staff_id)
    handover = (
        AdvisorHandover.objects.filter(from_advisor=staff, reason=HandoverReason.ADVISOR_LEFT)
        .select_related("to_advisor")
        .order_by("-handed_over_at", "-id")
        .first()
    )
    return handover.to_advisor if handover else None


def _active_advisors(dealer_group_id: int | None, exclude_staff_id: int | None) -> QuerySet[Staff]:
    qs = Staff.objects.filter(dealer_group_id=dealer_group_id, role=StaffRole.ADVISOR, left_on__isnull=True)
    return qs.exclude(pk=exclude_staff_id) if exclude_staff_id is not None else qs


def advisor_list(*, actor: Actor, dealer_group_id: int | None, exclude_staff_id: int | None = None) -> QuerySet[Staff]:
    """A group's active advisors in the actor's scope, by name, each with `customer_count` (their load)."""
    qs = _active_advisors(dealer_group_id, exclude_staff_id).filter(_group_scope(actor))
    return qs.annotate(customer_count=Count("customers")).order_by("display_name", "pk")


def advisor_loads(*, dealer_group_id: int, exclude_staff_id: int | None = None) -> list[tuple[int, int]]:
    """(advisor id, customer count) for the active advisors of a group."""
    qs = _active_advisors(dealer_group_id, exclude_staff_id)
    return list(qs.annotate(load=Count("customers")).values_list("pk", "load"))


def group_scope(actor: Actor, field: str = "dealer_group_id") -> Q:
    """The tenancy filter other apps apply to their own dealer-group-owned rows."""
    return _group_scope(actor, field)
