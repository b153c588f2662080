"""One VIN check shared by the API, the pages and `aftercare vin check`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from aftercare.kernel import vin as vinlib
from aftercare.vehicles.errors import vin_message
from aftercare.vehicles.selectors import wmi_lookup


def vin_check(raw: str) -> dict[str, Any]:
    """{vin, valid, errors, warnings, wmi, manufacturer, model_year} with messages in the active language."""
    decoded = vinlib.decode(raw, current_year=timezone.localdate().year)
    wmi = wmi_lookup(wmi=decoded.wmi) if decoded.wmi else None
    return {
        "vin": decoded.vin,
        "valid": decoded.valid,
        "errors": [{"code": i.code, "message": vin_message(i)} for i in decoded.errors],
        "warnings": [{"code": i.code, "message": vin_message(i)} for i in decoded.warnings],
        "wmi": decoded.wmi,
        "manufacturer": wmi.manufacturer if wmi else None,
        "model_year": decoded.model_year,
    }
