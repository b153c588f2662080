"""Console pages about the network: stores, their hours, bays and staff; departures; the staff member's inbox."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aftercare.console.access import staff_page
from aftercare.console.forms import DepartureForm
from aftercare.kernel.http import actor_of
from aftercare.network import services as network_services
from aftercare.network.models import Staff
from aftercare.network.selectors import (
    advisor_list,
    customer_list,
    staff_get,
    staff_list,
    staff_successor,
    store_get,
    store_list,
)
from aftercare.pages.access import require_permission
from aftercare.pages.inbox import inbox_views
from aftercare.pages.submit import Saved, submit_if_posted

MANAGE_STAFF = "network.manage_staff"


@staff_page
def stores(request: HttpRequest) -> HttpResponse:
    """Stores in the actor's scope, with bay and staff counts."""
    return render(request, "console/store_list.html", {"stores": store_list(actor=actor_of(request))})


@staff_page
def store_detail(request: HttpRequest, store_id: int) -> HttpResponse:
    """Address, opening hours, bays with their skills, and staff by role and level."""
    actor = actor_of(request)
    store = store_get(actor=actor, store_id=store_id)
    context = {
        "store": store,
        "bays": store.bays.all(),
        "staff": staff_list(actor=actor, store_id=store.pk),
        "can_manage_staff": actor.can(MANAGE_STAFF),
    }
    return render(request, "console/store_detail.html", context)


def _departure_page(request: HttpRequest, staff: Staff, form: DepartureForm, status: int = 200) -> HttpResponse:
    customer_count = customer_list(actor=actor_of(request), advisor_id=staff.pk).count()
    context = {
        "staff": staff,
        "customer_count": customer_count,
        "form": form,
        # Customers and nobody to take them: the service would refuse, so say why instead of offering the button.
        "blocked": customer_count > 0 and not form.has_advisors,
    }
    return render(request, "console/staff_depart.html", context, status=status)


def _departed_message(request: HttpRequest, staff: Staff, moved: int) -> str:
    successor = staff_successor(actor=actor_of(request), staff_id=staff.pk) if moved else None
    if successor is None:
        return _("Departure of %(name)s recorded. There were no customers to hand over.") % {"name": staff.display_name}
    text = ngettext(
        "Departure of %(name)s recorded. %(count)d customer moved to %(successor)s.",
        "Departure of %(name)s recorded. %(count)d customers moved to %(successor)s.",
        moved,
    )
    return text % {"name": staff.display_name, "count": moved, "successor": successor.display_name}


@staff_page
def staff_depart(request: HttpRequest, staff_id: int) -> HttpResponse:
    """Confirm that someone left and who takes over their customers; the login is closed in the same step."""
    actor = actor_of(request)
    require_permission(actor, MANAGE_STAFF)
    staff = staff_get(actor=actor, staff_id=staff_id)
    advisors = advisor_list(actor=actor, dealer_group_id=staff.dealer_group_id, exclude_staff_id=staff.pk)
    form = DepartureForm(request.POST if request.method == "POST" else None, advisors=advisors)
    outcome = submit_if_posted(
        request,
        form,
        lambda data: network_services.staff_depart(actor=actor, staff_id=staff.pk, successor_id=data["successor_id"]),
    )
    if isinstance(outcome, Saved):
        _, moved = outcome.value
        messages.success(request, _departed_message(request, staff, moved))
        return redirect("console:store", store_id=staff.store_id) if staff.store_id else redirect("console:stores")
    return _departure_page(request, staff, form, status=outcome)


# The staff member's own messages, newest first; marking someone else's message read is a 404.
inbox, inbox_read, inbox_read_all = inbox_views(
    staff_page, template="console/inbox.html", inbox_url_name="console:inbox"
)
