"""Writes for logging in: one-time codes for owners and API tokens for integrations."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.accounts import errors
from aftercare.accounts.models import ApiToken, OneTimeCode, User
from aftercare.kernel import phones
from aftercare.kernel.clock import Clock, system_clock
from aftercare.notifications.services import message_send

TOKEN_PREFIX = "ac_"  # noqa: S105 - a public marker, not a secret


def _otp_settings() -> dict[str, int]:
    conf: dict[str, int] = settings.AFTERCARE_OTP
    return conf


def phone_normalize(raw: str) -> str:
    """E.164 form of a mobile number, or a DomainError naming what is wrong."""
    check = phones.check_mobile(raw)
    if check.e164 is None:
        raise errors.phone_invalid(check.error or "phone_invalid")
    return check.e164


@transaction.atomic
def otp_request(*, phone: str, clock: Clock = system_clock) -> OneTimeCode:
    """Send a login code by SMS, limited per phone: one per minute and a few per hour."""
    e164 = phone_normalize(phone)
    conf = _otp_settings()
    now = clock.now()
    recent = OneTimeCode.objects.select_for_update().filter(phone=e164, created_at__gte=now - dt.timedelta(hours=1))
    last = recent.order_by("-created_at").first()
    if last is not None:
        wait = conf["resend_after_seconds"] - int((now - last.created_at).total_seconds())
        if wait > 0:
            raise errors.otp_too_soon(wait)
    if recent.count() >= conf["max_sends_per_hour"]:
        raise errors.otp_too_many()
    code = "".join(secrets.choice("0123456789") for _ in range(conf["length"]))
    otp = OneTimeCode.objects.create(
        phone=e164,
        code_hash=make_password(code),
        created_at=now,
        expires_at=now + dt.timedelta(seconds=conf["ttl_seconds"]),
    )
    text = _("Your Aftercare login code is %(code)s. It expires in %(minutes)s minutes. Never share it.") % {
        "code": code,
        "minutes": conf["ttl_seconds"] // 60,
    }
    message_send(channel="sms", address=e164, kind="login_code", subject=_("Login code"), text=text)
    return otp


def otp_verify(*, phone: str, code: str, clock: Clock = system_clock) -> str:
    """Check a login code; returns the E.164 phone. Each code works once and dies after too many tries."""
    e164 = phone_normalize(phone)
    code = (code or "").strip()
    if not (code.isdigit() and len(code) == _otp_settings()["length"]):
        raise errors.otp_format()
    now = clock.now()
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(phone=e164, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at")
            .first()
        )
        if otp is None or otp.attempts >= _otp_settings()["max_attempts"]:
            ok = False
        else:
            ok = check_password(code, otp.code_hash)
            if ok:
                otp.used_at = now
            else:
                otp.attempts += 1
            otp.save(update_fields=["used_at", "attempts"])
    if not ok:
        raise errors.otp_invalid()
    return e164


def owner_user_ensure(*, phone: str) -> User:
    """The login for an owner's phone, created on first login with no usable password."""
    user, created = User.objects.get_or_create(phone=phone, defaults={"username": f"owner{phone}"})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Issue a token; the plaintext is returned once and never stored."""
    name = (name or "").strip()
    if not name:
        raise errors.token_name_required()
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], prefix=key[:10], key_hash=_digest(key))
    return token, key


def api_token_authenticate(*, key: str) -> User | None:
    """The active user behind a bearer token, or None."""
    if not key or not key.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=_digest(key), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, user: Any, token_id: int) -> int:
    """Revoke one of the user's own tokens."""
    return ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
