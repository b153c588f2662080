"""Factories for the network: groups, stores, bays, staff (with logins), customers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from aftercare.kernel.tenancy import Actor
from aftercare.network.choices import CertificationLevel, StaffRole
from aftercare.network.models import AdvisorHandover, Customer, DealerGroup, ServiceBay, Skill, Staff, Store
from aftercare.network.selectors import actor_for_user

PASSWORD = "correct-horse-battery"


class DealerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DealerGroup

    code = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"测试集团{n}")
    name_en = factory.Sequence(lambda n: f"Test Group {n}")


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    dealer_group = factory.SubFactory(DealerGroupFactory)
    code = factory.Sequence(lambda n: f"store-{n}")
    name = factory.Sequence(lambda n: f"测试门店{n}")
    name_en = factory.Sequence(lambda n: f"Test Store {n}")
    city = "北京"
    city_en = "Beijing"
    district = "朝阳区"
    address = "北京市朝阳区测试路1号"
    latitude = Decimal("39.904200")
    longitude = Decimal("116.407400")
    opening_hours = factory.LazyFunction(
        lambda: {d: [["08:30", "18:00"]] for d in ("mon", "tue", "wed", "thu", "fri", "sat")} | {"sun": []}
    )


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("code",)

    code = "general"
    name = "常规保养"
    name_en = "General service"


class ServiceBayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceBay
        skip_postgeneration_save = True

    store = factory.SubFactory(StoreFactory)
    code = factory.Sequence(lambda n: f"B{n:02d}")
    name = factory.Sequence(lambda n: f"{n}号工位")

    @factory.post_generation
    def skills(self, create: bool, extracted: list[Skill] | None, **kwargs: object) -> None:
        if create and extracted:
            self.skills.set(extracted)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory)
    store = factory.SubFactory(StoreFactory)
    dealer_group = factory.LazyAttribute(lambda o: o.store.dealer_group if o.store else None)
    display_name = factory.Sequence(lambda n: f"员工{n}")
    role = StaffRole.ADVISOR
    level = CertificationLevel.SENIOR
    joined_on = dt.date(2024, 1, 1)

    class Params:
        operator = factory.Trait(role=StaffRole.OPERATOR, store=None, dealer_group=None)
        manager = factory.Trait(role=StaffRole.MANAGER, level=CertificationLevel.JUNIOR)
        technician = factory.Trait(role=StaffRole.TECHNICIAN, level=CertificationLevel.JUNIOR)
        junior = factory.Trait(level=CertificationLevel.JUNIOR)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    dealer_group = factory.SubFactory(DealerGroupFactory)
    owner = factory.SubFactory("aftercare.owners.tests.factories.OwnerFactory")
    advisor = None
    since = dt.date(2025, 1, 1)


def actor_of_staff(staff: Staff) -> Actor:
    """The Actor a staff member's requests run as (fresh permission cache)."""
    user = get_user_model().objects.get(pk=staff.user_id)
    return actor_for_user(user)


def actor_of_user(user_id: int) -> Actor:
    """The Actor any login's requests run as (staff, operator, owner or anonymous)."""
    return actor_for_user(get_user_model().objects.get(pk=user_id))


def actor_of_owner(owner: object) -> Actor:
    """The Actor an owner with a login runs as."""
    user_id = owner.user_id  # type: ignore[attr-defined]
    assert user_id is not None, "create the owner with OwnerFactory(login=True)"
    return actor_of_user(user_id)


def network_snapshot() -> tuple:
    """Everything a departure or a handover may change: who left, which logins work, who looks after whom."""
    return (
        list(Staff.objects.order_by("pk").values_list("pk", "left_on")),
        list(get_user_model().objects.order_by("pk").values_list("pk", "is_active")),
        list(Customer.objects.order_by("pk").values_list("pk", "advisor_id")),
        AdvisorHandover.objects.count(),
    )
