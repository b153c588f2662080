"""Console pages for valuation: value a car by hand, a vehicle's worth, and making a one-price offer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of
from aftercare.pages.forms import place_domain_errors
from aftercare.valuation import conf, present, selectors, services
from aftercare.valuation.choices import ConditionGrade, OfferStatus
from aftercare.valuation.engine import known_makes
from aftercare.valuation.pricing.quote import CarFacts
from aftercare.vehicles.selectors import vehicle_get

FUELS = [
    ("", "—"),
    ("petrol", gettext_lazy("Petrol")),
    ("diesel", gettext_lazy("Diesel")),
    ("hybrid", gettext_lazy("Hybrid")),
    ("electric", gettext_lazy("Electric")),
]
GEARBOXES = [
    ("", "—"),
    ("manual", gettext_lazy("Manual")),
    ("automatic", gettext_lazy("Automatic")),
    ("semi-auto", gettext_lazy("Semi-automatic")),
]


class QuoteForm(forms.Form):
    make = forms.CharField(label=gettext_lazy("Make"), max_length=50)
    model = forms.CharField(label=gettext_lazy("Model"), max_length=100)
    model_year = forms.IntegerField(label=gettext_lazy("Model year"))
    mileage_km = forms.IntegerField(label=gettext_lazy("Mileage (km)"))
    fuel = forms.ChoiceField(label=gettext_lazy("Fuel type"), choices=FUELS, required=False)
    transmission = forms.ChoiceField(label=gettext_lazy("Transmission"), choices=GEARBOXES, required=False)
    engine_l = forms.DecimalField(label=gettext_lazy("Engine (L)"), max_digits=3, decimal_places=1, required=False)
    condition_grade = forms.ChoiceField(
        label=gettext_lazy("Inspection grade"),
        choices=[("", gettext_lazy("Not inspected")), *ConditionGrade.choices],
        required=False,
    )


@staff_page
def value_car(request: HttpRequest) -> HttpResponse:
    """Value any car from its facts; nothing is stored."""
    actor = actor_of(request)
    form = QuoteForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "model_ready": conf.model_available()}
    status = 200
    if request.GET and form.is_valid():
        data = form.cleaned_data
        facts = CarFacts(
            make=data["make"],
            model=data["model"],
            model_year=data["model_year"],
            mileage_km=data["mileage_km"],
            fuel=data["fuel"] or None,
            transmission=data["transmission"] or None,
            engine_l=float(data["engine_l"]) if data["engine_l"] else None,
        )
        try:
            valuation = selectors.facts_valuation(
                actor=actor, facts=facts, condition_grade=data["condition_grade"] or None
            )
            context |= present.valuation_card(valuation)
        except DomainError as exc:
            place_domain_errors(form, exc)
            status = exc.status
    elif request.GET:
        status = 400
    if context["model_ready"]:
        context["makes"] = known_makes()
    context["offers"] = [
        {"offer": offer, "price": present.money(offer.price, offer.currency)}
        for offer in selectors.offer_list(actor=actor)[:10]
    ]
    return render(request, "console/valuation/value.html", context, status=status)


@staff_page
def vehicle_valuation(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """A car's worth with its condition applied, its one-price offer and the offer's price history."""
    actor = actor_of(request)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    context: dict[str, Any] = {"vehicle": vehicle, "can_offer": actor.can("valuation.make_offer")}
    try:
        context |= present.valuation_card(selectors.vehicle_valuation(actor=actor, vehicle_id=vehicle.pk))
    except DomainError as exc:
        context["problem"] = exc.render_message()
        context["problem_fields"] = [m for msgs in exc.render_fields().values() for m in msgs]
    offers = list(selectors.offer_list(actor=actor, vehicle_id=vehicle.pk))
    current = next((o for o in offers if o.status == OfferStatus.OPEN), None)
    context |= {
        "offer": current,
        "offer_prices": list(selectors.offer_prices(current)) if current else [],
        "offer_link": request.build_absolute_uri(reverse("portal:offer", args=[current.token])) if current else "",
        "offer_price": present.money(current.price, current.currency) if current else "",
        "services": [present.service_label(s) for s in current.services] if current else [],
        "systems": present.systems_label(current.warranty_systems) if current else "",
        "tier": present.tier_label(current.warranty_tier) if current else "",
    }
    return render(request, "console/valuation/vehicle.html", context)


@staff_page
@require_POST
def offer_make(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Make the car's one-price offer (the price is computed, never typed)."""
    try:
        services.offer_create(actor=actor_of(request), vehicle_id=vehicle_id)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.render_message())
    else:
        messages.success(request, _("One-price offer made. Its price is recalculated every night."))
    return redirect("console:vehicle-valuation", vehicle_id=vehicle_id)
