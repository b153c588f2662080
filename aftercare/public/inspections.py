"""The shared report: anyone holding the unguessable link (or its QR code) can read it, with no personal data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from aftercare.inspections import report as report_lib
from aftercare.inspections import selectors
from aftercare.inspections.pdf import pdf_attachment, photo_response
from aftercare.kernel.errors import NotFound


def _by_token(token: str):  # type: ignore[no-untyped-def]
    try:
        return selectors.inspection_by_token(token=token)
    except NotFound as exc:
        raise Http404(exc.code) from exc


@require_GET
def inspection_report(request: HttpRequest, token: str) -> HttpResponse:
    """The plain-language report behind a share link."""
    insp = _by_token(token)
    context = {
        "vehicle": insp.vehicle,
        "report": report_lib.build(insp),
        "pdf_url": reverse("public:inspection-pdf", args=[token]),
        "photo_url": reverse("public:inspection-photo", args=[token, 0]).removesuffix("0/"),
    }
    response = render(request, "public/inspections/report.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


@require_GET
def inspection_pdf(request: HttpRequest, token: str) -> HttpResponse:
    insp = _by_token(token)
    return pdf_attachment(insp, request.build_absolute_uri(reverse("public:inspection-report", args=[token])))


@require_GET
def inspection_photo(request: HttpRequest, token: str, photo_id: int) -> HttpResponse:
    try:
        found = selectors.photo_by_token(token=token, photo_id=photo_id)
    except NotFound as exc:
        raise Http404(exc.code) from exc
    return photo_response(found)
