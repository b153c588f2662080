"""The owner's public-history link for one car: issue it, show its QR code, revoke it or replace it."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftercare.history import selectors as history
from aftercare.history import services as history_services
from aftercare.kernel.http import actor_of
from aftercare.portal.access import owner_page
from aftercare.vehicles.selectors import vehicle_get


def _qr_svg(url: str) -> str:
    return str(segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#18212f"))


@owner_page
def history_share(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """The car's public history link and QR code, or a button to create one."""
    vehicle = vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    share = history.share_active(vehicle_id=vehicle.pk)
    url = request.build_absolute_uri(reverse("public:vehicle-history", args=[share.token])) if share else ""
    context = {"vehicle": vehicle, "share": share, "url": url, "qr_svg": _qr_svg(url) if url else ""}
    return render(request, "portal/history_share.html", context)


@owner_page
@require_POST
def history_share_change(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """issue | revoke | reissue the link; a revoked link stops working at once."""
    vehicle = vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    action = request.POST.get("action", "")
    user_id = actor_of(request).user_id
    if action == "issue":
        history_services.share_issue(vehicle_id=vehicle.pk, user_id=user_id)
        messages.success(request, _("Your car's public history link is ready."))
    elif action == "reissue":
        history_services.share_reissue(vehicle_id=vehicle.pk, user_id=user_id)
        messages.success(request, _("A new link was created; the old link and QR code no longer work."))
    elif action == "revoke":
        history_services.share_revoke(vehicle_id=vehicle.pk)
        messages.success(request, _("The link was revoked; nobody can open it any more."))
    else:
        messages.error(request, _("Choose what to do with the link."))
    return redirect("portal:vehicle-history-share", vehicle_id=vehicle.pk)
