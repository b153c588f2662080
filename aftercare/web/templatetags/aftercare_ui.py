"""Presentation helpers shared by the staff console and the owner portal: icons, masking, plates, VINs."""

from __future__ import annotations

from typing import Any

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from aftercare.kernel import masking, phones
from aftercare.kernel.http import actor_of
from aftercare.network.selectors import staff_get

register = template.Library()

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@register.simple_tag
def icon(name: str, css: str = "") -> SafeString:
    """An icon from the SVG sprite; decorative, so hidden from screen readers."""
    href = f"{static('aftercare/icons.svg')}#i-{name}"
    return format_html(
        '<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', css, href
    )


@register.filter
def localized(obj: Any, field: str = "name") -> str:
    """`name_en` when the page is in English and it is filled in, else the Chinese `name`."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, field, "") or "")


_MASKERS = {
    "phone": masking.mask_phone,
    "name": masking.mask_name,
    "email": masking.mask_email,
    "id": masking.mask_id_number,
    "address": masking.mask_address,
    "plate": masking.mask_plate,
}


@register.filter
def mask(value: Any, kind: str) -> str:
    """Mask personal data for display: `phone|mask:"phone"` → 138****5678."""
    text = str(value or "")
    return _MASKERS[kind](text) if text else ""


@register.filter
def national_phone(value: str) -> str:
    """A person's own number as they dial it at home: 13812345678 for +8613812345678."""
    return phones.national(value) if value and value.startswith("+") else (value or "")


@register.inclusion_tag("web/partials/masked.html")
def masked(value: Any, kind: str, revealable: bool = False) -> dict[str, Any]:
    """A masked value shown deliberately: monospace digits, a lock when the full value can be revealed."""
    return {"text": mask(value, kind), "revealable": revealable, "kind": kind}


@register.inclusion_tag("web/partials/plate.html")
def plate(text: str, kind: str = "", size: str = "") -> dict[str, Any]:
    """A licence plate drawn like the real thing: blue, green for new energy, yellow for special plates."""
    text = text or ""
    return {"head": text[:2], "tail": text[2:], "kind": kind or "ordinary", "size": size, "text": text}


@register.filter
def vin(value: str) -> SafeString:
    """A VIN in monospace with the last 6 characters (what people read out) emphasised."""
    value = value or ""
    return format_html('<span class="vin">{}<strong>{}</strong></span>', value[:-6], value[-6:])


@register.filter
def vehicle_title(vehicle: Any) -> str:
    """What people call the car: brand and model ("大众 SVW71811BU"), without saying the brand twice."""
    brand, model = (vehicle.brand or "").strip(), (vehicle.model or "").strip()
    if brand and not model.startswith(brand):
        return f"{brand} {model}".strip()
    return model or brand or vehicle.manufacturer or ""


@register.filter
def vehicle_spec(vehicle: Any) -> str:
    """Fuel type, transmission and displacement in one line ("汽油 · 自动 · 1.4 L"); '' when none is known."""
    parts = [str(vehicle.get_fuel_type_display()) if vehicle.fuel_type else ""]
    parts.append(str(vehicle.get_transmission_display()) if vehicle.transmission else "")
    parts.append(f"{vehicle.displacement_l:.1f} L" if vehicle.displacement_l else "")
    return " · ".join(part for part in parts if part)


@register.filter
def km(value: Any) -> str:
    """Kilometres with thousands separators."""
    if value is None or value == "":
        return ""
    return f"{int(value):,} km"


@register.filter
def opening_rows(hours: dict[str, list[list[str]]] | None) -> list[dict[str, Any]]:
    """Opening hours in weekday order: [{day, intervals, closed}]."""
    names = {
        "mon": _("Monday"),
        "tue": _("Tuesday"),
        "wed": _("Wednesday"),
        "thu": _("Thursday"),
        "fri": _("Friday"),
        "sat": _("Saturday"),
        "sun": _("Sunday"),
    }
    hours = hours or {}
    rows = []
    for day in WEEKDAYS:
        intervals = [f"{start}–{end}" for start, end in hours.get(day, [])]
        rows.append({"day": names[day], "intervals": intervals, "closed": not intervals})
    return rows


@register.filter
def can(actor: Any, permission: str) -> bool:
    """`actor|can:"vehicles.transfer_ownership"`: whether to show a form or link at all."""
    return bool(actor is not None and hasattr(actor, "can") and actor.can(permission))


@register.filter
def startswith(value: Any, prefix: str) -> bool:
    """For marking the current navigation entry from the URL name."""
    return str(value or "").startswith(prefix)


@register.filter
def safe_link(value: str) -> str:
    """A link only when it stays on this site (a path); anything else is dropped."""
    value = (value or "").strip()
    return value if value.startswith("/") and not value.startswith("//") else ""


@register.simple_tag
def event_summary(event: Any) -> str:
    """One line describing a history event from its payload (ids and facts only)."""
    data = event.payload or {}
    kind = event.event_type
    if kind == "ODOMETER_RECORDED":
        text = km(data.get("km"))
        if data.get("flag"):
            text += " · " + _("flagged")
        return text
    if kind == "OWNERSHIP_TRANSFERRED":
        return _("Transferred on %(date)s") % {"date": data.get("transferred_on", "")}
    if kind == "VEHICLE_REGISTERED":
        year = data.get("model_year")
        return pgettext("vehicle", "Model year %(year)s") % {"year": year} if year else ""
    if kind == "LICENCE_RECORDED":
        return _("Registered %(date)s · %(type)s") % {
            "date": data.get("registration_date", ""),
            "type": data.get("vehicle_type", ""),
        }
    return ""


@register.simple_tag(takes_context=True)
def current_staff(context: template.Context) -> Any:
    """The staff record of whoever is looking at a console page (None for others)."""
    request = context.get("request")
    actor = actor_of(request)
    if actor.staff_id is None:
        return None
    return staff_get(actor=actor, staff_id=actor.staff_id)
