"""Fixtures for Homecoming tests: a fixed clock, two dealer groups with participating stores, staff and owners."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import translation

from aftercare.homecoming.tests.factories import participate
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.tenancy import Actor
from aftercare.network.models import Staff, Store
from aftercare.network.tests.factories import StaffFactory, StoreFactory, actor_of_staff
from aftercare.owners.models import Owner
from aftercare.owners.tests.factories import OwnerFactory

NOW = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
TODAY = dt.date(2026, 3, 2)
CJK = re.compile(r"[\u4e00-\u9fff]")


def in_chinese(render: Callable[[], str], english: str = "") -> str:
    """Render under zh-hans; skip (not pass) while this helper's strings are not yet in the compiled catalog."""
    with translation.override("en"):
        english = english or render()
    with translation.override("zh-hans"):
        text = render()
    if text == english:
        pytest.skip("zh-hans catalog does not hold this msgid yet (merged from /tmp/i18n/h5.json by the lead)")
    assert CJK.search(text), text
    return text


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@dataclass
class Net:
    store: Store
    other_store: Store  # another dealer group's store
    advisor: Staff
    technician: Staff
    other_advisor: Staff
    operator: Staff
    owner: Owner

    def actor(self, staff: Staff) -> Actor:
        return actor_of_staff(staff)


@pytest.fixture
def net() -> Net:
    store, other_store = StoreFactory(), StoreFactory()
    participate(store, other_store)
    return Net(
        store=store,
        other_store=other_store,
        advisor=StaffFactory(store=store, junior=True),
        technician=StaffFactory(store=store, technician=True),
        other_advisor=StaffFactory(store=other_store, junior=True),
        operator=StaffFactory(operator=True),
        owner=OwnerFactory(login=True, name="王小明"),
    )
