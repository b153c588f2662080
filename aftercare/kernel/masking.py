"""Display masking for personal data (GB/T 35273 §7.2 common practice; REFERENCE.md §7.3)."""

from __future__ import annotations

from . import phones


def mask_phone(e164: str) -> str:
    """Keep the first 3 and last 4 digits: 138****5678."""
    if not e164:
        return ""
    digits = phones.national(e164) if e164.startswith("+") else e164
    if len(digits) <= 7:
        return digits[:1] + "*" * (len(digits) - 1)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def mask_name(name: str) -> str:
    """Keep the first character: 段**."""
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def mask_id_number(value: str) -> str:
    """Keep the first 1 and last 2 characters of an identity document number."""
    if len(value) <= 3:
        return "*" * len(value)
    return value[0] + "*" * (len(value) - 3) + value[-2:]


def mask_email(value: str) -> str:
    """Keep the first letter of the local part: d*****@example.com."""
    local, sep, domain = value.partition("@")
    if not sep:
        return mask_name(value)
    return (local[:1] + "*****" + "@" + domain) if local else value


def mask_address(value: str) -> str:
    """Hide the last 8 characters (the street and number)."""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1) if value else ""
    return value[:-8] + "*" * 8


def mask_plate(value: str) -> str:
    """Hide characters 4–6 of a 7-character plate, 4–7 of an 8-character one: 苏D4***0."""
    if len(value) < 7:
        return value
    return value[:3] + "*" * (len(value) - 4) + value[-1]
