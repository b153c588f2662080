"""Owner portal pages for inspection reports: a car's reports, one plain-language report, its PDF and photos."""

from __future__ import annotations

from typing import Any

import segno
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from aftercare.inspections import report as report_lib
from aftercare.inspections import selectors
from aftercare.inspections.models import Inspection
from aftercare.inspections.pdf import pdf_attachment, photo_response
from aftercare.kernel.http import actor_of
from aftercare.portal.access import owner_page
from aftercare.vehicles.selectors import vehicle_get


def share_url(request: HttpRequest, inspection: Inspection) -> str:
    """The unguessable public link of a completed report."""
    return request.build_absolute_uri(reverse("public:inspection-report", args=[inspection.share_token]))


def qr_svg(url: str) -> str:
    """An inline SVG QR code of the link (no image request, no external service)."""
    return segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#18212f")


@owner_page
def vehicle_inspections(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """All completed reports of my car and what is still to be fixed."""
    actor = actor_of(request)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    context = {
        "vehicle": vehicle,
        "inspections": selectors.inspection_list(actor=actor, vehicle_id=vehicle.pk),
        "findings": selectors.vehicle_open_findings(vehicle_id=vehicle.pk),
    }
    return render(request, "portal/inspections/list.html", context)


@owner_page
def inspection(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """One report in plain language: what to fix now, what to plan, what is fine; share and download."""
    insp = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    url = share_url(request, insp)
    context: dict[str, Any] = {
        "vehicle": insp.vehicle,
        "report": report_lib.build(insp),
        "share_url": url,
        "qr_svg": qr_svg(url),
        "pdf_url": reverse("portal:inspection-pdf", args=[insp.pk]),
        "photo_url": reverse("portal:inspection-photo", args=[0]).removesuffix("0/"),
    }
    return render(request, "portal/inspections/report.html", context)


@owner_page
def inspection_pdf(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The report as a PDF in the language I am reading in."""
    insp = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    return pdf_attachment(insp, share_url(request, insp))


@owner_page
def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """A photo of one of my completed reports."""
    found = selectors.photo_get(actor=actor_of(request), photo_id=photo_id)
    return photo_response(found)
