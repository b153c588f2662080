"""A technician completes the 76-item health check on the tablet page (confirming and overriding machine
suggestions); the owner reads the plain-language report and downloads the PDF, whose Chinese text extracts."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from aftercare.inspections import services
from aftercare.inspections.models import Inspection
from aftercare.network.tests.factories import PASSWORD, StaffFactory, StoreFactory, actor_of_staff
from aftercare.owners.tests.factories import OwnerFactory
from aftercare.vehicles.tests.factories import OdometerReadingFactory, vehicle_with_owner
from tests.e2e.conftest import ARTIFACTS, MOBILE, staff_login
from tests.e2e.test_journeys import owner_logs_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 1366}


def _photo(path) -> None:  # type: ignore[no-untyped-def]
    Image.new("RGB", (1200, 900), (150, 160, 170)).save(path, format="JPEG")


def _decide_suggestions(page) -> int:  # type: ignore[no-untyped-def]
    """Confirm every machine suggestion still waiting in the current section; returns how many."""
    done = 0
    while page.locator(".insp-confirm").count():
        page.locator(".insp-confirm").first.click()
        page.wait_for_load_state()
        done += 1
    return done


def test_technician_completes_health_check_and_owner_reads_report_and_pdf(new_page, sms_code, shot, tmp_path) -> None:
    store = StoreFactory(name="北京朝阳门店")
    tech = StaffFactory(store=store, technician=True, display_name="李师傅")
    owner = OwnerFactory(name="王小明", phone="+8613800138000")
    car = vehicle_with_owner(dealer_group=store.dealer_group, owner=owner, plate="京A12345", model="朗逸")
    OdometerReadingFactory(vehicle=car, km=88_000, read_at=timezone.now() - dt.timedelta(days=20))
    services.trouble_codes_record(actor=actor_of_staff(tech), vehicle_id=car.pk, codes=["P0302"])

    # --- The technician, on a tablet ---------------------------------------------------------------------
    page = new_page(TABLET)
    staff_login(page, tech.user.username, PASSWORD)
    page.goto(f"/console/vehicles/{car.pk}/")
    page.click("#inspections .btn-primary")
    page.click("#start button[type=submit]")
    page.wait_for_selector(".insp-head")
    inspection = Inspection.objects.get(vehicle=car)
    assert page.locator("#item-DT14 .insp-suggest").count() == 1  # misfire code → acceleration/ignition
    assert "P0302" in page.inner_text("#item-DT14")
    shot(page, "1-tablet-suggestions")

    # Override the fault-code scan (codes cleared after the check), confirm the rest, the other items are fine.
    page.click("#item-DT22 .v-ok")
    page.wait_for_load_state()
    assert page.locator("#item-DT22 .insp-suggest[data-state=overridden]").count() == 1
    _decide_suggestions(page)
    page.click(".insp-bulk button")
    page.wait_for_load_state()
    shot(page, "2-drivetrain-done")

    page.click(".insp-tabs a:nth-child(2)")
    page.wait_for_load_state()
    page.locator("#item-CH04 details summary").click()
    page.fill("#note-CH04", "前刹车片剩余约2毫米")
    page.click("#item-CH04 .v-urgent")
    page.wait_for_load_state()
    _decide_suggestions(page)
    page.click(".insp-bulk button")
    page.wait_for_load_state()

    page.click(".insp-tabs a:nth-child(3)")
    page.wait_for_load_state()
    page.locator("#item-BE21 details summary").click()
    page.fill("#note-BE21", "左后门两处细小划痕")
    photo = tmp_path / "door.jpg"
    _photo(photo)
    page.set_input_files("#item-BE21 input[type=file]", str(photo))
    page.click("#item-BE21 .v-attention")
    page.wait_for_load_state()
    assert page.locator("#item-BE21 .insp-photos img").count() == 1
    _decide_suggestions(page)
    page.click(".insp-bulk button")
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=progress]").replace(" ", "") == "76/76"
    shot(page, "3-body-electrical")

    page.fill("#complete input[name=odometer_km]", "91000")
    page.click("#complete button[type=submit]")
    page.wait_for_selector(".insp-summary")
    assert f"/console/inspections/{inspection.pk}/report/" in page.url
    shot(page, "4-staff-report")
    inspection.refresh_from_db()
    assert (inspection.status, inspection.urgent_count, inspection.attention_count) == ("completed", 1, 2)
    states = dict(inspection.results.exclude(suggested_verdict="").values_list("item__code", "suggestion_state"))
    assert states == {"DT14": "confirmed", "DT22": "overridden"}  # both views kept

    # --- The owner, on a phone -----------------------------------------------------------------------
    phone = new_page(MOBILE)
    owner_logs_in(phone, sms_code, shot)
    phone.goto(f"/my/vehicles/{car.pk}/")
    phone.click(f"a[href='/my/inspections/{inspection.pk}/']")
    phone.wait_for_selector(".insp-share")
    text = phone.inner_text("main")
    assert "前刹车片已磨到极限" in text
    assert "局部补漆即可，不必整面喷漆" in text and "左后门两处细小划痕" in text
    assert text.index("前刹车片已磨到极限") < text.index("局部补漆即可")  # urgent first
    assert phone.locator(".insp-qr-code svg").count() == 1
    shot(phone, "5-owner-report")

    with phone.expect_download() as download:
        phone.click(".insp-share a[download]")
    pdf_path = tmp_path / "report.pdf"
    download.value.save_as(str(pdf_path))
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf_path, ARTIFACTS / "test_inspections-report.pdf")
    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    compact = "".join("".join(p.extract_text() for p in reader.pages).split())
    for expected in (
        "76项车辆健康检测",
        "京A12345",
        "前刹车片已磨到极限",
        "局部补漆即可，不必整面喷漆",
        "左后门两处细小划痕",
    ):
        assert expected in compact, expected
    if shutil.which("pdftotext"):
        out = subprocess.run(  # noqa: S603
            [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(pdf_path), "-"],
            capture_output=True,
            check=True,
            text=True,
        )
        assert "局部补漆即可" in "".join(out.stdout.split())

    # The share link opens without a login and shows no personal data.
    anonymous = new_page(MOBILE)
    anonymous.goto(f"/r/{inspection.share_token}/")
    shared = anonymous.inner_text("main")
    assert "前刹车片已磨到极限" in shared and "王小明" not in shared and "13800138000" not in shared
    shot(anonymous, "6-shared")
