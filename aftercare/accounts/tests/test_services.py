"""One-time login codes and API tokens, with a fixed clock and the in-memory SMS outbox."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from aftercare.accounts import services
from aftercare.accounts.models import ApiToken, OneTimeCode
from aftercare.kernel.clock import FixedClock
from aftercare.kernel.errors import DomainError
from aftercare.notifications.backends import MemoryBackend
from aftercare.notifications.models import Delivery

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
E164 = "+8613812345678"
START = dt.datetime(2026, 5, 1, 0, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def send(clock, django_capture_on_commit_callbacks):
    """Request a code the way a request would: SMS leaves after commit. Returns the code texted."""

    def _send(phone: str = PHONE) -> str:
        before = len(MemoryBackend.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            services.otp_request(phone=phone, clock=clock)
        assert len(MemoryBackend.outbox) == before + 1
        return last_code()

    return _send


def last_code() -> str:
    match = re.search(r"\b(\d{6})\b", MemoryBackend.outbox[-1].text)
    assert match, MemoryBackend.outbox[-1].text
    return match.group(1)


# -- sending -------------------------------------------------------------------------------------


def test_a_code_is_texted_after_commit_and_only_its_hash_is_kept(clock, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        otp = services.otp_request(phone=PHONE, clock=clock)
    assert MemoryBackend.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    [message] = MemoryBackend.outbox
    assert (message.channel, message.address, message.kind) == ("sms", E164, "login_code")
    code = last_code()
    assert code not in otp.code_hash
    assert (otp.phone, otp.created_at, otp.expires_at, otp.attempts) == (
        E164,
        START,
        START + dt.timedelta(seconds=300),
        0,
    )
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.address_masked) == ("sent", "138****5678")


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        ("", "phone_empty"),
        ("hello", "phone_unreadable"),
        ("123", "phone_invalid"),
        ("010 12345678", "phone_not_mobile"),
    ],
)
def test_a_bad_phone_is_refused_and_nothing_is_sent(clock, phone, code, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as exc:
        services.otp_request(phone=phone, clock=clock)
    assert exc.value.code == code
    assert list(exc.value.fields) == ["phone"]
    assert OneTimeCode.objects.count() == Delivery.objects.count() == 0
    assert MemoryBackend.outbox == []


def test_resend_is_throttled_then_allowed(clock, send) -> None:
    send()
    clock.advance(dt.timedelta(seconds=20))
    with pytest.raises(DomainError) as exc:
        services.otp_request(phone=PHONE, clock=clock)
    assert (exc.value.code, exc.value.status, exc.value.params) == ("otp_too_soon", 429, {"seconds": 40})
    with translation.override("en"):
        assert "40 seconds" in exc.value.render_message()
    assert OneTimeCode.objects.count() == 1
    clock.advance(dt.timedelta(seconds=40))
    send()
    assert OneTimeCode.objects.count() == 2


def test_the_throttle_applies_to_any_spelling_of_the_phone(clock, send) -> None:
    send(PHONE)
    with pytest.raises(DomainError) as exc:
        services.otp_request(phone="+86 138-1234-5678", clock=clock)
    assert exc.value.code == "otp_too_soon"


def test_hourly_cap(clock, send) -> None:
    for _ in range(5):
        send()
        clock.advance(dt.timedelta(seconds=61))
    with pytest.raises(DomainError) as exc:
        services.otp_request(phone=PHONE, clock=clock)
    assert (exc.value.code, exc.value.status) == ("otp_rate_limited", 429)
    assert OneTimeCode.objects.count() == 5
    clock.advance(dt.timedelta(minutes=56))  # the first code is now more than an hour old
    send()
    send_other = services.otp_request(phone="13900000000", clock=clock)  # other phones are not affected
    assert send_other.phone == "+8613900000000"


# -- verifying -----------------------------------------------------------------------------------


def test_a_code_works_once(clock, send) -> None:
    code = send()
    assert services.otp_verify(phone=PHONE, code=code, clock=clock) == E164
    assert OneTimeCode.objects.get().used_at == START
    with pytest.raises(DomainError) as exc:
        services.otp_verify(phone=PHONE, code=code, clock=clock)
    assert exc.value.code == "otp_invalid" and list(exc.value.fields) == ["code"]


def test_the_phone_may_be_typed_differently_when_verifying(clock, send) -> None:
    code = send()
    assert services.otp_verify(phone="+86 138 1234 5678", code=f" {code} ", clock=clock) == E164


def test_wrong_codes_count_and_the_code_dies_after_max_attempts(clock, send, settings) -> None:
    code = send()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for n in range(1, settings.AFTERCARE_OTP["max_attempts"] + 1):
        with pytest.raises(DomainError) as exc:
            services.otp_verify(phone=PHONE, code=wrong, clock=clock)
        assert exc.value.code == "otp_invalid"
        assert OneTimeCode.objects.get().attempts == n
    with pytest.raises(DomainError):
        services.otp_verify(phone=PHONE, code=code, clock=clock)  # even the right code is dead now
    otp = OneTimeCode.objects.get()
    assert otp.used_at is None and otp.attempts == settings.AFTERCARE_OTP["max_attempts"]


def test_a_right_code_after_a_few_wrong_ones_still_works(clock, send) -> None:
    code = send()
    for _ in range(4):
        with pytest.raises(DomainError):
            services.otp_verify(phone=PHONE, code="000000" if code != "000000" else "111111", clock=clock)
    assert services.otp_verify(phone=PHONE, code=code, clock=clock) == E164


def test_a_code_expires(clock, send) -> None:
    code = send()
    clock.advance(dt.timedelta(seconds=299))
    later = FixedClock(clock.now())
    clock.advance(dt.timedelta(seconds=1))
    with pytest.raises(DomainError) as exc:
        services.otp_verify(phone=PHONE, code=code, clock=clock)
    assert exc.value.code == "otp_invalid"
    assert services.otp_verify(phone=PHONE, code=code, clock=later) == E164  # one second earlier it worked


def test_a_new_code_replaces_the_old_one(clock, send) -> None:
    first = send()
    clock.advance(dt.timedelta(seconds=61))
    second = send()
    if first != second:
        with pytest.raises(DomainError):
            services.otp_verify(phone=PHONE, code=first, clock=clock)
    assert services.otp_verify(phone=PHONE, code=second, clock=clock) == E164


def test_a_code_for_another_phone_is_useless(clock, send) -> None:
    code = send(PHONE)
    with pytest.raises(DomainError) as exc:
        services.otp_verify(phone="13900000000", code=code, clock=clock)
    assert exc.value.code == "otp_invalid"


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 345"])
def test_a_malformed_code_is_refused_without_using_an_attempt(clock, send, code) -> None:
    send()
    with pytest.raises(DomainError) as exc:
        services.otp_verify(phone=PHONE, code=code, clock=clock)
    assert exc.value.code == "otp_format" and list(exc.value.fields) == ["code"]
    assert OneTimeCode.objects.get().attempts == 0


def test_verify_without_any_code_sent(clock) -> None:
    with pytest.raises(DomainError) as exc:
        services.otp_verify(phone=PHONE, code="123456", clock=clock)
    assert exc.value.code == "otp_invalid"


# -- owner logins and tokens ----------------------------------------------------------------------


def test_owner_user_ensure_is_idempotent_and_passwordless() -> None:
    user = services.owner_user_ensure(phone=E164)
    assert not user.has_usable_password()
    assert services.owner_user_ensure(phone=E164).pk == user.pk
    assert get_user_model().objects.filter(phone=E164).count() == 1


def test_api_tokens_are_shown_once_stored_hashed_and_revocable() -> None:
    user = get_user_model().objects.create_user(username="integration")
    token, key = services.api_token_create(user=user, name="  ERP  ")
    assert key.startswith("ac_") and len(key) > 40
    assert token.name == "ERP" and token.prefix == key[:10]
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()  # the key itself is not stored
    assert services.api_token_authenticate(key=key) == user
    assert ApiToken.objects.get().last_used_at is not None
    other = get_user_model().objects.create_user(username="someone-else")
    assert services.api_token_revoke(user=other, token_id=token.pk) == 0  # not theirs
    assert services.api_token_authenticate(key=key) == user
    assert services.api_token_revoke(user=user, token_id=token.pk) == 1
    assert services.api_token_authenticate(key=key) is None
    assert services.api_token_revoke(user=user, token_id=token.pk) == 0  # already revoked


@pytest.mark.parametrize("key", ["", "ac_", "ac_not-a-real-token", "Bearer ac_x", "sk_live_whatever"])
def test_unknown_tokens_authenticate_nobody(key: str) -> None:
    assert services.api_token_authenticate(key=key) is None


def test_a_token_of_an_inactive_user_authenticates_nobody() -> None:
    user = get_user_model().objects.create_user(username="gone")
    _, key = services.api_token_create(user=user, name="x")
    user.is_active = False
    user.save()
    assert services.api_token_authenticate(key=key) is None


def test_a_token_needs_a_name() -> None:
    user = get_user_model().objects.create_user(username="nameless")
    with pytest.raises(DomainError) as exc:
        services.api_token_create(user=user, name="   ")
    assert exc.value.code == "token_name_required" and list(exc.value.fields) == ["name"]
    assert ApiToken.objects.count() == 0
