"""Landing page, logins, logout, lockout, language switch, error pages."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from aftercare.accounts.models import User
from aftercare.network.tests.factories import PASSWORD, StaffFactory
from aftercare.notifications.backends import MemoryBackend
from aftercare.owners.models import Owner

pytestmark = pytest.mark.django_db

LOGIN = "/login/"
OWNER_LOGIN = "/my/login/"


def _last_code() -> str:
    match = re.search(r"(?<!\d)(\d{6})(?!\d)", MemoryBackend.outbox[-1].text)
    assert match, MemoryBackend.outbox[-1].text
    return match.group(1)


@pytest.fixture
def send(client: Client, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """POST to the owner login and run the after-commit SMS sending, as a real request would."""

    def post(data: dict[str, str], url: str = OWNER_LOGIN):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def test_home_is_chinese_by_default_and_switches_to_english(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="zh-hans">' in page.text
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert switched.status_code == 302
    assert '<html lang="en">' in client.get("/").text


def test_every_page_offers_the_language_switch(client: Client) -> None:
    for url in ("/", LOGIN, OWNER_LOGIN):
        text = client.get(url).text
        assert 'action="/i18n/setlang/"' in text
        assert 'value="zh-hans"' in text and 'value="en"' in text


def test_staff_login_with_password_goes_to_the_console(client: Client) -> None:
    staff = StaffFactory()
    response = client.post(LOGIN, {"username": staff.user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("console:dashboard")
    assert client.get(reverse("console:dashboard")).status_code == 200


def test_staff_login_follows_a_safe_next_only(client: Client) -> None:
    staff = StaffFactory()
    data = {"username": staff.user.username, "password": PASSWORD, "next": "https://evil.example/"}
    assert client.post(LOGIN, data)["Location"] == reverse("console:dashboard")
    client.logout()
    data["next"] = "/console/stores/"
    assert client.post(LOGIN, data)["Location"] == "/console/stores/"


def test_wrong_password_shows_an_error_and_keeps_the_username(client: Client) -> None:
    staff = StaffFactory()
    response = client.post(LOGIN, {"username": staff.user.username, "password": "nope"})
    assert response.status_code == 400
    assert 'class="alert alert-error"' in response.text
    assert f'value="{staff.user.username}"' in response.text
    assert "_auth_user_id" not in client.session


def test_sixth_wrong_password_is_answered_with_the_lockout_page(client: Client) -> None:
    staff = StaffFactory()
    statuses = [
        client.post(LOGIN, {"username": staff.user.username, "password": f"wrong-{i}"}).status_code for i in range(6)
    ]
    # Five tries (axes locks as the fifth fails), then every further attempt gets the 429 page.
    assert statuses[:4] == [400, 400, 400, 400]
    assert statuses[4:] == [429, 429]
    locked = client.post(LOGIN, {"username": staff.user.username, "password": PASSWORD})
    assert locked.status_code == 429, "the right password does not help during the cool-off"
    assert "15" in locked.text and "_auth_user_id" not in client.session
    assert '<html lang="zh-hans">' in locked.text


def test_lockout_page_in_english(client: Client) -> None:
    staff = StaffFactory()
    client.cookies["django_language"] = "en"
    for i in range(6):
        response = client.post(LOGIN, {"username": staff.user.username, "password": f"wrong-{i}"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text
    assert "15 minutes" in response.text


def test_forms_need_the_csrf_token() -> None:
    staff = StaffFactory()
    strict = Client(enforce_csrf_checks=True)
    refused = strict.post(LOGIN, {"username": staff.user.username, "password": PASSWORD})
    assert refused.status_code == 403
    assert 'class="card error-page is-danger"' in refused.text
    assert strict.post(OWNER_LOGIN, {"action": "send", "phone": "13800138000"}).status_code == 403
    assert MemoryBackend.outbox == []
    page = strict.get(LOGIN)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    ok = strict.post(LOGIN, {"username": staff.user.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert ok.status_code == 302


def test_owner_logs_in_with_a_text_message_code(client: Client, send) -> None:
    sent = send({"action": "send", "phone": "138 0013 8000"})
    assert sent.status_code == 302
    assert MemoryBackend.outbox[-1].address == "+8613800138000"
    code_step = client.get(sent["Location"])
    assert 'name="code"' in code_step.text and "13800138000" in code_step.text
    assert 'data-countdown="' in code_step.text
    done = client.post(OWNER_LOGIN, {"action": "verify", "code": _last_code()})
    assert done.status_code == 302 and done["Location"] == reverse("portal:home")
    assert client.get(reverse("portal:home")).status_code == 200
    assert Owner.objects.get(phone="+8613800138000").user_id == int(client.session["_auth_user_id"])


def test_owner_login_keeps_next(client: Client, send) -> None:
    sent = send({"action": "send", "phone": "13800138000", "next": "/my/profile/"}, f"{OWNER_LOGIN}?next=/my/profile/")
    assert sent["Location"] == f"{OWNER_LOGIN}?next=%2Fmy%2Fprofile%2F"
    done = client.post(OWNER_LOGIN, {"action": "verify", "code": _last_code(), "next": "/my/profile/"})
    assert done["Location"] == "/my/profile/"


def test_bad_phone_shows_the_field_error(client: Client) -> None:
    response = client.post(OWNER_LOGIN, {"action": "send", "phone": "12345"})
    assert response.status_code == 400
    assert 'data-field="phone"' in response.text
    assert 'value="12345"' in response.text
    assert MemoryBackend.outbox == []


def test_wrong_code_shows_the_field_error_and_logs_nobody_in(client: Client, send) -> None:
    send({"action": "send", "phone": "13800138000"})
    wrong = "000000" if _last_code() != "000000" else "111111"
    response = client.post(OWNER_LOGIN, {"action": "verify", "code": wrong})
    assert response.status_code == 400
    assert 'data-field="code"' in response.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(phone="+8613800138000").exists()


def test_asking_again_within_a_minute_is_refused_politely(client: Client, send) -> None:
    send({"action": "send", "phone": "13800138000"})
    again = send({"action": "resend"})
    assert again.status_code == 302
    page = client.get(again["Location"])
    assert 'class="alert alert-error"' in page.text
    assert len(MemoryBackend.outbox) == 1


def test_change_number_goes_back_to_the_phone_step(client: Client) -> None:
    client.post(OWNER_LOGIN, {"action": "send", "phone": "13800138000"})
    assert 'name="phone"' in client.get(f"{OWNER_LOGIN}?change=1").text


def test_logout_needs_post(client: Client) -> None:
    client.force_login(StaffFactory().user)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_unknown_page_is_our_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'class="card error-page"' in response.text
    assert '<html lang="zh-hans">' in response.text
