"""Who may open owner-portal pages, and how service refusals become 404 and 403 pages."""

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
from aftercare.kernel.tenancy import ActorKind

View = Callable[..., HttpResponse]


def owner_page(view: View) -> View:
    """Car owners only. Nothing is cached, so a car transferred away disappears on the very next request."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("web:owner-login"))
        if actor_of(request).kind != ActorKind.OWNER:
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
