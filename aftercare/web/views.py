from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Aftercare")


def staff_login(request: HttpRequest) -> HttpResponse:
    return HttpResponse("login")


def lockout_response(request: HttpRequest, credentials: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    return HttpResponse("locked", status=429)
