"""Console API-token page: my tokens only, the key shown once and never cached, revocation, CSRF."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.accounts.models import ApiToken
from aftercare.accounts.services import api_token_create, owner_user_ensure
from aftercare.console.tests.conftest import login_staff, without_tokens
from aftercare.network.models import Staff
from aftercare.network.tests.factories import StaffFactory
from aftercare.owners.models import Owner

pytestmark = pytest.mark.django_db

TOKENS = reverse("console:tokens")
SHOWN_KEY = re.compile(r'id="new-token"[^>]*>(ac_[A-Za-z0-9_-]+)<')


@pytest.fixture(autouse=True)
def english(client: Client) -> None:
    client.cookies["django_language"] = "en"  # messages are asserted in the English msgids


def revoke_url(token: ApiToken) -> str:
    return reverse("console:token-revoke", args=[token.pk])


def me_status(key: str) -> int:
    """What /api/v1/auth/me answers to the key alone, from a client with no session."""
    response = Client().get("/api/v1/auth/me", headers={"authorization": f"Bearer {key}"})
    return response.status_code


def create(client: Client, name: str) -> tuple[Any, str]:
    """Create a token through the page; returns the response and the key it shows."""
    response = client.post(TOKENS, {"name": name})
    match = SHOWN_KEY.search(response.text)
    assert match, "the new key is shown in the response"
    return response, match.group(1)


def test_list_shows_only_my_active_tokens(client: Client, advisor: Staff, django_assert_max_num_queries) -> None:
    mine, _ = api_token_create(user=advisor.user, name="DMS 同步")
    for i in range(3):
        api_token_create(user=advisor.user, name=f"脚本{i}")
    revoked, _ = api_token_create(user=advisor.user, name="旧脚本")
    revoked.revoked_at = revoked.created_at
    revoked.save()
    theirs, _ = api_token_create(user=StaffFactory(dealer_group=advisor.dealer_group).user, name="别人的令牌")
    with django_assert_max_num_queries(10):  # the console frame's 9, then one for the tokens however many
        page = client.get(TOKENS)
    assert page.status_code == 200
    assert "DMS 同步" in page.text and f"{mine.prefix}…" in page.text and "never used" in page.text
    assert f'action="{revoke_url(mine)}"' in page.text
    assert "旧脚本" not in page.text and revoked.prefix not in page.text
    assert "别人的令牌" not in page.text and theirs.prefix not in page.text


def test_the_console_links_to_the_token_page(client: Client, advisor: Staff) -> None:
    assert f'href="{TOKENS}"' in client.get(reverse("console:dashboard")).text


def test_create_shows_the_key_once_and_then_only_its_prefix(client: Client, advisor: Staff) -> None:
    response, key = create(client, "  ERP 对接  ")
    assert response.status_code == 200
    token = ApiToken.objects.get(user=advisor.user)
    assert token.name == "ERP 对接" and key.startswith(token.prefix) and len(key) > len(token.prefix) + 20
    assert "will not be shown again" in response.text
    assert f"curl -H &quot;Authorization: Bearer {key}&quot; http://testserver/api/v1/auth/me" in response.text
    assert "no-store" in response["Cache-Control"]
    later = client.get(TOKENS)
    assert key not in later.text and f"{token.prefix}…" in later.text and "ERP 对接" in later.text


def test_the_created_key_works_against_the_api(client: Client, advisor: Staff) -> None:
    _, key = create(client, "集成")
    response = Client().get("/api/v1/auth/me", headers={"authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["user_id"] == advisor.user_id and response.json()["staff_id"] == advisor.pk
    assert ApiToken.objects.get().last_used_at is not None
    assert "never used" not in client.get(TOKENS).text


@pytest.mark.parametrize("name", ["", "   "])
def test_an_empty_name_shows_the_error_and_saves_nothing(client: Client, advisor: Staff, name: str) -> None:
    response = client.post(TOKENS, {"name": name})
    assert response.status_code == 400
    assert 'data-field="name"' in response.text and "Give the token a name" in response.text
    assert not SHOWN_KEY.search(response.text)
    assert ApiToken.objects.count() == 0


def test_a_too_long_name_is_refused_and_saves_nothing(client: Client, advisor: Staff) -> None:
    response = client.post(TOKENS, {"name": "x" * 101})
    assert response.status_code == 400
    assert 'data-field="name"' in response.text
    assert ApiToken.objects.count() == 0


def test_revoke_removes_the_token_and_the_key_stops_working(client: Client, advisor: Staff) -> None:
    _, key = create(client, "临时")
    token = ApiToken.objects.get()
    assert me_status(key) == 200
    response = client.post(revoke_url(token))
    assert response.status_code == 302 and response["Location"] == TOKENS
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert me_status(key) == 401
    page = client.get(TOKENS)
    assert "Token revoked" in page.text and "临时" not in page.text


def test_revoke_is_post_only(client: Client, advisor: Staff) -> None:
    token, _ = api_token_create(user=advisor.user, name="x")
    assert client.get(revoke_url(token)).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_someone_elses_token_is_404_like_a_missing_one(client: Client, advisor: Staff) -> None:
    other = StaffFactory(dealer_group=advisor.dealer_group)
    token, key = api_token_create(user=other.user, name="别人的")
    foreign = client.post(revoke_url(token))
    missing = client.post(reverse("console:token-revoke", args=[999_999]))
    assert foreign.status_code == missing.status_code == 404
    assert without_tokens(foreign.text) == without_tokens(missing.text)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert me_status(key) == 200


def test_revoking_an_already_revoked_token_is_404(client: Client, advisor: Staff) -> None:
    token, _ = api_token_create(user=advisor.user, name="x")
    assert client.post(revoke_url(token)).status_code == 302
    assert client.post(revoke_url(token)).status_code == 404


def test_csrf_is_enforced_on_create_and_revoke() -> None:
    client = Client(enforce_csrf_checks=True)
    staff = login_staff(client)
    token, key = api_token_create(user=staff.user, name="已有")
    assert client.post(TOKENS, {"name": "无令牌"}).status_code == 403
    assert client.post(revoke_url(token)).status_code == 403
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["已有"]
    assert me_status(key) == 200

    page = client.get(TOKENS)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf
    created = client.post(TOKENS, {"name": "有令牌", "csrfmiddlewaretoken": csrf.group(1)})
    assert created.status_code == 200 and SHOWN_KEY.search(created.text)


def test_anonymous_goes_to_the_staff_login(client: Client) -> None:
    response = client.post(TOKENS, {"name": "x"})
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/console/tokens/")
    assert ApiToken.objects.count() == 0


def test_owners_are_not_let_in(client: Client) -> None:
    owner = Owner.objects.create(name="车主", phone="+8613800138000")
    owner.user = owner_user_ensure(phone=owner.phone)
    owner.save()
    client.force_login(owner.user)
    assert client.get(TOKENS).status_code == 403
    assert client.post(TOKENS, {"name": "x"}).status_code == 403
    assert ApiToken.objects.count() == 0
