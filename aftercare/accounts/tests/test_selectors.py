"""A user only ever lists their own working tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from aftercare.accounts.selectors import api_token_list
from aftercare.accounts.services import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_token_list_is_mine_active_and_newest_first() -> None:
    me = get_user_model().objects.create_user(username="me")
    other = get_user_model().objects.create_user(username="other")
    old, _ = api_token_create(user=me, name="old")
    new, _ = api_token_create(user=me, name="new")
    gone, _ = api_token_create(user=me, name="gone")
    api_token_create(user=other, name="theirs")
    api_token_revoke(user=me, token_id=gone.pk)
    assert list(api_token_list(user_id=me.pk)) == [new, old]
    assert api_token_list(user_id=0).count() == 0
