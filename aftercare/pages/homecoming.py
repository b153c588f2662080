"""Homecoming form pieces the console and the portal share. They parse types only; the services judge values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aftercare.homecoming.choices import OwnerKind, PurchaseChannel
from aftercare.pages.forms import DATE, VehicleForm
from aftercare.vehicles.choices import VehicleUseType

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class EnrolForm(forms.Form):
    """What enrolment adds to the car's registration: purchase date and channel, owner kind, licence photo."""

    held_since = forms.DateField(
        label=_("Purchase or transfer (过户) date"),
        required=False,
        widget=DATE,
        help_text=_("The days you have had the car are counted from this date."),
    )
    purchase_channel = forms.ChoiceField(
        label=_("Where was the car bought?"), required=False, choices=[("", "—"), *PurchaseChannel.choices]
    )
    owner_kind = forms.ChoiceField(
        label=_("The registered owner on the licence is"),
        required=False,
        choices=OwnerKind.choices,
        initial=OwnerKind.INDIVIDUAL,
        widget=forms.RadioSelect,
    )
    photo = forms.FileField(
        label=_("Photo of the vehicle licence (行驶证)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Only you and authorised store staff can see it."),
    )

    def enrol_input(self) -> dict[str, Any]:
        """The keyword arguments of homecoming.services.enrolment_apply this form provides (after is_valid)."""
        data = self.cleaned_data
        return {
            "held_since": data.get("held_since"),
            "purchase_channel": data.get("purchase_channel") or "",
            "owner_kind": data.get("owner_kind") or "",
            "photo": data.get("photo"),
        }


class WalletLookupForm(forms.Form):
    """A store of another dealer group finds one wallet: the car's full VIN or plate and the owner's code."""

    vin_or_plate = forms.CharField(
        label=_("Full VIN or plate"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "class": "upper"}),
    )
    code = forms.CharField(
        label=_("Wallet code"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "mono upper", "placeholder": "ABCD-2345"}),
        help_text=_("The owner shows it on their phone: Homecoming → wallet."),
    )


class RedeemForm(forms.Form):
    reference = forms.CharField(label=_("Reference (e.g. work order number)"), max_length=64, required=False)
    wallet_code = forms.CharField(max_length=32, required=False, widget=forms.HiddenInput)


class LicenceEnrolForm(VehicleForm, EnrolForm):
    """Check-in enrolment of a car registered without its vehicle licence: the licence is asked for too."""

    vin = None  # type: ignore[assignment]
    plate = None  # type: ignore[assignment]
    owned_since = None  # type: ignore[assignment]
    km = None  # type: ignore[assignment]


class RulesForm(forms.Form):
    """The Homecoming rules as operators edit them; saving puts a new version in force."""

    min_days_held = forms.IntegerField(
        label=_("Held for more than (days)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "max": "3650"}),
    )
    individual_only = forms.BooleanField(label=_("Private owners only (no companies)"), required=False)
    purchase_channels = forms.MultipleChoiceField(
        label=_("Accepted purchase channels"),
        required=False,
        choices=PurchaseChannel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    use_types = forms.MultipleChoiceField(
        label=_("Accepted use types"),
        required=False,
        choices=VehicleUseType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Reason for the change"), max_length=200, required=False)
    # Carries the service's messages about the tier table (the rows themselves are tier_years_n / tier_percent_n).
    discount_tiers = forms.CharField(required=False, widget=forms.HiddenInput)

    TIER_ROWS = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(self.TIER_ROWS):
            self.fields[f"tier_years_{n}"] = forms.CharField(
                label=_("From car age (years)"), required=False, max_length=4
            )
            self.fields[f"tier_percent_{n}"] = forms.CharField(label=_("Up to (%)"), required=False, max_length=8)

    def tier_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self.cleaned_data.get(f"tier_years_{n}"), self.cleaned_data.get(f"tier_percent_{n}"))
            for n in range(self.TIER_ROWS)
        ]

    def tier_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"tier_years_{n}"], self[f"tier_percent_{n}"]) for n in range(self.TIER_ROWS)]
