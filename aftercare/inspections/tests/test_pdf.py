"""The PDF report: Chinese and English text extract correctly (pypdf always, pdftotext when installed)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.utils.translation import override
from pypdf import PdfReader

from aftercare.inspections import pdf, report
from aftercare.inspections.tests.factories import bay, completed

pytestmark = pytest.mark.django_db


def _render(lang: str) -> bytes:
    b = bay()
    inspection = completed(b, {"BE21": "attention", "CH04": "urgent"}, odometer_km=61_234)
    result = inspection.results.get(item__code="BE21")
    result.note = "左后门有两处细小划痕"
    result.save()
    with override(lang):
        return pdf.render(report.build(inspection), share_url="https://example.test/r/abc", vehicle_label="京A12345")


def test_chinese_pdf_embeds_a_font_and_its_text_extracts() -> None:
    data = _render("zh-hans")
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    for expected in (
        "76项车辆健康检测",
        "前制动片厚度",
        "车身漆面及覆盖件",
        "局部补漆即可",
        "左后门有两处细小划痕",
        "京A12345",
    ):
        assert expected in compact, expected
    assert compact.index("前制动片厚度") < compact.index("车身漆面及覆盖件"), "urgent findings come first"
    fonts = [
        page["/Resources"]["/Font"][name].get_object() for page in reader.pages for name in page["/Resources"]["/Font"]
    ]
    descendants = [f["/DescendantFonts"][0].get_object() for f in fonts if "/DescendantFonts" in f]
    assert descendants and all("/FontFile2" in d["/FontDescriptor"] for d in descendants), "font not embedded"
    assert len(data) < 400_000, "the font must be subset"


def test_pdftotext_reads_the_chinese_text(tmp_path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(_render("zh-hans"))
    command = [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(path), "-"]
    out = subprocess.run(command, capture_output=True, check=True, text=True)  # noqa: S603
    compact = "".join(out.stdout.split())
    assert "前刹车片已磨到极限" in compact and "局部补漆即可，不必整面喷漆" in compact


def test_english_pdf_says_the_same_in_english() -> None:
    reader = PdfReader(io.BytesIO(_render("en")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Front pad thickness" in text and "A local touch-up is enough" in text
