"""DomainError, Actor and the clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.clock import FixedClock, system_clock
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.kernel.tenancy import ANONYMOUS, Actor, ActorKind


def test_domain_error_renders_message_with_params_and_fields() -> None:
    exc = DomainError(
        "otp_too_soon", _("Wait %(seconds)s seconds."), fields={"phone": [_("Bad phone.")]}, params={"seconds": 42}
    )
    with translation.override("en"):
        assert exc.render_message() == "Wait 42 seconds."
        assert exc.render_fields() == {"phone": ["Bad phone."]}
    assert (exc.code, exc.status) == ("otp_too_soon", 400)


def test_a_message_with_a_literal_percent_and_no_params_is_left_alone() -> None:
    assert DomainError("x", "100% sure").render_message() == "100% sure"


def test_status_codes_of_the_subclasses() -> None:
    assert NotFound("n", "m").status == 404
    assert PermissionDenied("p", "m").status == 403
    assert DomainError("d", "m", status=429).status == 429


def test_actor_permissions_and_sides() -> None:
    staff = Actor(kind=ActorKind.STAFF, user_id=1, dealer_group_id=2, permissions=frozenset({"a.b"}))
    assert staff.can("a.b") and not staff.can("a.c")
    assert staff.is_staff_side
    assert Actor(kind=ActorKind.OPERATOR).is_staff_side
    assert not Actor(kind=ActorKind.OWNER, owner_id=3).is_staff_side
    assert not ANONYMOUS.can("a.b") and ANONYMOUS.user_id is None


def test_fixed_clock_moves_only_when_told() -> None:
    start = dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC)
    clock = FixedClock(start)
    assert clock.now() == clock.now() == start
    clock.advance(dt.timedelta(minutes=5))
    assert clock.now() == start + dt.timedelta(minutes=5)


def test_system_clock_is_aware() -> None:
    assert system_clock.now().tzinfo is not None


@pytest.mark.parametrize("kind", list(ActorKind))
def test_actor_kinds_are_plain_strings(kind: ActorKind) -> None:
    assert str(kind) == kind.value
