"""Public pages: the landing page, staff and owner login, logout, and the too-many-attempts page."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from aftercare.accounts import services as account_services
from aftercare.kernel import phones
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of
from aftercare.kernel.tenancy import ActorKind
from aftercare.owners import services as owner_services
from aftercare.pages.forms import place_domain_errors
from aftercare.web.forms import CodeForm, PhoneForm, StaffLoginForm

OTP_PHONE = "owner_login_phone"
OTP_RESEND_AT = "owner_login_resend_at"
OWNER_BACKEND = "django.contrib.auth.backends.ModelBackend"


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: one door for car owners, one for dealer staff."""
    return render(request, "web/home.html")


def _next_url(request: HttpRequest, default: str) -> str:
    """Where to go after logging in: a `next` on this site, else the default."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return candidate if candidate and safe else default


@sensitive_post_parameters("password")
@never_cache
def staff_login(request: HttpRequest) -> HttpResponse:
    """Username and password; django-axes answers repeated failures with the lockout page."""
    next_url = _next_url(request, reverse("console:dashboard"))
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            return redirect(next_url)
        form.add_error(None, _("The username or password is wrong."))
    status = 400 if form.errors else 200
    return render(request, "web/staff_login.html", {"form": form, "next": next_url}, status=status)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the session; owners land on their login page, staff on theirs."""
    was_owner = actor_of(request).kind == ActorKind.OWNER
    auth_logout(request)
    messages.success(request, _("You have logged out."))
    return redirect("web:owner-login" if was_owner else "web:staff-login")


@sensitive_post_parameters("code")
@never_cache
def owner_login(request: HttpRequest) -> HttpResponse:
    """Two steps: a phone number gets a text-message code, then the code logs the owner in."""
    if actor_of(request).kind == ActorKind.OWNER:
        return redirect(_next_url(request, reverse("portal:home")))
    phone = request.session.get(OTP_PHONE)
    if request.method == "POST":
        action = request.POST.get("action", "send")
        if action == "verify" and phone:
            return _owner_verify(request, phone)
        if action == "resend" and phone:
            return _owner_resend(request, phone)
        return _owner_send(request)
    if request.GET.get("change"):
        request.session.pop(OTP_PHONE, None)
        phone = None
    if phone:
        return _code_step(request, phone, CodeForm())
    return _phone_step(request, PhoneForm())


def _owner_login_url(request: HttpRequest) -> str:
    """The login page again (after a POST), keeping where the owner wanted to go."""
    url = reverse("web:owner-login")
    next_url = _next_url(request, "")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _remember(request: HttpRequest, e164: str, wait_seconds: int) -> None:
    request.session[OTP_PHONE] = e164
    request.session[OTP_RESEND_AT] = time.time() + wait_seconds


def _owner_send(request: HttpRequest) -> HttpResponse:
    form = PhoneForm(request.POST)
    form.is_valid()
    raw = form.cleaned_data.get("phone", "")
    try:
        otp = account_services.otp_request(phone=raw)
    except DomainError as exc:
        if exc.code != "otp_too_soon":
            place_domain_errors(form, exc)
            return _phone_step(request, form, status=exc.status)
        # A code went to this phone moments ago (the person came back a step): let them type it.
        messages.info(request, exc.render_message())
        _remember(request, account_services.phone_normalize(raw), int(exc.params.get("seconds", 0)))
        return redirect(_owner_login_url(request))
    _remember(request, otp.phone, settings.AFTERCARE_OTP["resend_after_seconds"])
    return redirect(_owner_login_url(request))


def _owner_resend(request: HttpRequest, phone: str) -> HttpResponse:
    try:
        account_services.otp_request(phone=phone)
    except DomainError as exc:
        if exc.code == "otp_too_soon":
            _remember(request, phone, int(exc.params.get("seconds", 0)))
        messages.error(request, exc.render_message())
        return redirect(_owner_login_url(request))
    _remember(request, phone, settings.AFTERCARE_OTP["resend_after_seconds"])
    messages.success(request, _("A new code is on its way."))
    return redirect(_owner_login_url(request))


def _owner_verify(request: HttpRequest, phone: str) -> HttpResponse:
    form = CodeForm(request.POST)
    form.is_valid()
    try:
        e164 = account_services.otp_verify(phone=phone, code=form.cleaned_data.get("code", ""))
        user = owner_services.owner_login(phone=e164)
    except DomainError as exc:
        place_domain_errors(form, exc)
        return _code_step(request, phone, form, status=exc.status)
    login(request, user, backend=OWNER_BACKEND)
    request.session.pop(OTP_PHONE, None)
    request.session.pop(OTP_RESEND_AT, None)
    return redirect(_next_url(request, reverse("portal:home")))


def _phone_step(request: HttpRequest, form: PhoneForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "step": "phone", "next": _next_url(request, "")}
    return render(request, "web/owner_login.html", context, status=status)


def _code_step(request: HttpRequest, phone: str, form: CodeForm, status: int = 200) -> HttpResponse:
    wait = max(0, int(request.session.get(OTP_RESEND_AT, 0) - time.time()))
    context = {
        "form": form,
        "step": "code",
        "phone_display": phones.national(phone),
        "resend_wait": wait,
        "code_minutes": settings.AFTERCARE_OTP["ttl_seconds"] // 60,
        "next": _next_url(request, ""),
    }
    return render(request, "web/owner_login.html", context, status=status)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes calls this once a username and address have failed too often."""
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return render(request, "429.html", {"minutes": minutes}, status=429)
