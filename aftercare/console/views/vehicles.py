"""Console pages about vehicles: dashboard search, the vehicle page, registration, readings and transfers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.console.forms import OdometerForm, SpecificationForm, TransferForm, VehicleRegisterForm
from aftercare.history.selectors import history_event_list
from aftercare.kernel.http import actor_of
from aftercare.network.selectors import customer_for_owner, customer_list, store_list
from aftercare.notifications.selectors import inbox_unread_count
from aftercare.pages.submit import Saved, submit_if_posted
from aftercare.pages.vehicles import odometer_save, vehicle_submit
from aftercare.vehicles import selectors, services
from aftercare.vehicles.models import OdometerReading, Vehicle
from aftercare.vehicles.vincheck import vin_check

SEARCH_MAX_LENGTH = 40
SEARCH_LIMIT = 50


@staff_page
def dashboard(request: HttpRequest) -> HttpResponse:
    """Search first; below it, what is in scope and the latest vehicles."""
    actor = actor_of(request)
    vehicles = selectors.vehicle_list(actor=actor)
    context = {
        "recent": vehicles[:6],
        "vehicle_count": vehicles.count(),
        "customer_count": customer_list(actor=actor).count(),
        "store_count": store_list(actor=actor).count(),
        "unread_count": inbox_unread_count(recipient_id=actor.user_id or 0),
    }
    return render(request, "console/dashboard.html", context)


@staff_page
def vehicle_search(request: HttpRequest) -> HttpResponse:
    """VIN, last 6+ of the VIN, plate or owner's phone; a single match opens the vehicle."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_LENGTH]
    if not query:
        return redirect("console:dashboard")
    results = list(selectors.vehicle_list(actor=actor_of(request), query=query)[: SEARCH_LIMIT + 1])
    if len(results) == 1:
        return redirect("console:vehicle", vehicle_id=results[0].pk)
    context = {"query": query, "results": results[:SEARCH_LIMIT], "more": len(results) > SEARCH_LIMIT}
    return render(request, "console/vehicle_search.html", context)


def _vehicle_page(request: HttpRequest, vehicle: Vehicle, status: int = 200, **forms: Any) -> HttpResponse:
    actor = actor_of(request)
    ownership = selectors.current_ownership(vehicle)
    customer = customer_for_owner(actor=actor, owner_id=ownership.owner_id) if ownership else None
    readings = list(selectors.odometer_list(vehicle=vehicle)[:100])
    context = {
        "vehicle": vehicle,
        "decoded": vin_check(vehicle.vin),
        "licence": selectors.latest_licence(vehicle),
        "ownership": ownership,
        "customer": customer,
        "can_reveal": customer is not None and actor.can("owners.reveal_personal_data"),
        "ownerships": selectors.ownership_list(vehicle=vehicle),
        "readings": readings,
        "latest_reading": next((r for r in readings if not r.flag), None),
        "events": history_event_list(vehicle_id=vehicle.pk)[:200],
        "can_record": actor.can("vehicles.record_odometer"),
        "can_transfer": actor.can("vehicles.transfer_ownership"),
        "can_specify": actor.can("vehicles.register_vehicle"),
        "odometer_form": forms.get("odometer_form") or OdometerForm(),
        "transfer_form": forms.get("transfer_form") or TransferForm(),
        "specification_form": forms.get("specification_form") or _specification_form(vehicle),
    }
    return render(request, "console/vehicle_detail.html", context, status=status)


def _specification_form(vehicle: Vehicle) -> SpecificationForm:
    return SpecificationForm(
        initial={
            "fuel_type": vehicle.fuel_type,
            "transmission": vehicle.transmission,
            "displacement_l": vehicle.displacement_l,
        }
    )


@staff_page
def vehicle_detail(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Everything about one car in scope; forms only for what the actor may do."""
    vehicle = selectors.vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return _vehicle_page(request, vehicle)


def _reading_saved(request: HttpRequest, reading: OdometerReading) -> None:
    if reading.flag:
        messages.warning(
            request, _("Reading saved and flagged: it contradicts an earlier reading. Check the odometer.")
        )
    else:
        messages.success(request, _("Odometer reading saved."))


@staff_page
@require_POST
def odometer_record(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Record a reading at the counter; contradicting readings are kept and flagged."""
    form = OdometerForm(request.POST)
    vehicle, outcome = vehicle_submit(request, vehicle_id, form, odometer_save)
    if isinstance(outcome, Saved):
        _reading_saved(request, outcome.value)
        return redirect("console:vehicle", vehicle_id=vehicle.pk)
    return _vehicle_page(request, vehicle, status=outcome, odometer_form=form)


@staff_page
@require_POST
def vehicle_transfer(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Record a change of owner (过户); the previous owner loses access at once."""
    form = TransferForm(request.POST)
    vehicle, outcome = vehicle_submit(
        request,
        vehicle_id,
        form,
        lambda actor, vehicle, data: services.vehicle_transfer(
            actor=actor,
            vehicle_id=vehicle.pk,
            new_owner=services.OwnerInput(phone=data["owner_phone"], name=data["owner_name"]),
            transferred_on=data["transferred_on"],
            odometer_km=data["km"],
        ),
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("Transfer recorded. The new owner is now the current owner."))
        return redirect("console:vehicle", vehicle_id=vehicle.pk)
    return _vehicle_page(request, vehicle, status=outcome, transfer_form=form)


@staff_page
@require_POST
def vehicle_specification(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Set or correct the car's fuel type, transmission and engine displacement."""
    form = SpecificationForm(request.POST)
    vehicle, outcome = vehicle_submit(
        request,
        vehicle_id,
        form,
        lambda actor, vehicle, _data: services.vehicle_specification_set(
            actor=actor, vehicle_id=vehicle.pk, specification=form.specification()
        ),
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("Specification saved."))
        return redirect("console:vehicle", vehicle_id=vehicle.pk)
    return _vehicle_page(request, vehicle, status=outcome, specification_form=form)


@staff_page
def vehicle_register(request: HttpRequest) -> HttpResponse:
    """Register a car for a customer: VIN, plate, owner's contact, licence and odometer, all or nothing."""
    actor = actor_of(request)
    form = VehicleRegisterForm(request.POST or None)
    outcome = submit_if_posted(
        request,
        form,
        lambda data: services.vehicle_register(
            actor=actor,
            owner=services.OwnerInput(phone=data["owner_phone"], name=data["owner_name"]),
            **form.vehicle_input(),
        ),
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("Vehicle registered."))
        return redirect("console:vehicle", vehicle_id=outcome.value.pk)
    context = {"form": form, "can_register": actor.can("vehicles.register_vehicle")}
    return render(request, "console/vehicle_register.html", context, status=outcome)
