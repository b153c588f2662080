"""Owner portal pages for Homecoming (回家计划): enrol a car, see the decision, the benefits wallet."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from aftercare.homecoming import selectors as homecoming
from aftercare.homecoming import services
from aftercare.homecoming.models import Enrolment
from aftercare.kernel.http import actor_of
from aftercare.pages.homecoming import EnrolForm
from aftercare.pages.submit import Saved, submit_if_posted
from aftercare.portal.access import owner_page
from aftercare.portal.forms import CarAddForm
from aftercare.vehicles import selectors as vehicles
from aftercare.vehicles.models import Vehicle


class JoinForm(CarAddForm, EnrolForm):
    """Add my car and join Homecoming in one go: the car and its licence, then what enrolment adds."""

    owned_since = None  # type: ignore[assignment]  # the purchase date is asked once, as held_since


def _rules_context() -> dict[str, object]:
    in_force = homecoming.rules_current()
    return {"min_days": in_force.min_days_held, "tiers": homecoming.tiers_of(in_force)}


@owner_page
def vehicle_homecoming(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """My car in Homecoming: the wallet once enrolled; otherwise my latest application or the form."""
    actor = actor_of(request)
    vehicle = vehicles.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    wallet = homecoming.vehicle_wallet(vehicle_id=vehicle.pk)
    if wallet is None:
        return redirect("portal:vehicle-homecoming-enrol", vehicle_id=vehicle.pk)
    context = {"vehicle": vehicle, "wallet": wallet, "today": timezone.localdate()} | _rules_context()
    return render(request, "portal/homecoming/wallet.html", context)


def _enrol_page(request: HttpRequest, vehicle: Vehicle, form: EnrolForm, status: int = 200) -> HttpResponse:
    actor = actor_of(request)
    latest = homecoming.enrolment_latest(owner_id=actor.owner_id or 0, vehicle_id=vehicle.pk)
    context = {
        "vehicle": vehicle,
        "form": form,
        "licence": vehicles.latest_licence(vehicle),
        "eligibility": homecoming.vehicle_eligibility(vehicle_id=vehicle.pk),
        "latest": latest,
        "latest_reasons": homecoming.refusal_messages(latest) if latest else [],
    } | _rules_context()
    return render(request, "portal/homecoming/enrol.html", context, status=status)


@owner_page
def vehicle_homecoming_enrol(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Apply for one of my cars: purchase date, channel, owner kind and the licence photo."""
    actor = actor_of(request)
    vehicle = vehicles.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    if homecoming.vehicle_wallet(vehicle_id=vehicle.pk) is not None:
        return redirect("portal:vehicle-homecoming", vehicle_id=vehicle.pk)
    owning = vehicles.current_ownership(vehicle)
    initial = {"held_since": owning.started_on if owning else None}
    form = EnrolForm(request.POST or None, request.FILES or None, initial=initial)
    outcome = submit_if_posted(
        request,
        form,
        lambda _data: services.enrolment_apply(actor=actor, vehicle_id=vehicle.pk, **form.enrol_input()),
    )
    if isinstance(outcome, Saved):
        return redirect("portal:vehicle-homecoming-result", enrolment_id=outcome.value.pk)
    return _enrol_page(request, vehicle, form, status=outcome)


@owner_page
def homecoming_join(request: HttpRequest) -> HttpResponse:
    """Add a car I bought and join Homecoming at once; nothing is saved unless all of it is right."""
    form = JoinForm(request.POST or None, request.FILES or None)
    outcome = submit_if_posted(
        request,
        form,
        lambda _data: services.car_add_and_enrol(
            actor=actor_of(request),
            vin=form.cleaned_data["vin"],
            plate=form.cleaned_data["plate"],
            licence=form.licence(),
            odometer_km=form.cleaned_data["km"],
            specification=form.specification(),
            **form.enrol_input(),
        ),
    )
    if isinstance(outcome, Saved):
        return redirect("portal:vehicle-homecoming-result", enrolment_id=outcome.value.pk)
    return render(request, "portal/homecoming/join.html", {"form": form} | _rules_context(), status=outcome)


@owner_page
def homecoming_result(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The decision on one of my applications: welcome and the wallet, or why not yet and from when."""
    enrolment: Enrolment = homecoming.enrolment_get(actor=actor_of(request), enrolment_id=enrolment_id)
    wallet = homecoming.vehicle_wallet(vehicle_id=enrolment.vehicle_id) if enrolment.approved else None
    context = {
        "enrolment": enrolment,
        "vehicle": enrolment.vehicle,
        "reasons": homecoming.refusal_messages(enrolment),
        "wallet": wallet if wallet and wallet.enrolment_id == enrolment.pk else None,
        "today": timezone.localdate(),
    } | _rules_context()
    return render(request, "portal/homecoming/result.html", context)


@owner_page
def homecoming_photo(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The licence photo of my application, never cached, never from a public URL."""
    data = services.enrolment_photo_open(actor=actor_of(request), enrolment_id=enrolment_id)
    return photo_response(data)


def photo_response(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = 'inline; filename="licence.jpg"'
    return response
