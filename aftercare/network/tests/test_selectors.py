"""Network reads: who the actor is, and that every list and get stays inside the actor's group."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from aftercare.kernel.errors import NotFound
from aftercare.kernel.tenancy import ANONYMOUS, Actor, ActorKind
from aftercare.network import selectors, services
from aftercare.network.tests.factories import (
    CustomerFactory,
    ServiceBayFactory,
    SkillFactory,
    StaffFactory,
    StoreFactory,
    actor_of_owner,
    actor_of_staff,
)
from aftercare.owners.tests.factories import OwnerFactory

pytestmark = pytest.mark.django_db


def test_actor_for_staff_operator_owner_and_nobody() -> None:
    staff = StaffFactory()
    actor = actor_of_staff(staff)
    assert (actor.kind, actor.user_id, actor.dealer_group_id, actor.store_id, actor.staff_id) == (
        ActorKind.STAFF,
        staff.user_id,
        staff.dealer_group_id,
        staff.store_id,
        staff.pk,
    )
    assert actor.can("owners.reveal_personal_data")  # senior advisor

    operator = actor_of_staff(StaffFactory(operator=True))
    assert (operator.kind, operator.dealer_group_id) == (ActorKind.OPERATOR, None)

    owner = OwnerFactory(login=True)
    as_owner = actor_of_owner(owner)
    assert (as_owner.kind, as_owner.owner_id, as_owner.permissions) == (ActorKind.OWNER, owner.pk, frozenset())

    assert selectors.actor_for_user(None) == ANONYMOUS
    assert selectors.actor_for_user(AnonymousUser()) == ANONYMOUS
    plain = get_user_model().objects.create_user(username="plain")
    assert selectors.actor_for_user(plain) == ANONYMOUS


def test_departed_or_inactive_staff_are_nobody() -> None:
    left = StaffFactory(left_on=dt.date(2025, 1, 1))
    assert actor_of_staff(left) == ANONYMOUS
    inactive = StaffFactory()
    inactive.user.is_active = False
    inactive.user.save()
    assert actor_of_staff(inactive) == ANONYMOUS


def test_owner_who_is_also_staff_acts_as_staff() -> None:
    staff = StaffFactory()
    OwnerFactory(user=staff.user)
    assert actor_of_staff(staff).kind == ActorKind.STAFF


@pytest.fixture
def two_groups():
    a, b = StoreFactory(city="上海", city_en="Shanghai"), StoreFactory()
    ServiceBayFactory(store=a, skills=[SkillFactory()])
    ServiceBayFactory(store=a, is_active=False)
    sa, sb = StaffFactory(store=a), StaffFactory(store=b)
    StaffFactory(store=a, left_on=dt.date(2025, 1, 1))
    ca = CustomerFactory(dealer_group=a.dealer_group, advisor=sa)
    cb = CustomerFactory(dealer_group=b.dealer_group, advisor=sb)
    return {"a": a, "b": b, "sa": sa, "sb": sb, "ca": ca, "cb": cb}


def test_lists_are_scoped_to_the_group(two_groups) -> None:
    w = two_groups
    actor = actor_of_staff(w["sa"])
    assert list(selectors.store_list(actor=actor)) == [w["a"]]
    assert list(selectors.staff_list(actor=actor)) == [w["sa"]]
    assert list(selectors.customer_list(actor=actor)) == [w["ca"]]
    assert list(selectors.dealer_group_list(actor=actor)) == [w["a"].dealer_group]


def test_gets_of_foreign_rows_look_missing(two_groups) -> None:
    w = two_groups
    actor = actor_of_staff(w["sa"])
    with pytest.raises(NotFound):
        selectors.store_get(actor=actor, store_id=w["b"].pk)
    with pytest.raises(NotFound):
        selectors.staff_get(actor=actor, staff_id=w["sb"].pk)
    with pytest.raises(NotFound):
        selectors.customer_get(actor=actor, customer_id=w["cb"].pk)
    assert selectors.store_get(actor=actor, store_id=w["a"].pk) == w["a"]


def test_operators_see_everything_owners_and_anonymous_nothing(two_groups) -> None:
    operator = actor_of_staff(StaffFactory(operator=True))
    assert selectors.store_list(actor=operator).count() == 2
    assert selectors.customer_list(actor=operator).count() == 2
    owner = actor_of_owner(OwnerFactory(login=True))
    for actor in (owner, ANONYMOUS, Actor(kind=ActorKind.STAFF, dealer_group_id=None)):
        assert not selectors.store_list(actor=actor).exists()
        assert not selectors.customer_list(actor=actor).exists()
        assert not selectors.staff_list(actor=actor).exists()


def test_store_list_counts_active_bays_and_staff_and_filters_by_city(two_groups) -> None:
    operator = actor_of_staff(StaffFactory(operator=True))
    store = selectors.store_list(actor=operator, city="Shanghai").get()
    assert (store.pk, store.bay_count, store.staff_count) == (two_groups["a"].pk, 1, 1)
    assert selectors.store_list(actor=operator, city="上海").get() == store
    assert selectors.store_list(actor=operator, city="shanghai").get() == store
    assert not selectors.store_list(actor=operator, city="广州").exists()


def test_staff_list_can_include_departed(two_groups) -> None:
    actor = actor_of_staff(two_groups["sa"])
    assert selectors.staff_list(actor=actor, active=False).count() == 2
    assert selectors.staff_list(actor=actor, store_id=two_groups["b"].pk).count() == 0


def test_customer_list_filters_by_advisor_and_orders_newest_first(two_groups) -> None:
    w = two_groups
    newer = CustomerFactory(dealer_group=w["a"].dealer_group, advisor=None, since=dt.date(2026, 1, 1))
    actor = actor_of_staff(w["sa"])
    assert list(selectors.customer_list(actor=actor)) == [newer, w["ca"]]
    assert list(selectors.customer_list(actor=actor, advisor_id=w["sa"].pk)) == [w["ca"]]


def test_customer_for_owner_is_the_actors_groups_record(two_groups) -> None:
    w = two_groups
    owner_id = w["cb"].owner_id
    assert selectors.customer_for_owner(actor=actor_of_staff(w["sb"]), owner_id=owner_id) == w["cb"]
    assert selectors.customer_for_owner(actor=actor_of_staff(w["sa"]), owner_id=owner_id) is None
    assert selectors.customer_for_owner(actor=ANONYMOUS, owner_id=owner_id) is None


def test_advisor_loads_count_customers_of_active_advisors_only(two_groups) -> None:
    w = two_groups
    StaffFactory(store=w["a"], technician=True)
    extra = StaffFactory(store=w["a"])
    CustomerFactory(dealer_group=w["a"].dealer_group, advisor=w["sa"])
    loads = dict(selectors.advisor_loads(dealer_group_id=w["a"].dealer_group_id))
    assert loads == {w["sa"].pk: 2, extra.pk: 0}
    assert dict(selectors.advisor_loads(dealer_group_id=w["a"].dealer_group_id, exclude_staff_id=w["sa"].pk)) == {
        extra.pk: 0
    }


def test_advisor_list_is_scoped_with_loads_and_can_leave_one_out(two_groups) -> None:
    w = two_groups
    group_id = w["a"].dealer_group_id
    StaffFactory(store=w["a"], technician=True)
    extra = StaffFactory(store=w["a"], display_name="一号")  # sorts before 员工N: the list is by name
    actor = actor_of_staff(w["sa"])
    rows = [(s.pk, s.customer_count) for s in selectors.advisor_list(actor=actor, dealer_group_id=group_id)]
    assert rows == [(extra.pk, 0), (w["sa"].pk, 1)]
    assert [s.pk for s in selectors.advisor_list(actor=actor, dealer_group_id=group_id, exclude_staff_id=extra.pk)] == [
        w["sa"].pk
    ]
    foreign_group = w["b"].dealer_group_id
    assert list(selectors.advisor_list(actor=actor, dealer_group_id=foreign_group)) == []


def test_customer_handover_list_is_newest_first_and_scoped(two_groups, django_assert_num_queries) -> None:
    w = two_groups
    other = StaffFactory(store=w["a"])
    manager = actor_of_staff(StaffFactory(store=w["a"], manager=True))
    services.customer_advisor_assign(actor=manager, customer_id=w["ca"].pk, advisor_id=other.pk)
    services.customer_advisor_assign(actor=manager, customer_id=w["ca"].pk, advisor_id=w["sa"].pk)
    with django_assert_num_queries(2):  # the scoped customer, then the handovers with both advisors
        rows = [
            (h.from_advisor.display_name, h.to_advisor.display_name)
            for h in selectors.customer_handover_list(actor=manager, customer_id=w["ca"].pk)
        ]
    assert rows == [(other.display_name, w["sa"].display_name), (w["sa"].display_name, other.display_name)]
    with pytest.raises(NotFound):
        selectors.customer_handover_list(actor=manager, customer_id=w["cb"].pk)


def test_staff_successor_names_who_took_the_customers(two_groups) -> None:
    w = two_groups
    successor = StaffFactory(store=w["a"])
    manager = actor_of_staff(StaffFactory(store=w["a"], manager=True))
    assert selectors.staff_successor(actor=manager, staff_id=w["sa"].pk) is None
    services.staff_depart(actor=manager, staff_id=w["sa"].pk, successor_id=successor.pk)
    assert selectors.staff_successor(actor=manager, staff_id=w["sa"].pk) == successor
    with pytest.raises(NotFound):
        selectors.staff_successor(actor=manager, staff_id=w["sb"].pk)
