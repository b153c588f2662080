"""Routing errors under /api/ answer in the API's JSON error format, not Django's HTML pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _


class ApiErrorFormatMiddleware:
    """Turn HTML 404/405 answers for /api/ paths (unknown route, wrong method) into {code, message, fields}."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code not in (404, 405):
            return response
        if response.headers.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 404:
            body = {"code": "not_found", "message": _("Not found."), "fields": {}}
        else:
            body = {"code": "method_not_allowed", "message": _("This method is not allowed here."), "fields": {}}
        converted = JsonResponse(body, status=response.status_code, json_dumps_params={"ensure_ascii": False})
        if "Allow" in response.headers:
            converted.headers["Allow"] = response.headers["Allow"]
        return converted
