"""Small request helpers shared by API routers and page views."""

from __future__ import annotations

from typing import Any

from aftercare.kernel.tenancy import ANONYMOUS, Actor


def actor_of(request: Any) -> Actor:
    """The Actor the middleware or API auth attached to this request."""
    actor: Actor = getattr(request, "actor", ANONYMOUS)
    return actor


def client_ip(request: Any) -> str | None:
    """The caller's address as Django sees it (behind a proxy, the proxy must set REMOTE_ADDR)."""
    ip: str | None = request.META.get("REMOTE_ADDR")
    return ip
