"""Owner portal pages: my cars, adding a car, a car's readings and history, inbox and profile."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftercare.history.selectors import history_event_list
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of
from aftercare.notifications.selectors import inbox_list, inbox_unread_count
from aftercare.notifications.services import inbox_mark_all_read, inbox_mark_read
from aftercare.owners.choices import ConsentChannel, ConsentPurpose
from aftercare.owners.models import Owner
from aftercare.owners.selectors import consent_current, owner_for_user
from aftercare.owners.services import consent_record, owner_update
from aftercare.portal.access import owner_page
from aftercare.portal.forms import CarAddForm, ConsentForm, OdometerForm, ProfileForm, add_domain_errors
from aftercare.vehicles import selectors, services
from aftercare.vehicles.models import Vehicle

INBOX_PAGE_SIZE = 20


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
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vehicle = services.vehicle_register(
                actor=actor_of(request),
                vin=data["vin"],
                plate=data["plate"],
                licence=form.licence(),
                owned_since=data["owned_since"],
                odometer_km=data["km"],
            )
        except DomainError as exc:
            status = add_domain_errors(form, exc)
        else:
            messages.success(request, _("%(plate)s is now in your garage.") % {"plate": vehicle.plate or vehicle.vin})
            return redirect("portal:home")
    return render(request, "portal/vehicle_add.html", {"form": form}, status=status)


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
    actor = actor_of(request)
    vehicle = selectors.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    form = OdometerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            reading = services.odometer_record(
                actor=actor, vehicle_id=vehicle.pk, km=form.cleaned_data["km"], note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            status = add_domain_errors(form, exc)
        else:
            if reading.flag:
                messages.warning(request, _("Saved. It is lower than an earlier reading, so your store will check it."))
            else:
                messages.success(request, _("Reading saved. Thank you!"))
            return redirect("portal:vehicle", vehicle_id=vehicle.pk)
    return _vehicle_page(request, vehicle, form, status=status)


@owner_page
def inbox(request: HttpRequest) -> HttpResponse:
    """My messages, newest first."""
    user_id = actor_of(request).user_id or 0
    page = Paginator(inbox_list(recipient_id=user_id), INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    unread = inbox_unread_count(recipient_id=user_id) > 0
    return render(request, "portal/inbox.html", {"page": page, "unread": unread})


@owner_page
@require_POST
def inbox_read(request: HttpRequest, message_id: int) -> HttpResponse:
    """Mark one of my messages read; someone else's is a 404."""
    user_id = actor_of(request).user_id or 0
    if not inbox_list(recipient_id=user_id).filter(pk=message_id).exists():
        raise Http404("message_not_found")
    inbox_mark_read(recipient_id=user_id, message_id=message_id)
    return redirect("portal:inbox")


@owner_page
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    """Mark all my messages read."""
    inbox_mark_all_read(recipient_id=actor_of(request).user_id or 0)
    return redirect("portal:inbox")


def _profile_page(request: HttpRequest, owner: Owner, form: ProfileForm, status: int = 200) -> HttpResponse:
    state = consent_current(owner_id=owner.pk)
    consents = [(value, label, state.get(value, False)) for value, label in ConsentPurpose.choices]
    return render(request, "portal/profile.html", {"me": owner, "form": form, "consents": consents}, status=status)


@owner_page
def profile(request: HttpRequest) -> HttpResponse:
    """My name and e-mail (the phone is my login), and what I agreed to."""
    owner = _me(request)
    if request.method != "POST":
        return _profile_page(request, owner, ProfileForm(initial={"name": owner.name, "email": owner.email}))
    form = ProfileForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            owner_update(owner_id=owner.pk, name=form.cleaned_data["name"], email=form.cleaned_data["email"])
        except DomainError as exc:
            status = add_domain_errors(form, exc)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("portal:profile")
    return _profile_page(request, owner, form, status=status)


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
