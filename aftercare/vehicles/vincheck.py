"""One VIN check shared by the API, the pages and `aftercare vin check`."""

from __future__ import annotations

import csv
import functools
from typing import Any

from django.db import DatabaseError
from django.utils import timezone

from aftercare.kernel import vin as vinlib
from aftercare.vehicles.errors import vin_message
from aftercare.vehicles.importers import BUNDLED_WMI
from aftercare.vehicles.selectors import wmi_lookup


def vin_check(raw: str) -> dict[str, Any]:
    """{vin, valid, errors, warnings, wmi, manufacturer, model_year} with messages in the active language."""
    decoded = vinlib.decode(raw, current_year=timezone.localdate().year)
    manufacturer = _manufacturer(decoded.wmi) if decoded.wmi else None
    return {
        "vin": decoded.vin,
        "valid": decoded.valid,
        "errors": [{"code": i.code, "message": vin_message(i)} for i in decoded.errors],
        "warnings": [{"code": i.code, "message": vin_message(i)} for i in decoded.warnings],
        "wmi": decoded.wmi,
        "manufacturer": manufacturer,
        "model_year": decoded.model_year,
    }


def _manufacturer(wmi: str) -> str | None:
    """From the imported WMI table; before the database exists, from the bundled table."""
    try:
        row = wmi_lookup(wmi=wmi)
    except DatabaseError:
        return _bundled().get(wmi) or _bundled().get(wmi[:3])
    return row.manufacturer if row else None


@functools.cache
def _bundled() -> dict[str, str]:
    with BUNDLED_WMI.open(encoding="utf-8") as fh:
        return {row["wmi"]: row["manufacturer"] for row in csv.DictReader(fh)}
