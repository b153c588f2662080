"""Owners: login after a code, details, consents, and revealing personal data with an audit entry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from aftercare.audit.models import AuditEntry
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError, PermissionDenied
from aftercare.kernel.tenancy import Actor, ActorKind
from aftercare.owners import selectors, services
from aftercare.owners.models import Consent, Owner
from aftercare.owners.tests.factories import OwnerFactory

pytestmark = pytest.mark.django_db

E164 = "+8613812345678"


# -- login -------------------------------------------------------------------------------------


def test_first_login_creates_the_user_and_the_owner() -> None:
    user = services.owner_login(phone=E164)
    owner = Owner.objects.get(phone=E164)
    assert owner.user_id == user.pk
    assert (owner.name, user.phone) == ("", E164)
    assert not user.has_usable_password()


def test_login_links_an_owner_staff_registered_earlier() -> None:
    owner = OwnerFactory(phone=E164, name="李四")
    user = services.owner_login(phone=E164)
    owner.refresh_from_db()
    assert owner.user_id == user.pk
    assert owner.name == "李四"  # details typed by staff are kept
    assert Owner.objects.count() == 1


def test_login_again_changes_nothing() -> None:
    first = services.owner_login(phone=E164)
    second = services.owner_login(phone=E164)
    assert first.pk == second.pk
    assert (Owner.objects.count(), get_user_model().objects.count()) == (1, 1)


def test_login_does_not_steal_an_owner_already_linked_to_another_user() -> None:
    other = get_user_model().objects.create_user(username="earlier")
    owner = OwnerFactory(phone=E164, user=other)
    services.owner_login(phone=E164)
    owner.refresh_from_db()
    assert owner.user_id == other.pk


# -- details -------------------------------------------------------------------------------------


def test_owner_get_or_create_validates_and_normalises() -> None:
    owner, created = services.owner_get_or_create(phone="138 1234 5678", name=" 李四 ", email=" li@example.com ")
    assert created and (owner.phone, owner.name, owner.email) == (E164, "李四", "li@example.com")
    again, created = services.owner_get_or_create(phone=E164, name="别的名字")
    assert not created and again.pk == owner.pk and again.name == "李四"


@pytest.mark.parametrize(
    ("phone", "name", "email", "code"),
    [
        ("010 12345678", "李四", "", "phone_not_mobile"),
        (E164, "", "", "owner_name_required"),
        (E164, "长" * 51, "", "owner_name_required"),
        (E164, "李四", "not-an-email", "owner_email_invalid"),
    ],
)
def test_owner_get_or_create_refuses_bad_details(phone, name, email, code) -> None:
    with pytest.raises(DomainError) as exc:
        services.owner_get_or_create(phone=phone, name=name, email=email)
    assert exc.value.code == code
    assert Owner.objects.count() == 0


def test_owner_input_problems_lists_every_field() -> None:
    assert services.owner_input_problems(phone=E164, name="李四") == {}
    problems = services.owner_input_problems(phone="x", name="", email="bad")
    assert set(problems) == {"phone", "name", "email"}
    assert all(problems.values())


def test_owner_update_changes_name_and_email_only() -> None:
    owner = OwnerFactory(phone=E164)
    updated = services.owner_update(owner_id=owner.pk, name="王五", email="wang@example.com")
    owner.refresh_from_db()
    assert (owner.name, owner.email, owner.phone) == ("王五", "wang@example.com", E164)
    assert updated == owner
    with pytest.raises(DomainError):
        services.owner_update(owner_id=owner.pk, name="王五", email="nope")
    owner.refresh_from_db()
    assert owner.email == "wang@example.com"


# -- consents ------------------------------------------------------------------------------------


def test_consents_append_and_the_latest_wins() -> None:
    owner = OwnerFactory()
    clock = FixedClock(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    assert selectors.consent_current(owner_id=owner.pk) == {
        "service": False,
        "marketing": False,
        "data_sharing": False,
        "connected": False,
    }
    services.consent_record(
        owner_id=owner.pk, purpose="marketing", granted=True, channel="portal", recorded_by_id=None, clock=clock
    )
    clock.advance(dt.timedelta(days=1))
    services.consent_record(
        owner_id=owner.pk, purpose="marketing", granted=False, channel="store", recorded_by_id=None, clock=clock
    )
    services.consent_record(
        owner_id=owner.pk, purpose="service", granted=True, channel="carrier-pigeon", recorded_by_id=None, clock=clock
    )
    assert selectors.consent_current(owner_id=owner.pk)["marketing"] is False
    assert selectors.consent_current(owner_id=owner.pk)["service"] is True
    assert Consent.objects.count() == 3
    records = list(selectors.consent_list(owner_id=owner.pk))
    assert [(c.purpose, c.granted) for c in records] == [("service", True), ("marketing", False), ("marketing", True)]
    assert records[-1].granted is True and records[-1].channel == "portal"
    assert Consent.objects.get(purpose="service").channel == "api"  # unknown channels are recorded as api
    assert {c.policy_version for c in records} == {services.POLICY_VERSION}


def test_unknown_consent_purpose_is_refused() -> None:
    owner = OwnerFactory()
    with pytest.raises(DomainError) as exc:
        services.consent_record(
            owner_id=owner.pk, purpose="selling_data", granted=True, channel="portal", recorded_by_id=None
        )
    assert exc.value.code == "consent_purpose_invalid" and list(exc.value.fields) == ["purpose"]
    assert Consent.objects.count() == 0


# -- reveal --------------------------------------------------------------------------------------


def _actor(user, *, can: bool) -> Actor:
    perms = frozenset({"owners.reveal_personal_data"}) if can else frozenset()
    return Actor(kind=ActorKind.STAFF, user_id=user.pk, dealer_group_id=7, permissions=perms)


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user(username="advisor")


def test_reveal_returns_everything_and_writes_an_audit_entry(staff_user) -> None:
    owner = OwnerFactory(phone=E164, name="段小明", email="duan@example.com", id_number="51010119900101001X")
    data = services.owner_reveal(
        owner=owner,
        actor=_actor(staff_user, can=True),
        reason="  customer asked for a callback  ",
        dealer_group_id=7,
        ip_address="10.0.0.8",
    )
    assert data == {"name": "段小明", "phone": E164, "email": "duan@example.com", "id_number": "51010119900101001X"}
    entry = AuditEntry.objects.get()
    assert (entry.actor_id, entry.action, entry.object_type, entry.object_id) == (
        staff_user.pk,
        "owner.reveal_personal_data",
        "owner",
        str(owner.pk),
    )
    assert (entry.reason, entry.dealer_group_id, entry.ip_address) == ("customer asked for a callback", 7, "10.0.0.8")
    assert entry.fields == ["name", "phone", "email", "id_number"]


def test_reveal_without_permission_is_refused_and_not_audited(staff_user) -> None:
    with pytest.raises(PermissionDenied) as exc:
        services.owner_reveal(
            owner=OwnerFactory(), actor=_actor(staff_user, can=False), reason="why", dealer_group_id=None
        )
    assert exc.value.code == "reveal_not_allowed"
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_reveal_without_a_reason_is_refused_and_not_audited(staff_user, reason) -> None:
    with pytest.raises(DomainError) as exc:
        services.owner_reveal(
            owner=OwnerFactory(), actor=_actor(staff_user, can=True), reason=reason, dealer_group_id=None
        )
    assert exc.value.code == "reveal_reason_required" and list(exc.value.fields) == ["reason"]
    assert AuditEntry.objects.count() == 0


def test_owner_for_user_and_find_by_phone() -> None:
    owner = OwnerFactory(login=True)
    assert selectors.owner_for_user(user=owner.user) == owner
    assert selectors.owner_for_user(user=None) is None
    assert selectors.owner_find_by_phone(e164=owner.phone) == owner
    assert selectors.owner_find_by_phone(e164="+8613900000000") is None
