"""Form pieces the console and the portal share. They parse types only; the services judge the values."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from django import forms
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.vehicles.choices import VehicleFuelType, VehicleTransmission, VehicleUseType
from aftercare.vehicles.inputs import LicenceInput, SpecificationInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPPER = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
LICENCE_FIELDS = (
    "registered_owner_name",
    "vehicle_type",
    "use_type",
    "brand_model",
    "engine_number",
    "registration_date",
    "issue_date",
)


def place_domain_errors(form: forms.Form, exc: DomainError) -> None:
    """Put a service's refusal next to the fields it names; anything else goes above the form."""
    placed = False
    for name, messages in exc.render_fields().items():
        if name in form.fields:
            placed = True
            for message in messages:
                form.add_error(name, message)
    if not placed:
        form.add_error(None, exc.render_message())


def add_domain_errors(form: forms.Form, exc: DomainError) -> int:
    """Show a service's refusal on the form; returns the HTTP status to answer with.

    Missing or foreign objects and missing permissions are not form mistakes: they propagate (404 / 403).
    """
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    place_domain_errors(form, exc)
    return exc.status


def km_field() -> forms.IntegerField:
    """An odometer reading in whole kilometres."""
    return forms.IntegerField(
        label=_("Odometer (km)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1", "placeholder": "52000"}),
    )


def phone_field(label: StrOrPromise) -> forms.CharField:
    """Someone else's mobile number, typed at the counter (no autofill from the staff member's own)."""
    return forms.CharField(
        label=label,
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )


def vin_field(help_text: StrOrPromise = "") -> forms.CharField:
    return forms.CharField(
        label=_("VIN"),
        max_length=40,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper", "placeholder": "LSVAB2C10K1000123"}),
    )


class VehicleInput(TypedDict):
    """The keyword arguments of vehicles.services.vehicle_register that a vehicle form provides."""

    vin: str
    plate: str
    licence: LicenceInput | None
    owned_since: dt.date | None
    odometer_km: int | None
    specification: SpecificationInput


class SpecificationFields(forms.Form):
    """Fuel type, transmission and engine displacement (排量), all optional; the vehicle service judges them."""

    fuel_type = forms.ChoiceField(label=_("Fuel type"), required=False, choices=[("", "—"), *VehicleFuelType.choices])
    transmission = forms.ChoiceField(
        label=_("Transmission"),
        required=False,
        choices=[("", "—"), *VehicleTransmission.choices],
        help_text=_("AT and CVT count as automatic; DCT/DSG as dual-clutch."),
    )
    displacement_l = forms.DecimalField(
        label=_("Engine displacement (L)"),
        required=False,
        help_text=_("In litres, e.g. 1.4 or 2.0. Leave empty for an electric car."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "min": "0", "max": "9.9", "step": "0.1"}),
    )

    def specification(self) -> SpecificationInput:
        """The specification as typed (call after is_valid)."""
        data: dict[str, Any] = self.cleaned_data
        return SpecificationInput(
            fuel_type=data.get("fuel_type") or "",
            transmission=data.get("transmission") or "",
            displacement_l=data.get("displacement_l"),
        )


class VehicleForm(SpecificationFields):
    """A car with its vehicle licence (行驶证): the console's registration and the portal's "add my car"."""

    # Staff may leave the whole licence section empty; owners always give it.
    licence_optional: ClassVar[bool] = False

    vin = vin_field()
    plate = forms.CharField(
        label=_("Licence plate"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "upper", "placeholder": "京A12345"}),
    )
    registered_owner_name = forms.CharField(label=_("Registered owner"), max_length=100, required=False)
    vehicle_type = forms.CharField(
        label=_("Vehicle type"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "小型轿车"}),
    )
    use_type = forms.ChoiceField(label=_("Use type"), required=False, choices=[("", "—"), *VehicleUseType.choices])
    brand_model = forms.CharField(
        label=_("Brand and model"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "大众牌SVW71811BU"}),
    )
    engine_number = forms.CharField(
        label=_("Engine number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper"}),
    )
    registration_date = forms.DateField(label=_("Registration date"), required=False, widget=DATE)
    issue_date = forms.DateField(label=_("Issue date"), required=False, widget=DATE)
    owned_since = forms.DateField(label=_("Owned since"), required=False, widget=DATE)
    km = km_field()

    def licence(self) -> LicenceInput | None:
        """The licence as typed; None when it may be left out and the whole section was left empty."""
        data: dict[str, Any] = self.cleaned_data
        if self.licence_optional and not any(data.get(name) for name in LICENCE_FIELDS):
            return None
        return LicenceInput(
            registered_owner_name=data.get("registered_owner_name") or "",
            vehicle_type=data.get("vehicle_type") or "",
            use_type=data.get("use_type") or "",
            registration_date=data.get("registration_date"),
            issue_date=data.get("issue_date"),
            brand_model=data.get("brand_model") or "",
            engine_number=data.get("engine_number") or "",
        )

    def vehicle_input(self) -> VehicleInput:
        """What vehicle_register needs from this form (call after is_valid)."""
        data = self.cleaned_data
        return VehicleInput(
            vin=data["vin"],
            plate=data["plate"],
            licence=self.licence(),
            owned_since=data["owned_since"],
            odometer_km=data["km"],
            specification=self.specification(),
        )
