"""Language choice and actor attachment for every request."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_supported_language_variant

from aftercare.network.selectors import actor_for_user


class LanguageMiddleware:
    """Pages are Chinese until the person switches (cookie); the API also honours Accept-Language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if request.path.startswith("/api/"):
            response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "Accept-Language"]))
        translation.deactivate()
        return response

    def _choose(self, request: HttpRequest) -> str:
        candidates = [request.GET.get("lang", ""), request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")]
        if request.path.startswith("/api/"):
            candidates.append(translation.get_language_from_request(request))
        for code in candidates:
            if not code:
                continue
            try:
                return get_supported_language_variant(code)
            except LookupError:
                continue
        return settings.LANGUAGE_CODE


class ActorMiddleware:
    """Attach request.actor, computed on first use from the session user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = SimpleLazyObject(lambda: actor_for_user(request.user))  # type: ignore[attr-defined]
        return self.get_response(request)
