"""Who may open owner-portal pages: car owners (the guard itself is shared with the staff console)."""

from __future__ import annotations

from aftercare.kernel.tenancy import ActorKind
from aftercare.pages.access import page_guard

# Car owners only. Nothing is cached, so a car transferred away disappears on the very next request.
owner_page = page_guard(login_url_name="web:owner-login", admits=lambda actor: actor.kind == ActorKind.OWNER)
