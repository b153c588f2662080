"""The Ninja API under /api/v1: authentication, error format, and the routers of every app."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer

from aftercare.accounts.services import api_token_authenticate
from aftercare.kernel.errors import DomainError
from aftercare.network.selectors import actor_for_user


class TokenAuth(HttpBearer):
    """Integrations: `Authorization: Bearer ac_…`."""

    openapi_description = "API token issued from the staff console (Authorization: Bearer ac_…)."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(key=token)
        if user is not None:
            request.actor = actor_for_user(user)  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """Pages: the Django session cookie, with CSRF enforced on unsafe methods."""

    param_name = "sessionid"
    openapi_description = "Browser session; unsafe methods need the X-CSRFToken header."

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.actor = actor_for_user(user)  # type: ignore[attr-defined]
            return user
        return None


api = NinjaAPI(
    title="Aftercare API",
    version="1.0.0",
    description="After-sales service platform for used cars. Errors are JSON {code, message, fields}; "
    "send Accept-Language: zh-Hans or en for the message language.",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error(
    request: HttpRequest, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, exc.render_message(), exc.render_fields())


@api.exception_handler(NinjaValidationError)
def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "data")]
        fields.setdefault(".".join(loc) or "__all__", []).append(_field_message(err))
    return _error(request, 422, "invalid_input", _("Please correct the highlighted fields."), fields)


def _field_message(err: dict[str, Any]) -> str:
    kind = str(err.get("type", ""))
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith(("int", "float", "decimal")):
        return _("Enter a number.")
    if kind.startswith(("date", "datetime")):
        return _("Enter a valid date (YYYY-MM-DD).")
    if kind.startswith("string_too_long"):
        return _("This text is too long.")
    if kind.startswith("bool"):
        return _("Enter true or false.")
    return _("This value is not valid.")


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "not_authenticated", _("Log in or send a valid API token."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        # Ninja's only 400 is a body it cannot parse.
        return _error(request, 400, "invalid_input", _("The request body is not valid JSON."))
    code = {403: "forbidden", 405: "method_not_allowed", 429: "rate_limited"}.get(exc.status_code, "error")
    return _error(request, exc.status_code, code, str(exc))


def _register() -> None:
    from aftercare.accounts.api import router as accounts_router
    from aftercare.appointments.api import router as appointments_router
    from aftercare.history.api import router as log_router
    from aftercare.homecoming.api import router as homecoming_router
    from aftercare.inspections.api import router as inspections_router
    from aftercare.network.api import router as network_router
    from aftercare.notifications.api import router as inbox_router
    from aftercare.owners.api import router as owners_router
    from aftercare.payments.api import router as payments_router
    from aftercare.public.api import router as public_router
    from aftercare.recalls.api import router as recalls_router
    from aftercare.valuation.api import router as valuation_router
    from aftercare.vehicles.api import router as vehicles_router
    from aftercare.workorders.api import router as workorders_router

    api.add_router("/v1/auth", accounts_router, tags=["auth"])
    api.add_router("/v1", owners_router, tags=["owners"])
    api.add_router("/v1", network_router, tags=["network"])
    api.add_router("/v1", vehicles_router, tags=["vehicles"])
    api.add_router("/v1", recalls_router, tags=["recalls"])
    api.add_router("/v1", valuation_router, tags=["valuation"])
    api.add_router("/v1", homecoming_router, tags=["homecoming"])
    api.add_router("/v1", inspections_router, tags=["inspections"])
    api.add_router("/v1", appointments_router, tags=["appointments"])
    api.add_router("/v1", workorders_router, tags=["work orders"])
    api.add_router("/v1", payments_router, tags=["payments"])
    api.add_router("/v1/inbox", inbox_router, tags=["inbox"])
    api.add_router("/v1/log", log_router, tags=["transparency log"])
    api.add_router("/v1", public_router, tags=["transparency log"])


_register()
