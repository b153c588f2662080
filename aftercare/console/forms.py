"""Staff console forms. They parse types only; the vehicle, owner and network services judge the values."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from aftercare.network.models import Staff
from aftercare.pages.forms import DATE, SpecificationFields, VehicleForm, km_field, phone_field
from aftercare.vehicles.choices import OdometerSource

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STAFF_ODOMETER_SOURCES = [
    (OdometerSource.CHECK_IN, OdometerSource.CHECK_IN.label),
    (OdometerSource.INSPECTION, OdometerSource.INSPECTION.label),
    (OdometerSource.IMPORT, OdometerSource.IMPORT.label),
]


class VehicleRegisterForm(VehicleForm):
    licence_optional: ClassVar[bool] = True

    owner_phone = phone_field(_("Owner's mobile number"))
    owner_name = forms.CharField(
        label=_("Owner's name"), max_length=50, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )


class SpecificationForm(SpecificationFields):
    """Set or correct a registered car's fuel type, transmission and displacement."""


class OdometerForm(forms.Form):
    km = km_field()
    read_at = forms.DateTimeField(
        label=_("Read at"),
        required=False,
        help_text=_("Leave empty to use the current time."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    source = forms.ChoiceField(label=_("Source"), choices=STAFF_ODOMETER_SOURCES, required=False)
    note = forms.CharField(label=_("Note"), max_length=400, required=False)


class TransferForm(forms.Form):
    owner_phone = phone_field(_("New owner's mobile number"))
    owner_name = forms.CharField(
        label=_("New owner's name"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    transferred_on = forms.DateField(label=_("Transfer date"), widget=DATE, initial=timezone.localdate)
    km = km_field()


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,
        help_text=_("Kept in the audit log with your name and the time."),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. customer asked for a call back")}),
    )


def _advisor_choices(advisors: Iterable[Staff]) -> list[tuple[int, str]]:
    """Each advisor with how many customers they look after now, so the load is visible when choosing."""
    choices = []
    for advisor in advisors:
        count: int = getattr(advisor, "customer_count", 0)
        label = ngettext("%(name)s · %(count)d customer", "%(name)s · %(count)d customers", count)
        choices.append((advisor.pk, label % {"name": advisor.display_name, "count": count}))
    return choices


class _AdvisorChoiceForm(forms.Form):
    """One advisor <select>; any id parses, the network service judges who qualifies."""

    field_name: ClassVar[str]
    blank_label: ClassVar[StrOrPromise]

    def __init__(self, *args: Any, advisors: Iterable[Staff], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _advisor_choices(advisors)
        self.has_advisors = bool(choices)
        self.fields[self.field_name].widget.choices = [("", self.blank_label), *choices]


class DepartureForm(_AdvisorChoiceForm):
    """Who takes over a departing person's customers: a chosen advisor, or the least loaded one."""

    field_name = "successor_id"
    blank_label = _("Least loaded, chosen automatically")

    successor_id = forms.IntegerField(label=_("Successor advisor"), required=False, widget=forms.Select)


class AdvisorForm(_AdvisorChoiceForm):
    """A customer's new dedicated advisor."""

    field_name = "advisor_id"
    blank_label = _("Choose an advisor")

    advisor_id = forms.IntegerField(label=_("New dedicated advisor"), widget=forms.Select)


class TokenForm(forms.Form):
    """A new API token's name; the accounts service refuses an empty one."""

    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        required=False,
        help_text=_("Say what will use it, so you know which one to revoke later."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("e.g. DMS sync")}),
    )
