"""Token endpoints for any login, and the 401 answer for everything that is not a working login."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from aftercare.accounts.models import ApiToken
from aftercare.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user(username="integration")


def test_a_login_lists_the_tokens_it_created(client: Client, user) -> None:
    _, key = api_token_create(user=user, name="first")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    created = client.post(
        "/api/v1/auth/tokens", json.dumps({"name": "second"}), content_type="application/json", **auth
    )
    assert created.status_code == 201
    listed = client.get("/api/v1/auth/tokens", **auth).json()
    assert [t["name"] for t in listed] == ["second", "first"]


def test_revoking_a_token_of_another_login_is_a_404_and_changes_nothing(client: Client, user) -> None:
    _, key = api_token_create(user=user, name="mine")
    other = get_user_model().objects.create_user(username="other")
    theirs, _ = api_token_create(user=other, name="theirs")
    response = client.delete(
        f"/api/v1/auth/tokens/{theirs.pk}", HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 404
    assert response.json() == {"code": "token_not_found", "message": "Token not found.", "fields": {}}
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_an_inactive_login_gets_a_401(client: Client, user) -> None:
    _, key = api_token_create(user=user, name="mine")
    user.is_active = False
    user.save()
    response = client.get("/api/v1/auth/tokens", HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_otp_request_needs_no_login(client: Client) -> None:
    response = client.post(
        "/api/v1/auth/otp/request", json.dumps({"phone": "13812345678"}), content_type="application/json"
    )
    assert response.status_code == 202
