"""Template tags that put a car's Homecoming state on pages owned by other apps (car pages, check-in)."""

from __future__ import annotations

from typing import Any

from django import template

from aftercare.homecoming import selectors

register = template.Library()


@register.simple_tag
def homecoming_state(vehicle: Any) -> dict[str, Any]:
    """{'wallet': WalletView | None, 'eligibility': Eligibility} for a car the page already loaded in scope."""
    wallet = selectors.vehicle_wallet(vehicle_id=vehicle.pk)
    eligibility = None if wallet else selectors.vehicle_eligibility(vehicle_id=vehicle.pk)
    available = sum(1 for b in wallet.benefits if b.available) if wallet else 0
    return {"wallet": wallet, "eligibility": eligibility, "available": available}


@register.filter
def percent(value: Any) -> str:
    """20.00 → "20", 25.50 → "25.5"."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def days_from(day: Any, today: Any) -> int:
    """Whole days from today until `day` (0 when it has come)."""
    if day is None or today is None:
        return 0
    days: int = (day - today).days
    return max(days, 0)
