"""Console pages for Homecoming: enrol at check-in, the wallet and redemption, the cross-group wallet lookup,
and the operators' rules page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.homecoming import selectors as homecoming
from aftercare.homecoming import services
from aftercare.homecoming.templatetags.homecoming_tags import percent
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.kernel.http import actor_of, client_ip
from aftercare.kernel.tenancy import ActorKind
from aftercare.pages.access import require_permission
from aftercare.pages.homecoming import EnrolForm, LicenceEnrolForm, RedeemForm, RulesForm, WalletLookupForm
from aftercare.pages.submit import Saved, submit, submit_if_posted
from aftercare.vehicles import selectors as vehicles
from aftercare.vehicles.models import Vehicle


def _can_redeem(request: HttpRequest) -> bool:
    actor = actor_of(request)
    return actor.kind == ActorKind.STAFF and actor.can("homecoming.redeem_benefit")


def _enrol_form(vehicle: Vehicle, data: Any = None, files: Any = None) -> EnrolForm:
    owning = vehicles.current_ownership(vehicle)
    initial = {"held_since": owning.started_on if owning else None}
    form_class = EnrolForm if vehicles.latest_licence(vehicle) else LicenceEnrolForm
    return form_class(data, files, initial=initial)


def _vehicle_page(
    request: HttpRequest, vehicle: Vehicle, form: EnrolForm | None = None, status: int = 200
) -> HttpResponse:
    actor = actor_of(request)
    wallet = homecoming.vehicle_wallet(vehicle_id=vehicle.pk)
    enrolments = homecoming.enrolment_list(actor=actor, vehicle_id=vehicle.pk)
    context = {
        "vehicle": vehicle,
        "wallet": wallet,
        "eligibility": None if wallet else homecoming.vehicle_eligibility(vehicle_id=vehicle.pk),
        "enrolments": [(e, homecoming.refusal_messages(e)) for e in enrolments],
        "can_enrol": actor.can("homecoming.enrol_vehicle") and wallet is None,
        "can_redeem": _can_redeem(request),
        "store_participates": homecoming.store_participates(store_id=actor.store_id),
        "can_reveal": actor.can("owners.reveal_personal_data"),
        "form": form or _enrol_form(vehicle),
        "redeem_form": RedeemForm(),
        "today": timezone.localdate(),
    }
    return render(request, "console/homecoming/vehicle.html", context, status=status)


@staff_page
def vehicle_homecoming(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """A car's Homecoming: the wallet with redemption, or what it takes to enrol, and every application."""
    vehicle = vehicles.vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    return _vehicle_page(request, vehicle)


@staff_page
@require_POST
def vehicle_homecoming_enrol(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Enrol the car at check-in with the owner's purchase details and a photo of the licence."""
    actor = actor_of(request)
    require_permission(actor, "homecoming.enrol_vehicle")
    vehicle = vehicles.vehicle_get(actor=actor, vehicle_id=vehicle_id)
    form = _enrol_form(vehicle, request.POST, request.FILES)
    outcome = submit(
        form,
        lambda _data: services.enrolment_apply(
            actor=actor,
            vehicle_id=vehicle.pk,
            licence=form.licence() if isinstance(form, LicenceEnrolForm) else None,
            **form.enrol_input(),
        ),
    )
    if isinstance(outcome, Saved):
        if outcome.value.approved:
            messages.success(request, _("Enrolled. The owner's benefits wallet is open and they have been told."))
        else:
            messages.warning(request, _("Not eligible yet; the application and its reasons are recorded below."))
        return redirect("console:vehicle-homecoming", vehicle_id=vehicle.pk)
    return _vehicle_page(request, vehicle, form, status=outcome)


@staff_page
def homecoming_hub(request: HttpRequest) -> HttpResponse:
    """Find a wallet by the car's full VIN or plate and the owner's code (cars of any dealer group)."""
    form = WalletLookupForm(request.POST or None)
    outcome = submit_if_posted(request, form, lambda data: _lookup(request, data["vin_or_plate"], data["code"]))
    if isinstance(outcome, Saved):
        return _hub_page(request, form, outcome.value)
    return _hub_page(request, form, None, status=outcome)


def _lookup(request: HttpRequest, vin_or_plate: str, code: str) -> homecoming.WalletView:
    try:
        return homecoming.wallet_lookup(actor=actor_of(request), vin_or_plate=vin_or_plate, code=code)
    except (NotFound, PermissionDenied) as exc:  # on this page a miss is a form answer, not the 404 page
        raise DomainError(exc.code, exc.message, status=404 if isinstance(exc, NotFound) else 403) from exc


def _hub_page(
    request: HttpRequest, form: WalletLookupForm, wallet: homecoming.WalletView | None, status: int = 200
) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "form": form,
        "wallet": wallet,
        "lookup_code": form.cleaned_data.get("code", "") if wallet and hasattr(form, "cleaned_data") else "",
        "lookup_query": form.cleaned_data.get("vin_or_plate", "") if wallet and hasattr(form, "cleaned_data") else "",
        "can_redeem": _can_redeem(request),
        "store_participates": homecoming.store_participates(store_id=actor.store_id),
        "can_manage": actor.can("homecoming.manage_rules"),
        "redeem_form": RedeemForm(),
    }
    return render(request, "console/homecoming/hub.html", context, status=status)


@staff_page
@require_POST
def benefit_redeem(request: HttpRequest, benefit_id: int) -> HttpResponse:
    """Use one voucher at my store, exactly once; back to the car's page or to the lookup it came from."""
    actor = actor_of(request)
    require_permission(actor, "homecoming.redeem_benefit")
    form = RedeemForm(request.POST)
    query = request.POST.get("vin_or_plate", "")
    try:
        form.is_valid()
        benefit = services.benefit_redeem(
            actor=actor,
            benefit_id=benefit_id,
            store_id=actor.store_id,
            reference=form.cleaned_data.get("reference", ""),
            wallet_code=form.cleaned_data.get("wallet_code", ""),
        )
        messages.success(request, _("Redeemed: %(benefit)s.") % {"benefit": benefit.get_kind_display()})
        vehicle_id = benefit.vehicle_id
    except (NotFound, PermissionDenied):
        raise
    except DomainError as exc:
        messages.error(request, exc.render_message())
        vehicle_id = None
    code = form.cleaned_data.get("wallet_code", "") if hasattr(form, "cleaned_data") else ""
    if code:
        lookup = WalletLookupForm({"vin_or_plate": query, "code": code})
        outcome = submit(lookup, lambda data: _lookup(request, data["vin_or_plate"], data["code"]))
        return _hub_page(request, lookup, outcome.value if isinstance(outcome, Saved) else None)
    if vehicle_id is None:
        vehicle_id = int(request.POST.get("vehicle_id") or 0)
    return redirect("console:vehicle-homecoming", vehicle_id=vehicle_id)


def _rules_initial() -> dict[str, Any]:
    current = homecoming.rules_current()
    initial: dict[str, Any] = {
        "min_days_held": current.min_days_held,
        "individual_only": current.individual_only,
        "purchase_channels": current.purchase_channels,
        "use_types": current.use_types,
    }
    for n, tier in enumerate(homecoming.tiers_of(current)):
        initial[f"tier_years_{n}"] = tier.min_years
        initial[f"tier_percent_{n}"] = percent(tier.percent)
    return initial


@staff_page
def rules_page(request: HttpRequest) -> HttpResponse:
    """Operators: the eligibility rules and discount tiers in force, their history, and participating stores."""
    actor = actor_of(request)
    require_permission(actor, "homecoming.manage_rules")
    form = RulesForm(request.POST or None, initial=_rules_initial())
    outcome = submit_if_posted(
        request,
        form,
        lambda data: services.rules_update(
            actor=actor,
            min_days_held=data["min_days_held"],
            individual_only=data["individual_only"],
            purchase_channels=data["purchase_channels"],
            use_types=data["use_types"],
            discount_tiers=form.tier_rows(),
            note=data["note"],
        ),
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("The new rules are in force. Earlier versions stay in the history."))
        return redirect("console:homecoming-rules")
    context = {
        "form": form,
        "current": homecoming.rules_current(),
        "history": [(r, homecoming.tiers_of(r)) for r in homecoming.rules_history()],
        "stores": homecoming.store_participation_list(),
    }
    return render(request, "console/homecoming/rules.html", context, status=outcome)


@staff_page
@require_POST
def store_participation(request: HttpRequest, store_id: int) -> HttpResponse:
    """Operators: a store joins or leaves Homecoming."""
    actor = actor_of(request)
    require_permission(actor, "homecoming.manage_rules")
    active = request.POST.get("active") == "1"
    row = services.store_participation_set(actor=actor, store_id=store_id, active=active)
    name = row.store.name if request.LANGUAGE_CODE.startswith("zh") else (row.store.name_en or row.store.name)
    if active:
        messages.success(request, _("%(store)s now takes part in Homecoming.") % {"store": name})
    else:
        messages.success(request, _("%(store)s no longer takes part in Homecoming.") % {"store": name})
    return redirect("console:homecoming-rules")


@staff_page
def enrolment_photo(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    """The licence photo of an application (personal data): reveal permission, audited, never cached."""
    actor = actor_of(request)
    data = services.enrolment_photo_open(actor=actor, enrolment_id=enrolment_id, ip_address=client_ip(request))
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = 'inline; filename="licence.jpg"'
    return response
