"""Staff console forms. They parse types only; the vehicle and owner services judge the values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.vehicles.choices import OdometerSource, VehicleUseType
from aftercare.vehicles.inputs import LicenceInput

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
STAFF_ODOMETER_SOURCES = [
    (OdometerSource.CHECK_IN, OdometerSource.CHECK_IN.label),
    (OdometerSource.INSPECTION, OdometerSource.INSPECTION.label),
    (OdometerSource.IMPORT, OdometerSource.IMPORT.label),
]


def add_domain_errors(form: forms.Form, exc: DomainError) -> int:
    """Show a service's refusal next to the fields it names; returns the HTTP status to answer with.

    Missing or foreign objects and missing permissions are not form mistakes: they propagate (404 / 403).
    """
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    fields = exc.render_fields()
    placed = False
    for name, messages in fields.items():
        if name in form.fields:
            placed = True
            for message in messages:
                form.add_error(name, message)
    if not placed:
        form.add_error(None, exc.render_message())
    return exc.status


def _km_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Odometer (km)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1", "placeholder": "52000"}),
    )


class VehicleRegisterForm(forms.Form):
    vin = forms.CharField(
        label=_("VIN"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper", "placeholder": "LSVAB2C10K1000123"}),
    )
    plate = forms.CharField(
        label=_("Licence plate"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "upper", "placeholder": "京A12345"}),
    )
    owner_phone = forms.CharField(
        label=_("Owner's mobile number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    owner_name = forms.CharField(
        label=_("Owner's name"), max_length=50, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    owned_since = forms.DateField(label=_("Owned since"), required=False, widget=DATE)
    km = _km_field()
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

    def licence(self) -> LicenceInput | None:
        """The licence as typed, or None when the whole licence section was left empty."""
        data: dict[str, Any] = self.cleaned_data
        if not any(data.get(name) for name in LICENCE_FIELDS):
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


class OdometerForm(forms.Form):
    km = _km_field()
    read_at = forms.DateTimeField(
        label=_("Read at"),
        required=False,
        help_text=_("Leave empty for now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    source = forms.ChoiceField(label=_("Source"), choices=STAFF_ODOMETER_SOURCES, required=False)
    note = forms.CharField(label=_("Note"), max_length=400, required=False)


class TransferForm(forms.Form):
    owner_phone = forms.CharField(
        label=_("New owner's mobile number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    owner_name = forms.CharField(
        label=_("New owner's name"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    transferred_on = forms.DateField(label=_("Transfer date"), widget=DATE, initial=timezone.localdate)
    km = _km_field()


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Kept in the audit log with your name and the time."),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. customer asked for a call back")}),
    )
