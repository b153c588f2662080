"""Owner portal pages about bookings: find a slot near me, book (with pick-up and delivery), my bookings,
reschedule and cancel."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.appointments import selectors, services
from aftercare.appointments.choices import AppointmentStatus
from aftercare.appointments.services.pickup import stages_needed
from aftercare.kernel.errors import DomainError, NotFound
from aftercare.kernel.http import actor_of
from aftercare.network.models import Store
from aftercare.pages.forms import DATE, place_domain_errors
from aftercare.pages.submit import Saved, submit
from aftercare.portal.access import owner_page
from aftercare.vehicles.selectors import vehicle_get, vehicle_list
from aftercare.workorders.services import work_order_book

DAY_CHOICES = [(3, gettext_lazy("3 days")), (7, gettext_lazy("7 days")), (14, gettext_lazy("14 days"))]
RESCHEDULE_DAYS = 7


class SearchForm(forms.Form):
    vehicle = forms.TypedChoiceField(label=gettext_lazy("Car"), coerce=int)
    service = forms.TypedChoiceField(label=gettext_lazy("Service"), coerce=int)
    city = forms.ChoiceField(label=gettext_lazy("Near"), required=False)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    date_from = forms.DateField(label=gettext_lazy("From"), widget=DATE)
    days = forms.TypedChoiceField(label=gettext_lazy("Over"), coerce=int, choices=DAY_CHOICES, initial=7)

    def __init__(
        self,
        *args: Any,
        cars: list[tuple[int, str]],
        services_: list[tuple[int, str]],
        cities: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["vehicle"]).choices = cars
        cast(forms.ChoiceField, self.fields["service"]).choices = services_
        cast(forms.ChoiceField, self.fields["city"]).choices = [("", _("My location"))] + [
            (c.name, c.name) for c in cities
        ]
        self.cities = {c.name: c for c in cities}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        city = self.cities.get(data.get("city") or "")
        if city is not None:
            data["lat"], data["lon"] = city.latitude, city.longitude
        elif data.get("lat") is None or data.get("lon") is None:
            self.add_error("city", _("Choose a city, or allow the page to use your location."))
        return data


class ConfirmForm(forms.Form):
    concerns = forms.CharField(
        label=gettext_lazy("Anything we should know?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": gettext_lazy("For example: a noise when braking")}),
    )
    wants_pickup = forms.BooleanField(label=gettext_lazy("Collect my car"), required=False)
    pickup_address = forms.CharField(label=gettext_lazy("Pick-up address"), required=False, max_length=400)
    wants_delivery = forms.BooleanField(label=gettext_lazy("Bring it back afterwards"), required=False)
    delivery_address = forms.CharField(label=gettext_lazy("Delivery address"), required=False, max_length=400)

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        if d.get("wants_pickup") and not (d.get("pickup_address") or "").strip():
            self.add_error("pickup_address", _("Enter the address where we collect the car."))
        if d.get("wants_delivery") and not (d.get("delivery_address") or "").strip():
            self.add_error("delivery_address", _("Enter the address where we bring the car back."))
        return d

    def pickup(self) -> services.PickupInput | None:
        d = self.cleaned_data
        pick = d["pickup_address"] if d["wants_pickup"] else ""
        drop = d["delivery_address"] if d["wants_delivery"] else ""
        return services.PickupInput(pickup_address=pick, delivery_address=drop) if (pick or drop) else None


class RescheduleForm(forms.Form):
    starts_at = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%dT%H:%M"])


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why are you cancelling?"), max_length=400, required=False)


@owner_page
def appointment_list(request: HttpRequest) -> HttpResponse:
    """My bookings: what is coming up, then the past ones."""
    rows = list(selectors.appointment_list(actor=actor_of(request)))
    today = selectors.day_start(timezone.localdate())
    upcoming = [
        a for a in rows if a.starts_at >= today and a.status in (AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN)
    ]
    past = [a for a in reversed(rows) if a not in upcoming][:30]
    return render(request, "portal/appointments/list.html", {"upcoming": upcoming, "past": past})


def _search_form(request: HttpRequest) -> SearchForm:
    actor = actor_of(request)
    cars = [(v.pk, v.plate or v.vin[-6:]) for v in vehicle_list(actor=actor)]
    kinds = [(t.pk, f"{_localized(t)} · {t.duration_minutes} min") for t in selectors.service_type_list()]
    data = request.GET if "service" in request.GET else None
    initial = {"date_from": timezone.localdate() + dt.timedelta(days=1), "days": 7}
    if request.GET.get("vehicle"):
        initial["vehicle"] = request.GET["vehicle"]
    return SearchForm(data, initial=initial, cars=cars, services_=kinds, cities=selectors.city_list())


def _localized(obj: Any, field: str = "name") -> str:
    from django.utils.translation import get_language

    english = getattr(obj, f"{field}_en", "") if (get_language() or "").startswith("en") else ""
    return str(english or getattr(obj, field, ""))


@owner_page
def appointment_new(request: HttpRequest) -> HttpResponse:
    """Find a slot: my car, the service, where I am and when; the nearest stores with free times."""
    form = _search_form(request)
    results: list[selectors.StoreSlots] = []
    status = 200
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        try:
            results = selectors.slot_search(
                actor=actor_of(request),
                latitude=d["lat"],
                longitude=d["lon"],
                date_from=d["date_from"],
                date_to=d["date_from"] + dt.timedelta(days=d["days"] - 1),
                service_type_id=d["service"],
            )
        except DomainError as exc:
            place_domain_errors(form, exc)
            status = exc.status
    elif form.is_bound:
        status = 400
    context = {
        "form": form,
        "results": results,
        "searched": form.is_bound and not form.errors,
        "has_cars": bool(cast(forms.ChoiceField, form.fields["vehicle"]).choices),
    }
    if form.is_bound and form.is_valid():
        context["confirm_base"] = {"vehicle": form.cleaned_data["vehicle"], "service": form.cleaned_data["service"]}
    return render(request, "portal/appointments/new.html", context, status=status)


def _confirm_context(request: HttpRequest, params: dict[str, str]) -> dict[str, Any]:
    """What the owner is about to book, read back from the slot they picked (all checked again on POST)."""
    actor = actor_of(request)
    try:
        vehicle = vehicle_get(actor=actor, vehicle_id=int(params.get("vehicle", "")))
        service = selectors.service_type_get(service_type_id=int(params.get("service", "")))
        store = Store.objects.filter(selectors.store_scope(actor), pk=int(params.get("store", ""))).get()
        starts_at = dt.datetime.fromisoformat(params.get("start", ""))
    except (ValueError, Store.DoesNotExist, DomainError) as exc:
        raise NotFound("slot_not_found", _("Not found.")) from exc
    return {
        "vehicle": vehicle,
        "service": service,
        "store": store,
        "starts_at": starts_at,
        "ends_at": starts_at + dt.timedelta(minutes=service.duration_minutes),
        "params": urlencode(params),
        "back": reverse("portal:appointment-new") + "?" + urlencode({"vehicle": vehicle.pk, "service": service.pk}),
    }


@owner_page
def appointment_confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the slot, say what is wrong, and choose pick-up and delivery; POST books it."""
    params = {k: request.GET.get(k, "") for k in ("vehicle", "service", "store", "start")}
    context = _confirm_context(request, params)
    form = ConfirmForm(request.POST or None)
    if request.method != "POST":
        return render(request, "portal/appointments/confirm.html", context | {"form": form})
    result = submit(
        form,
        # the booking and its work order (state "booked") in one transaction
        lambda d: work_order_book(
            actor=actor_of(request),
            vehicle_id=context["vehicle"].pk,
            store_id=context["store"].pk,
            service_type_id=context["service"].pk,
            starts_at=context["starts_at"],
            concerns=d["concerns"],
            pickup=form.pickup(),
        ),
    )
    if isinstance(result, Saved):
        messages.success(request, _("Booked. We have sent you a confirmation; you will get a reminder the day before."))
        return redirect("portal:appointment", result.value.appointment_id)
    return render(request, "portal/appointments/confirm.html", context | {"form": form}, status=result)


@owner_page
def appointment_detail(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """One of my bookings: when, where, what, pick-up and delivery, and what I can still change."""
    appointment = selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)
    return render(request, "portal/appointments/detail.html", _detail_context(appointment, CancelForm()))


def _detail_context(appointment: Any, cancel_form: CancelForm) -> dict[str, Any]:
    pickup = selectors.pickup_of(appointment)
    can_change = appointment.status == AppointmentStatus.BOOKED and appointment.starts_at > timezone.now()
    return {
        "a": appointment,
        "pickup": pickup,
        "handovers": list(pickup.handovers.all()) if pickup else [],
        "stage_count": len(stages_needed(pickup)) if pickup else 0,
        "can_change": can_change,
        "cancel_form": cancel_form,
    }


@owner_page
@require_POST
def appointment_cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Cancel one of my bookings, with a short reason."""
    form = CancelForm(request.POST)
    result = submit(
        form,
        lambda d: services.appointment_cancel(
            actor=actor_of(request), appointment_id=appointment_id, reason=d["reason"]
        ),
    )
    if isinstance(result, Saved):
        messages.success(request, _("Your booking is cancelled."))
        return redirect("portal:appointments")
    appointment = selectors.appointment_get(actor=actor_of(request), appointment_id=appointment_id)
    return render(request, "portal/appointments/detail.html", _detail_context(appointment, form), status=result)


@owner_page
def appointment_reschedule(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Move my booking: free times at the same store over the next days; POST moves it."""
    actor = actor_of(request)
    appointment = selectors.appointment_get(actor=actor, appointment_id=appointment_id)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST":
        result = submit(
            form,
            lambda d: services.appointment_reschedule(
                actor=actor, appointment_id=appointment_id, starts_at=d["starts_at"]
            ),
        )
        if isinstance(result, Saved):
            messages.success(request, _("Your booking has been moved."))
            return redirect("portal:appointment", appointment_id)
        status = result
    else:
        status = 200
    start = max(
        timezone.localdate(), appointment.starts_at.astimezone(selectors.local_tz()).date() - dt.timedelta(days=1)
    )
    found = selectors.slot_search(
        actor=actor,
        latitude=appointment.store.latitude,
        longitude=appointment.store.longitude,
        date_from=start,
        date_to=start + dt.timedelta(days=RESCHEDULE_DAYS - 1),
        service_type_id=appointment.service_type_id,
        store_id=appointment.store_id,
        per_store=20,
    )
    slots = found[0].slots if found else []
    return render(
        request, "portal/appointments/reschedule.html", {"a": appointment, "slots": slots, "form": form}, status=status
    )
