"""Owner portal forms. They parse types only; the services judge the values and name the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aftercare.owners.choices import ConsentPurpose
from aftercare.pages.forms import DATE, VehicleForm, km_field, vin_field


class CarAddForm(VehicleForm):
    """Add my car: the whole vehicle licence (行驶证) is asked for."""

    vin = vin_field(help_text=_("17 characters, on your vehicle licence and at the bottom of the windscreen."))
    registered_owner_name = forms.CharField(label=_("Owner (所有人)"), max_length=100, required=False)
    brand_model = forms.CharField(label=_("Brand and model"), max_length=100, required=False)
    owned_since = forms.DateField(label=_("Purchase date"), required=False, widget=DATE)


class OdometerForm(forms.Form):
    km = km_field()
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
