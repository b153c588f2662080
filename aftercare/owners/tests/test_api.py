"""Owner-facing API: code login, own profile and consents, API tokens, and the inbox."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from aftercare.accounts.models import ApiToken
from aftercare.accounts.services import api_token_create
from aftercare.notifications.backends import MemoryBackend
from aftercare.notifications.models import InboxMessage
from aftercare.notifications.services import inbox_post
from aftercare.owners.models import Consent, Owner
from aftercare.owners.tests.factories import OwnerFactory

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
E164 = "+8613812345678"


def post(client: Client, url: str, body: Any, **headers: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en", **headers)


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='test')[1]}"}


@pytest.fixture
def owner():
    return OwnerFactory(login=True, phone=E164, name="段小明")


# -- code login ------------------------------------------------------------------------------------


def test_code_login_end_to_end(client: Client, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, "/api/v1/auth/otp/request", {"phone": PHONE})
    assert response.status_code == 202
    assert response.json() == {"sent": True, "expires_in": 300, "resend_after": 60}
    [sms] = MemoryBackend.outbox
    assert sms.address == E164
    code = re.search(r"\b(\d{6})\b", sms.text).group(1)  # type: ignore[union-attr]

    response = post(
        client, "/api/v1/auth/otp/verify", {"phone": "+86 138 1234 5678", "code": code, "token_name": "iPhone"}
    )
    assert response.status_code == 201, response.content
    token = response.json()
    assert token["name"] == "iPhone" and token["token"].startswith("ac_")
    owner = Owner.objects.get(phone=E164)
    assert owner.user_id is not None

    me = client.get("/api/v1/owners/me", HTTP_AUTHORIZATION=f"Bearer {token['token']}").json()
    assert me == {"id": owner.pk, "name": "", "phone": E164, "email": ""}
    whoami = client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {token['token']}").json()
    assert (whoami["kind"], whoami["owner_id"], whoami["permissions"]) == ("owner", owner.pk, [])

    again = post(client, "/api/v1/auth/otp/verify", {"phone": PHONE, "code": code})
    assert (again.status_code, again.json()["code"]) == (400, "otp_invalid")
    assert ApiToken.objects.count() == 1


def test_resend_too_soon_is_a_429_json(client: Client) -> None:
    assert post(client, "/api/v1/auth/otp/request", {"phone": PHONE}).status_code == 202
    response = post(client, "/api/v1/auth/otp/request", {"phone": PHONE})
    assert response.status_code == 429
    assert response.json()["code"] == "otp_too_soon"
    assert re.fullmatch(r"A code was just sent\. You can ask for another in \d+ seconds\.", response.json()["message"])


def test_code_login_links_an_owner_staff_registered(client: Client, django_capture_on_commit_callbacks) -> None:
    existing = OwnerFactory(phone=E164, name="段小明")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, "/api/v1/auth/otp/request", {"phone": PHONE})
    code = re.search(r"\b(\d{6})\b", MemoryBackend.outbox[-1].text).group(1)  # type: ignore[union-attr]
    token = post(client, "/api/v1/auth/otp/verify", {"phone": PHONE, "code": code}).json()["token"]
    me = client.get("/api/v1/owners/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert (me["id"], me["name"]) == (existing.pk, "段小明")


# -- profile and consents ------------------------------------------------------------------------------


def test_owner_sees_and_updates_their_own_unmasked_profile(client: Client, owner) -> None:
    headers = bearer(owner.user)
    assert client.get("/api/v1/owners/me", **headers).json()["phone"] == E164
    response = client.put(
        "/api/v1/owners/me",
        json.dumps({"name": "段大明", "email": "duan@example.com"}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    owner.refresh_from_db()
    assert (owner.name, owner.email, owner.phone) == ("段大明", "duan@example.com", E164)


def test_logins_without_an_owner_record_have_no_profile(client: Client) -> None:
    plain = get_user_model().objects.create_user(username="plain")
    response = client.get("/api/v1/owners/me", HTTP_ACCEPT_LANGUAGE="en", **bearer(plain))
    assert (response.status_code, response.json()["code"]) == (403, "owners_only")


def test_owner_gives_and_withdraws_consent(client: Client, owner) -> None:
    headers = bearer(owner.user)
    assert (
        post(client, "/api/v1/owners/me/consents", {"purpose": "marketing", "granted": True}, **headers).status_code
        == 201
    )
    response = post(client, "/api/v1/owners/me/consents", {"purpose": "marketing", "granted": False}, **headers)
    assert response.status_code == 201
    assert response.json()["channel"] == "portal"
    listed = client.get("/api/v1/owners/me/consents", **headers).json()
    assert [c["granted"] for c in listed] == [False, True]
    assert Consent.objects.filter(owner=owner, recorded_by=owner.user).count() == 2


# -- tokens --------------------------------------------------------------------------------------------


def test_tokens_list_create_revoke_only_my_own(client: Client, owner) -> None:
    headers = bearer(owner.user)
    created = post(client, "/api/v1/auth/tokens", {"name": "car app"}, **headers)
    assert created.status_code == 201
    new = created.json()
    assert new["token"].startswith("ac_") and new["prefix"] == new["token"][:10]
    listed = client.get("/api/v1/auth/tokens", **headers).json()
    assert [t["name"] for t in listed] == ["car app", "test"]
    assert all("token" not in t for t in listed)  # the secret is shown only once

    stranger = OwnerFactory(login=True)
    foreign = api_token_create(user=stranger.user, name="theirs")[0]
    response = client.delete(f"/api/v1/auth/tokens/{foreign.pk}", HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert (response.status_code, response.json()["code"]) == (404, "token_not_found")
    foreign.refresh_from_db()
    assert foreign.revoked_at is None

    assert client.delete(f"/api/v1/auth/tokens/{new['id']}", **headers).status_code == 204
    assert [t["name"] for t in client.get("/api/v1/auth/tokens", **headers).json()] == ["test"]
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {new['token']}").status_code == 401


# -- inbox ---------------------------------------------------------------------------------------------


def test_inbox_lists_and_marks_only_my_messages(client: Client, owner) -> None:
    headers = bearer(owner.user)
    first = inbox_post(recipient_id=owner.user_id, kind="k", title="one")
    second = inbox_post(recipient_id=owner.user_id, kind="k", title="two")
    stranger = OwnerFactory(login=True)
    theirs = inbox_post(recipient_id=stranger.user_id, kind="k", title="not yours")

    body = client.get("/api/v1/inbox", **headers).json()
    assert [m["id"] for m in body["items"]] == [second.pk, first.pk]

    assert post(client, f"/api/v1/inbox/{first.pk}/read", None, **headers).json() == {"marked": 1}
    assert post(client, f"/api/v1/inbox/{first.pk}/read", None, **headers).json() == {"marked": 0}
    unread = client.get("/api/v1/inbox", {"unread": "true"}, **headers).json()
    assert [m["id"] for m in unread["items"]] == [second.pk]

    response = post(client, f"/api/v1/inbox/{theirs.pk}/read", None, **headers)
    assert (response.status_code, response.json()["code"]) == (404, "message_not_found")
    assert post(client, "/api/v1/inbox/read-all", None, **headers).json() == {"marked": 1}
    assert InboxMessage.objects.get(pk=theirs.pk).read_at is None
