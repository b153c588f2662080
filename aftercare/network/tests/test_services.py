"""Network services: departures with customer handover, reassignment, customer links, grants."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction

from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.kernel.tenancy import ActorKind
from aftercare.network import services
from aftercare.network.choices import StaffRole
from aftercare.network.models import AdvisorHandover, Customer, LevelGrant
from aftercare.network.selectors import actor_for_user
from aftercare.network.tests.factories import (
    CustomerFactory,
    StaffFactory,
    StoreFactory,
    actor_of_staff,
    network_snapshot,
)
from aftercare.owners.tests.factories import OwnerFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 4, 1, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def team():
    """One group, one store: a manager, a leaving advisor with 3 customers, advisors with 0 and 2."""
    store = StoreFactory()
    group = store.dealer_group
    manager = StaffFactory(store=store, manager=True)
    leaving = StaffFactory(store=store)
    idle = StaffFactory(store=store)
    busy = StaffFactory(store=store)
    for _ in range(3):
        CustomerFactory(dealer_group=group, advisor=leaving)
    for _ in range(2):
        CustomerFactory(dealer_group=group, advisor=busy)
    return {"group": group, "store": store, "manager": manager, "leaving": leaving, "idle": idle, "busy": busy}


def refused(fn, **kwargs) -> DomainError:
    before = network_snapshot()
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert network_snapshot() == before, "a refused call changed something"
    return exc.value


def test_departure_hands_customers_to_the_least_loaded_advisor(team, clock) -> None:
    actor = actor_of_staff(team["manager"])
    staff, moved = services.staff_depart(actor=actor, staff_id=team["leaving"].pk, clock=clock)
    assert moved == 3
    assert staff.left_on == dt.date(2026, 4, 1)
    assert Customer.objects.filter(advisor=team["idle"]).count() == 3
    assert Customer.objects.filter(advisor=team["leaving"]).count() == 0
    rows = list(
        AdvisorHandover.objects.values_list("from_advisor", "to_advisor", "reason", "handed_over_at", "by_user")
    )
    assert rows == [(team["leaving"].pk, team["idle"].pk, "advisor_left", NOW, team["manager"].user_id)] * 3
    user = get_user_model().objects.get(pk=team["leaving"].user_id)
    assert not user.is_active
    assert actor_for_user(user).kind == ActorKind.ANONYMOUS


def test_departure_to_a_chosen_successor(team, clock) -> None:
    actor = actor_of_staff(team["manager"])
    _, moved = services.staff_depart(
        actor=actor, staff_id=team["leaving"].pk, successor_id=team["busy"].pk, clock=clock
    )
    assert moved == 3
    assert Customer.objects.filter(advisor=team["busy"]).count() == 5


def test_least_loaded_counts_customers_across_the_whole_group(team, clock) -> None:
    other_store = StoreFactory(dealer_group=team["group"])
    newcomer = StaffFactory(store=other_store)
    CustomerFactory(dealer_group=team["group"], advisor=team["idle"])  # idle now has 1, newcomer 0
    services.staff_depart(actor=actor_of_staff(team["manager"]), staff_id=team["leaving"].pk, clock=clock)
    assert Customer.objects.filter(advisor=newcomer).count() == 3


@pytest.mark.parametrize("who", ["other_group", "self", "technician", "departed", "missing"])
def test_an_invalid_successor_is_refused(team, clock, who) -> None:
    successor = {
        "other_group": lambda: StaffFactory().pk,
        "self": lambda: team["leaving"].pk,
        "technician": lambda: StaffFactory(store=team["store"], technician=True).pk,
        "departed": lambda: StaffFactory(store=team["store"], left_on=dt.date(2025, 1, 1)).pk,
        "missing": lambda: 987_654,
    }[who]()
    exc = refused(
        services.staff_depart,
        actor=actor_of_staff(team["manager"]),
        staff_id=team["leaving"].pk,
        successor_id=successor,
        clock=clock,
    )
    assert exc.code == "successor_invalid"
    assert "successor_id" in exc.fields


def test_a_successor_from_another_group_is_refused_even_without_customers(team, clock) -> None:
    exc = refused(
        services.staff_depart,
        actor=actor_of_staff(team["manager"]),
        staff_id=team["idle"].pk,
        successor_id=StaffFactory().pk,
        clock=clock,
    )
    assert exc.code == "successor_invalid"


def test_departure_without_customers_moves_nothing(team, clock) -> None:
    _, moved = services.staff_depart(actor=actor_of_staff(team["manager"]), staff_id=team["idle"].pk, clock=clock)
    assert moved == 0
    assert AdvisorHandover.objects.count() == 0
    assert not get_user_model().objects.get(pk=team["idle"].user_id).is_active


def test_no_advisor_left_to_take_over(clock) -> None:
    store = StoreFactory()
    manager = StaffFactory(store=store, manager=True)
    only = StaffFactory(store=store)
    CustomerFactory(dealer_group=store.dealer_group, advisor=only)
    exc = refused(services.staff_depart, actor=actor_of_staff(manager), staff_id=only.pk, clock=clock)
    assert exc.code == "no_successor_advisor"


def test_departing_twice_is_refused(team, clock) -> None:
    actor = actor_of_staff(team["manager"])
    services.staff_depart(actor=actor, staff_id=team["idle"].pk, clock=clock)
    assert refused(services.staff_depart, actor=actor, staff_id=team["idle"].pk, clock=clock).code == (
        "staff_already_left"
    )


def test_departure_needs_the_permission(team, clock) -> None:
    exc = refused(services.staff_depart, actor=actor_of_staff(team["busy"]), staff_id=team["leaving"].pk, clock=clock)
    assert isinstance(exc, PermissionDenied)


def test_departure_of_another_groups_staff_looks_missing(team, clock) -> None:
    outsider = actor_of_staff(StaffFactory(manager=True))
    exc = refused(services.staff_depart, actor=outsider, staff_id=team["leaving"].pk, clock=clock)
    assert isinstance(exc, NotFound) and exc.code == "staff_not_found"


# -- reassignment --------------------------------------------------------------------------------


def test_manager_reassigns_a_customer_with_a_handover_record(team, clock) -> None:
    customer = Customer.objects.filter(advisor=team["leaving"]).first()
    result = services.customer_advisor_assign(
        actor=actor_of_staff(team["manager"]), customer_id=customer.pk, advisor_id=team["idle"].pk, clock=clock
    )
    assert result.advisor_id == team["idle"].pk
    handover = AdvisorHandover.objects.get()
    assert (handover.from_advisor_id, handover.to_advisor_id, handover.reason) == (
        team["leaving"].pk,
        team["idle"].pk,
        "reassigned",
    )


@pytest.mark.parametrize("who", ["other_group", "technician", "departed"])
def test_reassignment_to_an_invalid_advisor_is_refused(team, clock, who) -> None:
    advisor = {
        "other_group": lambda: StaffFactory(),
        "technician": lambda: StaffFactory(store=team["store"], technician=True),
        "departed": lambda: StaffFactory(store=team["store"], left_on=dt.date(2025, 1, 1)),
    }[who]()
    customer = Customer.objects.first()
    exc = refused(
        services.customer_advisor_assign,
        actor=actor_of_staff(team["manager"]),
        customer_id=customer.pk,
        advisor_id=advisor.pk,
        clock=clock,
    )
    assert exc.code == "advisor_invalid" and "advisor_id" in exc.fields


def test_reassignment_needs_the_permission_and_scope(team, clock) -> None:
    customer = Customer.objects.first()
    args = {"customer_id": customer.pk, "advisor_id": team["idle"].pk, "clock": clock}
    exc = refused(services.customer_advisor_assign, actor=actor_of_staff(team["busy"]), **args)
    assert isinstance(exc, PermissionDenied)
    exc = refused(services.customer_advisor_assign, actor=actor_of_staff(StaffFactory(manager=True)), **args)
    assert isinstance(exc, NotFound)


# -- customers, staff, grants -------------------------------------------------------------------


def test_customer_ensure_creates_once_with_the_least_loaded_advisor(team) -> None:
    owner = OwnerFactory()
    first = services.customer_ensure(
        dealer_group_id=team["group"].pk, owner_id=owner.pk, advisor_id=None, since=dt.date(2026, 1, 1)
    )
    assert first.advisor_id == team["idle"].pk  # 0 customers; the manager is not an advisor
    again = services.customer_ensure(
        dealer_group_id=team["group"].pk, owner_id=owner.pk, advisor_id=team["busy"].pk, since=dt.date(2026, 2, 1)
    )
    assert again.pk == first.pk and again.advisor_id == team["idle"].pk and again.since == dt.date(2026, 1, 1)


def test_staff_create_makes_login_and_record_together() -> None:
    store = StoreFactory()
    staff = services.staff_create(
        username="wang.wu",
        password="a-long-password-1",
        display_name="王五",
        role=StaffRole.TECHNICIAN,
        level="intermediate",
        dealer_group_id=store.dealer_group_id,
        store_id=store.pk,
        joined_on=dt.date(2026, 1, 5),
    )
    assert staff.user.check_password("a-long-password-1")
    assert actor_of_staff(staff).can("vehicles.record_odometer")
    assert not actor_of_staff(staff).can("vehicles.register_vehicle")


def test_an_operator_cannot_belong_to_a_group() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffFactory(role=StaffRole.OPERATOR)  # keeps the store's group


def test_grant_seeding_is_idempotent_and_keeps_operator_edits() -> None:
    assert LevelGrant.objects.exists()  # seeded after migrate
    assert services.level_grants_seed() == 0
    extra = Permission.objects.get(codename="manage_staff")
    LevelGrant.objects.create(role="technician", level="senior", permission=extra)
    LevelGrant.objects.filter(role="advisor", level="senior").delete()
    assert services.level_grants_seed() == 1  # only the missing default comes back
    assert LevelGrant.objects.filter(role="technician", permission=extra).exists()


def test_grants_are_data_a_new_row_gives_the_permission() -> None:
    tech = StaffFactory(technician=True)
    assert not actor_of_staff(tech).can("network.manage_staff")
    LevelGrant.objects.create(
        role="technician", level="junior", permission=Permission.objects.get(codename="manage_staff")
    )
    assert actor_of_staff(tech).can("network.manage_staff")


def test_actor_is_staff_of() -> None:
    staff = StaffFactory()
    actor = actor_of_staff(staff)
    assert services.actor_is_staff_of(actor, staff.dealer_group_id)
    assert not services.actor_is_staff_of(actor, staff.dealer_group_id + 1)
    assert services.actor_is_staff_of(actor_of_staff(StaffFactory(operator=True)), 12345)
