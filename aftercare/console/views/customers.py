"""Console pages about the dealer group's customers: masked by default, revealed once with a reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.console.forms import AdvisorForm, RevealForm
from aftercare.kernel.http import actor_of, client_ip
from aftercare.kernel.tenancy import Actor
from aftercare.network import services as network_services
from aftercare.network.models import Customer
from aftercare.network.selectors import advisor_list, customer_get, customer_handover_list, customer_list
from aftercare.owners.choices import ConsentPurpose
from aftercare.owners.selectors import consent_current
from aftercare.pages.access import require_permission
from aftercare.pages.submit import Saved, submit
from aftercare.vehicles.selectors import vehicle_list

PAGE_SIZE = 25
HANDOVER_CUSTOMERS = "network.handover_customers"


@staff_page
def customers(request: HttpRequest) -> HttpResponse:
    """The group's customers, newest first; `?mine=1` keeps the ones the advisor looks after."""
    actor = actor_of(request)
    mine = request.GET.get("mine") == "1" and actor.staff_id is not None
    rows = customer_list(actor=actor, advisor_id=actor.staff_id if mine else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "mine": mine, "query_prefix": "mine=1" if mine else ""}
    return render(request, "console/customer_list.html", context)


def _advisor_form(actor: Actor, customer: Customer, data: Any = None) -> AdvisorForm:
    """The other active advisors of the customer's group to choose from (the current one is no change)."""
    advisors = advisor_list(actor=actor, dealer_group_id=customer.dealer_group_id, exclude_staff_id=customer.advisor_id)
    return AdvisorForm(data, advisors=advisors)


def _customer_page(request: HttpRequest, customer: Customer, *, status: int = 200, **extra: Any) -> HttpResponse:
    actor = actor_of(request)
    consent = consent_current(owner_id=customer.owner_id)
    can_handover = actor.can(HANDOVER_CUSTOMERS)
    context = {
        "customer": customer,
        "owner": customer.owner,
        # Cars the owner holds now, in this group: the vehicle search by the owner's phone.
        "vehicles": vehicle_list(actor=actor, owner_id=customer.owner_id),
        "consents": [(label, consent.get(value, False)) for value, label in ConsentPurpose.choices],
        "can_reveal": actor.can("owners.reveal_personal_data"),
        "reveal_form": extra.get("reveal_form") or RevealForm(),
        "revealed": extra.get("revealed"),
        "handovers": customer_handover_list(actor=actor, customer_id=customer.pk),
        "can_handover": can_handover,
        "advisor_form": extra.get("advisor_form") or (_advisor_form(actor, customer) if can_handover else None),
    }
    return render(request, "console/customer_detail.html", context, status=status)


@staff_page
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    """One customer, masked: advisor and its handovers, cars, consents."""
    customer = customer_get(actor=actor_of(request), customer_id=customer_id)
    return _customer_page(request, customer)


@staff_page
@require_POST
def customer_reveal(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Show the full personal data once; the service checks the permission and writes the audit entry."""
    actor = actor_of(request)
    customer = customer_get(actor=actor, customer_id=customer_id)
    form = RevealForm(request.POST)
    outcome = submit(
        form,
        lambda data: network_services.customer_reveal(
            actor=actor, customer_id=customer.pk, reason=data["reason"], ip_address=client_ip(request)
        ),
    )
    if isinstance(outcome, Saved):
        return _customer_page(request, customer, revealed=outcome.value)
    return _customer_page(request, customer, status=outcome, reveal_form=form)


@staff_page
@require_POST
def customer_advisor(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Give the customer another dedicated advisor; the handover stays in the customer's history."""
    actor = actor_of(request)
    require_permission(actor, HANDOVER_CUSTOMERS)
    customer = customer_get(actor=actor, customer_id=customer_id)
    form = _advisor_form(actor, customer, request.POST)
    outcome = submit(
        form,
        lambda data: network_services.customer_advisor_assign(
            actor=actor, customer_id=customer.pk, advisor_id=data["advisor_id"]
        ),
    )
    if isinstance(outcome, Saved):
        advisor = outcome.value.advisor
        name = advisor.display_name if advisor else ""
        messages.success(request, _("%(name)s is now this customer's dedicated advisor.") % {"name": name})
        return redirect("console:customer", customer_id=customer.pk)
    return _customer_page(request, customer, status=outcome, advisor_form=form)
