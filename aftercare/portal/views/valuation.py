"""Owner portal: "what is my car worth", and the one-price offer document behind a link (no login)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from aftercare.kernel.errors import DomainError, NotFound
from aftercare.kernel.http import actor_of
from aftercare.portal.access import owner_page
from aftercare.valuation import present, selectors
from aftercare.valuation.choices import OfferStatus
from aftercare.vehicles.selectors import vehicle_get


@owner_page
def vehicle_worth(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """What my car is worth today: a price, the range 80 % of similar cars sell in, and why."""
    actor = actor_of(request)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    context: dict[str, Any] = {"vehicle": vehicle}
    try:
        context |= present.valuation_card(selectors.vehicle_valuation(actor=actor, vehicle_id=vehicle.pk))
    except NotFound:
        raise
    except DomainError as exc:
        context["problem"] = exc.render_message()
        context["problem_fields"] = [m for msgs in exc.render_fields().values() for m in msgs]
    offer = selectors.offer_list(actor=actor, vehicle_id=vehicle.pk).filter(status=OfferStatus.OPEN).first()
    context["offer"] = offer
    return render(request, "portal/valuation/worth.html", context)


@require_GET
def offer_document(request: HttpRequest, token: str) -> HttpResponse:
    """The offer as the owner or a buyer sees it; the unguessable link is the key, nothing personal is shown."""
    try:
        offer = selectors.offer_by_token(token=token)
    except NotFound as exc:
        raise Http404(exc.code) from exc
    context = {
        "offer": offer,
        "vehicle": offer.vehicle,
        "price": present.money(offer.price, offer.currency),
        "low": present.money(offer.low, offer.currency),
        "high": present.money(offer.high, offer.currency),
        "services": [present.service_label(s) for s in offer.services],
        "systems": present.systems_label(offer.warranty_systems),
        "tier": present.tier_label(offer.warranty_tier),
        "market": present.market_label({"uk": "GB", "tianchi": "CN", "cardekho": "IN"}.get(offer.model_schema, "")),
    }
    response = render(request, "portal/valuation/offer.html", context)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response
