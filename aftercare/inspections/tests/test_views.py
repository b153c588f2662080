"""Inspection pages: the tablet works without JavaScript; owners read plain reports; links and photos are scoped."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from aftercare.inspections import services
from aftercare.inspections.models import Inspection, InspectionResult, ResultPhoto
from aftercare.inspections.tests.factories import HEALTH, bay, completed, jpeg_bytes
from aftercare.network.tests.factories import StaffFactory, StoreFactory
from aftercare.owners.tests.factories import OwnerFactory

pytestmark = pytest.mark.django_db


def _tech_client(client: Client, b) -> Client:  # type: ignore[no-untyped-def]
    client.cookies["django_language"] = "en"  # pages are Chinese unless the person switches
    client.force_login(b.technician.user)
    return client


def test_start_from_the_vehicle_and_work_item_by_item_without_javascript(client: Client) -> None:
    b = bay()
    c = _tech_client(client, b)
    page = c.get(reverse("console:vehicle", args=[b.vehicle.pk]))
    assert reverse("console:vehicle-inspections", args=[b.vehicle.pk]) in page.content.decode()
    response = c.post(reverse("console:vehicle-inspections", args=[b.vehicle.pk]), {"template": HEALTH})
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("console:inspection", args=[inspection.pk])
    tablet = c.get(response["Location"]).content.decode()
    assert 'capture="environment"' in tablet and 'accept="image/*"' in tablet
    assert "机油液位及油质" in tablet and "Engine oil level &amp; condition" in tablet
    url = reverse("console:inspection-item", args=[inspection.pk, "DT01"])
    photo = SimpleUploadedFile("oil.jpg", jpeg_bytes(), content_type="image/jpeg")
    response = c.post(url, {"verdict": "attention", "note": "机油发黑", "photo": photo, "section": "drivetrain"})
    assert response.status_code == 302 and "#item-DT02" in response["Location"]
    result = InspectionResult.objects.get(inspection=inspection, item__code="DT01")
    assert (result.verdict, result.note, result.photos.count()) == ("attention", "机油发黑", 1)


def test_section_ok_skips_items_with_suggestions(client: Client) -> None:
    b = bay()
    services.trouble_codes_record(actor=b.actor, vehicle_id=b.vehicle.pk, codes=["P0420"])
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    c = _tech_client(client, b)
    c.post(reverse("console:inspection-section-ok", args=[inspection.pk, "drivetrain"]))
    open_items = set(
        inspection.results.filter(item__section__code="drivetrain", verdict="").values_list("item__code", flat=True)
    )
    assert open_items == {"DT13", "DT22"}  # the machine flagged these: a person decides


def test_completing_too_early_names_what_is_missing_and_saves_nothing(client: Client) -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    c = _tech_client(client, b)
    response = c.post(
        reverse("console:inspection-complete", args=[inspection.pk]),
        {"odometer_km": "30000"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "76 items still need a verdict" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "in_progress"


def test_owner_reads_the_report_downloads_the_pdf_and_sees_photos(client: Client) -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    photo = services.photo_add(
        actor=b.actor, inspection_id=inspection.pk, item_code="BE21", upload=io.BytesIO(jpeg_bytes()), size=None
    )
    for r in inspection.results.select_related("item"):
        v = "attention" if r.item.code == "BE21" else "ok"
        services.result_record(actor=b.actor, inspection_id=inspection.pk, item_code=r.item.code, verdict=v)
    services.inspection_complete(actor=b.actor, inspection_id=inspection.pk)
    client.force_login(b.owner.user)
    car = client.get(reverse("portal:vehicle", args=[b.vehicle.pk])).content.decode()
    assert reverse("portal:inspection", args=[inspection.pk]) in car
    page = client.get(reverse("portal:inspection", args=[inspection.pk])).content.decode()
    assert "局部补漆即可，不必整面喷漆" in page and "<svg" in page and inspection.share_token in page
    pdf = client.get(reverse("portal:inspection-pdf", args=[inspection.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "局部补漆" in "".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    image = client.get(reverse("portal:inspection-photo", args=[photo.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_share_link_works_without_login_and_leaks_no_personal_data(client: Client) -> None:
    b = bay()
    inspection = completed(b, {"CH04": "urgent"})
    response = client.get(reverse("public:inspection-report", args=[inspection.share_token]))
    html = response.content.decode()
    assert response.status_code == 200 and "前刹车片已磨到极限" in html
    assert b.owner.name not in html and b.owner.phone[-8:] not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert (
        client.get(reverse("public:inspection-pdf", args=[inspection.share_token]))["Content-Type"] == "application/pdf"
    )
    wrong = inspection.share_token[:-2] + ("AA" if not inspection.share_token.endswith("AA") else "BB")
    assert client.get(reverse("public:inspection-report", args=[wrong])).status_code == 404


def test_unfinished_inspection_is_not_shared_or_shown_to_the_owner(client: Client) -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    assert client.get(reverse("public:inspection-report", args=[inspection.share_token])).status_code == 404
    client.force_login(b.owner.user)
    assert client.get(reverse("portal:inspection", args=[inspection.pk])).status_code == 404


def test_photos_and_reports_of_other_tenants_are_404(client: Client) -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    photo = services.photo_add(
        actor=b.actor, inspection_id=inspection.pk, item_code="DT01", upload=io.BytesIO(jpeg_bytes()), size=None
    )
    outsider = StaffFactory(store=StoreFactory(), technician=True)
    client.force_login(outsider.user)
    for url in (
        reverse("console:inspection", args=[inspection.pk]),
        reverse("console:inspection-photo", args=[photo.pk]),
        reverse("console:inspection-report", args=[inspection.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("console:inspection-item", args=[inspection.pk, "DT01"]), {"verdict": "urgent"})
    assert response.status_code == 404
    assert not InspectionResult.objects.filter(inspection=inspection).exclude(verdict="").exists()
    stranger = OwnerFactory(login=True)
    client.force_login(stranger.user)
    assert client.get(reverse("portal:inspection-photo", args=[photo.pk])).status_code == 404
    assert ResultPhoto.objects.get().file.name.startswith("inspections/")


def test_a_bad_photo_is_refused_with_a_message(client: Client) -> None:
    b = bay()
    inspection = services.inspection_start(actor=b.actor, vehicle_id=b.vehicle.pk, template_code=HEALTH)
    c = _tech_client(client, b)
    bad = SimpleUploadedFile("x.jpg", b"not really a jpeg", content_type="image/jpeg")
    response = c.post(
        reverse("console:inspection-item", args=[inspection.pk, "DT01"]),
        {"verdict": "ok", "photo": bad, "section": "drivetrain"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "This file is not a photo" in response.content.decode()
    assert not ResultPhoto.objects.exists()
    assert InspectionResult.objects.get(inspection=inspection, item__code="DT01").verdict == ""
