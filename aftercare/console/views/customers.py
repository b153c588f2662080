"""Console pages about the dealer group's customers: masked by default, revealed once with a reason."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.console.forms import RevealForm, add_domain_errors
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of, client_ip
from aftercare.network import services as network_services
from aftercare.network.models import Customer
from aftercare.network.selectors import customer_get, customer_list
from aftercare.owners.choices import ConsentPurpose
from aftercare.owners.selectors import consent_current
from aftercare.vehicles.selectors import vehicle_list

PAGE_SIZE = 25


@staff_page
def customers(request: HttpRequest) -> HttpResponse:
    """The group's customers, newest first; `?mine=1` keeps the ones the advisor looks after."""
    actor = actor_of(request)
    mine = request.GET.get("mine") == "1" and actor.staff_id is not None
    rows = customer_list(actor=actor, advisor_id=actor.staff_id if mine else None)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "mine": mine, "query_prefix": "mine=1" if mine else ""}
    return render(request, "console/customer_list.html", context)


def _customer_page(request: HttpRequest, customer: Customer, *, status: int = 200, **extra: Any) -> HttpResponse:
    actor = actor_of(request)
    consent = consent_current(owner_id=customer.owner_id)
    context = {
        "customer": customer,
        "owner": customer.owner,
        # Cars the owner holds now, in this group: the vehicle search by the owner's phone.
        "vehicles": vehicle_list(actor=actor, owner_id=customer.owner_id),
        "consents": [(label, consent.get(value, False)) for value, label in ConsentPurpose.choices],
        "can_reveal": actor.can("owners.reveal_personal_data"),
        "reveal_form": extra.get("reveal_form") or RevealForm(),
        "revealed": extra.get("revealed"),
    }
    return render(request, "console/customer_detail.html", context, status=status)


@staff_page
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    """One customer, masked: advisor, cars, consents."""
    customer = customer_get(actor=actor_of(request), customer_id=customer_id)
    return _customer_page(request, customer)


@staff_page
@require_POST
def customer_reveal(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Show the full personal data once; the service checks the permission and writes the audit entry."""
    actor = actor_of(request)
    customer = customer_get(actor=actor, customer_id=customer_id)
    form = RevealForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            revealed = network_services.customer_reveal(
                actor=actor, customer_id=customer.pk, reason=form.cleaned_data["reason"], ip_address=client_ip(request)
            )
        except DomainError as exc:
            status = add_domain_errors(form, exc)
        else:
            return _customer_page(request, customer, revealed=revealed)
    return _customer_page(request, customer, status=status, reveal_form=form)
