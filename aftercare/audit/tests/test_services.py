"""The audit trail is append-only data: who did what sensitive thing, to what, and why."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from aftercare.audit.selectors import audit_entry_list
from aftercare.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_audit_record_and_list() -> None:
    user = get_user_model().objects.create_user(username="advisor")
    first = audit_record(
        actor_user_id=user.pk,
        action="owner.reveal_personal_data",
        object_type="owner",
        object_id=42,
        fields=("phone",),
        reason="r" * 250,
        dealer_group_id=3,
        ip_address="2001:db8::1",
    )
    second = audit_record(
        actor_user_id=user.pk, action="owner.reveal_personal_data", object_type="owner", object_id="42"
    )
    audit_record(actor_user_id=user.pk, action="x", object_type="owner", object_id=43)
    assert (first.object_id, first.fields, len(first.reason), first.ip_address) == ("42", ["phone"], 200, "2001:db8::1")
    entries = list(audit_entry_list(object_type="owner", object_id=42))
    assert set(entries) == {first, second}
    assert audit_entry_list(object_type="vehicle", object_id=42).count() == 0
