"""Validation of what people type about a vehicle; every problem is collected before anything is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftercare.kernel import plates
from aftercare.kernel import vin as vinlib
from aftercare.vehicles import errors
from aftercare.vehicles.choices import VehicleFuelType, VehicleTransmission, VehicleUseType

FieldErrors = dict[str, list[str | Promise]]
EARLIEST_REGISTRATION = dt.date(1980, 1, 1)
DISPLACEMENT_MAX_L = Decimal("9.9")
DISPLACEMENT_STEP = Decimal("0.1")


@dataclass(frozen=True)
class LicenceInput:
    """The vehicle-licence (行驶证) fields as typed."""

    registered_owner_name: str
    vehicle_type: str
    use_type: str
    registration_date: dt.date | None
    issue_date: dt.date | None
    brand_model: str = ""
    engine_number: str = ""


@dataclass(frozen=True)
class SpecificationInput:
    """A car's technical specification as typed: fuel type, transmission, engine displacement (排量) in litres."""

    fuel_type: str = ""
    transmission: str = ""
    displacement_l: Decimal | None = None

    def cleaned(self) -> dict[str, str | Decimal | None]:
        """The values as the vehicle stores them (call after specification_clean found nothing)."""
        return {
            "fuel_type": self.fuel_type.strip(),
            "transmission": self.transmission.strip(),
            "displacement_l": self.displacement_l,
        }


def specification_clean(spec: SpecificationInput, problems: FieldErrors) -> None:
    """Known fuel type and transmission (or none); a displacement of 0.0-9.9 litres with one decimal at most."""
    fuel = spec.fuel_type.strip()
    if fuel and fuel not in VehicleFuelType.values:
        problems.setdefault("fuel_type", []).append(_("Choose a fuel type from the list."))
    if spec.transmission.strip() and spec.transmission.strip() not in VehicleTransmission.values:
        problems.setdefault("transmission", []).append(_("Choose a transmission from the list."))
    litres = spec.displacement_l
    if litres is None:
        return
    if not litres.is_finite() or not Decimal(0) <= litres <= DISPLACEMENT_MAX_L:
        problems.setdefault("displacement_l", []).append(
            _("The engine displacement must be between 0.0 and 9.9 litres.")
        )
    elif litres != litres.quantize(DISPLACEMENT_STEP):
        problems.setdefault("displacement_l", []).append(
            _("Give the engine displacement in litres with at most one decimal, e.g. 1.4.")
        )
    elif litres and fuel == VehicleFuelType.ELECTRIC:
        problems.setdefault("displacement_l", []).append(
            _("An electric car has no engine displacement: leave it empty.")
        )


def vin_clean(raw: str, today: dt.date, problems: FieldErrors) -> vinlib.VinDecoded | None:
    """Decode a VIN, adding one message per problem under 'vin'."""
    decoded = vinlib.decode(raw, current_year=today.year)
    if not decoded.vin:
        problems.setdefault("vin", []).append(_("Enter the 17-character VIN."))
        return None
    if decoded.errors:
        problems.setdefault("vin", []).extend(errors.vin_message(i) for i in decoded.errors)
        return None
    return decoded


def plate_clean(raw: str, problems: FieldErrors, *, required: bool) -> plates.PlateCheck | None:
    """Check a plate; an empty optional plate is fine."""
    if not (raw or "").strip() and not required:
        return None
    check = plates.check(raw)
    if check.error is not None:
        problems.setdefault("plate", []).append(errors.plate_message(check.error, check.params))
        return None
    return check


def licence_clean(lic: LicenceInput, today: dt.date, problems: FieldErrors) -> None:
    """Check the licence fields: names present, use type known, dates in order and not in the future."""
    if not lic.registered_owner_name.strip():
        problems.setdefault("registered_owner_name", []).append(_("Enter the owner's name as printed on the licence."))
    if not lic.vehicle_type.strip():
        problems.setdefault("vehicle_type", []).append(_("Enter the vehicle type, e.g. 小型轿车."))
    if lic.use_type not in VehicleUseType.values:
        problems.setdefault("use_type", []).append(_("Choose the use type printed on the licence."))
    reg, issued = lic.registration_date, lic.issue_date
    if reg is None:
        problems.setdefault("registration_date", []).append(_("Enter the registration date."))
    elif reg > today:
        problems.setdefault("registration_date", []).append(_("The registration date cannot be in the future."))
    elif reg < EARLIEST_REGISTRATION:
        problems.setdefault("registration_date", []).append(_("The registration date cannot be before 1980."))
    if issued is None:
        problems.setdefault("issue_date", []).append(_("Enter the issue date."))
    elif issued > today:
        problems.setdefault("issue_date", []).append(_("The issue date cannot be in the future."))
    elif reg is not None and issued < reg:
        problems.setdefault("issue_date", []).append(_("The issue date cannot be before the registration date."))


def km_clean(km: int | None, problems: FieldErrors, *, required: bool) -> None:
    """Odometer kilometres: a whole number from 0 to 2,000,000."""
    if km is None:
        if required:
            problems.setdefault("km", []).append(_("Enter the odometer reading in kilometres."))
        return
    if not 0 <= km <= 2_000_000:
        problems.setdefault("km", []).append(_("The odometer reading must be between 0 and 2,000,000 km."))
