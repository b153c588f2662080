"""Who may open console pages: staff and operators (the guard itself is shared with the owner portal)."""

from __future__ import annotations

from aftercare.pages.access import page_guard

# Staff and operators only; a foreign or missing object is one and the same 404; pages are never cached.
staff_page = page_guard(login_url_name="web:staff-login", admits=lambda actor: actor.is_staff_side)
