"""Owner portal forms. They parse types only; the services judge the values and name the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.owners.choices import ConsentPurpose
from aftercare.vehicles.choices import VehicleUseType
from aftercare.vehicles.inputs import LicenceInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPPER = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
KM = forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1", "placeholder": "52000"})


def add_domain_errors(form: forms.Form, exc: DomainError) -> int:
    """Show a service's refusal next to the fields it names; returns the HTTP status to answer with.

    Missing or foreign objects and missing permissions are not form mistakes: they propagate (404 / 403).
    """
    if isinstance(exc, NotFound | PermissionDenied):
        raise exc
    placed = False
    for name, messages in exc.render_fields().items():
        if name in form.fields:
            placed = True
            for message in messages:
                form.add_error(name, message)
    if not placed:
        form.add_error(None, exc.render_message())
    return exc.status


class CarAddForm(forms.Form):
    vin = forms.CharField(
        label=_("VIN"),
        max_length=40,
        required=False,
        help_text=_("17 characters, on your vehicle licence and at the bottom of the windscreen."),
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper", "placeholder": "LSVAB2C10K1000123"}),
    )
    plate = forms.CharField(
        label=_("Licence plate"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "upper", "placeholder": "京A12345"}),
    )
    registered_owner_name = forms.CharField(label=_("Owner (所有人)"), max_length=100, required=False)
    vehicle_type = forms.CharField(
        label=_("Vehicle type"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "小型轿车"}),
    )
    use_type = forms.ChoiceField(label=_("Use type"), required=False, choices=[("", "—"), *VehicleUseType.choices])
    brand_model = forms.CharField(label=_("Brand and model"), max_length=100, required=False)
    engine_number = forms.CharField(
        label=_("Engine number"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper"}),
    )
    registration_date = forms.DateField(label=_("Registration date"), required=False, widget=DATE)
    issue_date = forms.DateField(label=_("Issue date"), required=False, widget=DATE)
    owned_since = forms.DateField(label=_("Purchase date"), required=False, widget=DATE)
    km = forms.IntegerField(label=_("Odometer (km)"), required=False, widget=KM)

    def licence(self) -> LicenceInput:
        """The vehicle-licence (行驶证) fields as typed."""
        data = self.cleaned_data
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
    km = forms.IntegerField(label=_("Odometer (km)"), required=False, widget=KM)
    note = forms.CharField(label=_("Note"), max_length=400, required=False)


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=50, required=False, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices)
    granted = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
