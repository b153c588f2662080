"""Owner portal pages: my cars, adding a car, a car's readings and history, inbox and profile."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftercare.history.selectors import history_event_list
from aftercare.kernel.http import actor_of
from aftercare.owners.choices import ConsentChannel, ConsentPurpose
from aftercare.owners.models import Owner
from aftercare.owners.selectors import consent_current, owner_for_user
from aftercare.owners.services import consent_record, owner_update
from aftercare.pages.inbox import inbox_views
from aftercare.pages.submit import Saved, submit_if_posted
from aftercare.pages.vehicles import odometer_save, vehicle_submit
from aftercare.portal.access import owner_page
from aftercare.portal.forms import CarAddForm, ConsentForm, OdometerForm, ProfileForm
from aftercare.vehicles import selectors, services
from aftercare.vehicles.models import Vehicle


def _me(request: HttpRequest) -> Owner:
    owner = owner_for_user(user=request.user)
    if owner is None:  # the actor says owner, so this only happens if the record vanished mid-request
        raise Http404("owner_not_found")
    return owner


@owner_page
def home(request: HttpRequest) -> HttpResponse:
    """My cars: the ones I own now (a car transferred away is gone at once)."""
    vehicles = selectors.vehicle_list(actor=actor_of(request))
    return render(request, "portal/home.html", {"vehicles": vehicles, "me": _me(request)})


@owner_page
def vehicle_add(request: HttpRequest) -> HttpResponse:
    """Add my car: VIN, plate and the vehicle-licence (行驶证) data; nothing is saved unless all is right."""
    form = CarAddForm(request.POST or None)
    outcome = submit_if_posted(
        request, form, lambda _data: services.vehicle_register(actor=actor_of(request), **form.vehicle_input())
    )
    if isinstance(outcome, Saved):
        vehicle = outcome.value
        messages.success(request, _("%(plate)s is now in your garage.") % {"plate": vehicle.plate or vehicle.vin})
        return redirect("portal:home")
    return render(request, "portal/vehicle_add.html", {"form": form}, status=outcome)


def _vehicle_page(request: HttpRequest, vehicle: Vehicle, form: OdometerForm, status: int = 200) -> HttpResponse:
    readings = list(selectors.odometer_list(vehicle=vehicle)[:50])
    context = {
        "vehicle": vehicle,
        "licence": selectors.latest_licence(vehicle),
        "ownership": selectors.current_ownership(vehicle),
        "readings": readings,
        "latest_reading": next((r for r in readings if not r.flag), None),
        "events": history_event_list(vehicle_id=vehicle.pk)[:100],
        "form": form,
    }
    return render(request, "portal/vehicle_detail.html", context, status=status)


@owner_page
def vehicle_detail(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """One of my cars: odometer readings, history, and a form for my own reading."""
    vehicle = selectors.vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return _vehicle_page(request, vehicle, OdometerForm())


@owner_page
@require_POST
def odometer_record(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Record the odometer of one of my cars."""
    form = OdometerForm(request.POST)
    vehicle, outcome = vehicle_submit(request, vehicle_id, form, odometer_save)
    if isinstance(outcome, Saved):
        if outcome.value.flag:
            messages.warning(request, _("Saved. It is lower than an earlier reading, so your store will check it."))
        else:
            messages.success(request, _("Reading saved. Thank you!"))
        return redirect("portal:vehicle", vehicle_id=vehicle.pk)
    return _vehicle_page(request, vehicle, form, status=outcome)


# My messages, newest first; marking one read that is someone else's is a 404.
inbox, inbox_read, inbox_read_all = inbox_views(owner_page, template="portal/inbox.html", inbox_url_name="portal:inbox")


def _profile_page(request: HttpRequest, owner: Owner, form: ProfileForm, status: int = 200) -> HttpResponse:
    state = consent_current(owner_id=owner.pk)
    consents = [(value, label, state.get(value, False)) for value, label in ConsentPurpose.choices]
    return render(request, "portal/profile.html", {"me": owner, "form": form, "consents": consents}, status=status)


@owner_page
def profile(request: HttpRequest) -> HttpResponse:
    """My name and e-mail (the phone is my login), and what I agreed to."""
    owner = _me(request)
    data = request.POST if request.method == "POST" else None
    form = ProfileForm(data, initial={"name": owner.name, "email": owner.email})
    outcome = submit_if_posted(
        request, form, lambda data: owner_update(owner_id=owner.pk, name=data["name"], email=data["email"])
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("Profile saved."))
        return redirect("portal:profile")
    return _profile_page(request, owner, form, status=outcome)


@owner_page
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    """Give or withdraw one consent; the newest record is the one in force."""
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown consent purpose."))
        return redirect("portal:profile")
    consent_record(
        owner_id=_me(request).pk,
        purpose=form.cleaned_data["purpose"],
        granted=form.cleaned_data["granted"],
        channel=ConsentChannel.PORTAL,
        recorded_by_id=actor_of(request).user_id,
    )
    messages.success(request, _("Your choice is saved."))
    return redirect("portal:profile")
