"""Page guards: who may open a page, and how service refusals become the 404 and 403 pages."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from aftercare.kernel.errors import NotFound, PermissionDenied
from aftercare.kernel.http import actor_of
from aftercare.kernel.tenancy import Actor

View = Callable[..., HttpResponse]


def page_guard(*, login_url_name: str, admits: Callable[[Actor], bool]) -> Callable[[View], View]:
    """A view decorator: log in first (at `login_url_name`), only actors `admits` accepts (else 403).

    A foreign or missing object is one and the same 404, a missing permission is the 403 page, and pages are
    never cached (so a car transferred away or a revoked right disappears on the very next request).
    """

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse(login_url_name))
            if not admits(actor_of(request)):
                raise DjangoPermissionDenied
            try:
                response = view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(exc.code) from exc
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.code) from exc
            add_never_cache_headers(response)
            return response

        return wrapper

    return decorate


def require_permission(actor: Actor, permission: str) -> None:
    """Refuse with the 403 page up front, before any form is parsed; the service checks again when it writes."""
    if not actor.can(permission):
        raise DjangoPermissionDenied(permission)
