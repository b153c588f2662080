"""Console page for a legitimate odometer break (instrument cluster replaced, odometer reset by a repair)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aftercare.console.access import staff_page
from aftercare.kernel.http import actor_of
from aftercare.pages.access import require_permission
from aftercare.pages.forms import km_field
from aftercare.pages.submit import Saved, submit_if_posted
from aftercare.vehicles import selectors, services


class OdometerBreakForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=400,
        required=False,
        help_text=gettext_lazy("For example: instrument cluster replaced under warranty, work order number."),
    )
    at = forms.DateTimeField(
        label=gettext_lazy("When"),
        required=False,
        help_text=gettext_lazy("Leave empty to use the current time."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    km_before = km_field()
    km_after = km_field()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["km_before"].label = gettext_lazy("Old odometer's last reading (km)")
        self.fields["km_before"].help_text = gettext_lazy("Leave empty if the old odometer could not be read.")
        self.fields["km_after"].label = gettext_lazy("New odometer's reading (km)")


@staff_page
def odometer_break(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Record an odometer break with its reason; later readings are checked against the new baseline."""
    actor = actor_of(request)
    vehicle = selectors.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    require_permission(actor, "vehicles.record_odometer")
    form = OdometerBreakForm(request.POST or None)
    outcome = submit_if_posted(
        request,
        form,
        lambda data: services.odometer_break_record(
            actor=actor,
            vehicle_id=vehicle.pk,
            reason=data["reason"],
            km_before=data["km_before"],
            km_after=data["km_after"],
            at=data["at"],
        ),
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("Odometer break recorded. New readings are checked against the new odometer."))
        return redirect("console:vehicle", vehicle_id=vehicle.pk)
    rollbacks = list(selectors.odometer_rollbacks(vehicle=vehicle)[:10])
    context = {"vehicle": vehicle, "form": form, "rollbacks": rollbacks}
    return render(request, "console/odometer_break.html", context, status=outcome)
