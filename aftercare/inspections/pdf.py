"""The owner's report as a PDF (fpdf2) with an embedded, subset Noto Sans SC so Chinese text extracts correctly.

The font comes from the `justmytype-intl-cjk` wheel (Google Fonts' variable Noto Sans SC, SIL OFL 1.1).
Pinning a variable font to a weight is slow (~13 s for 30,000 glyphs), so the static Regular and Bold instances
are made once and cached under var/fonts/; every PDF then embeds only the glyphs it uses (ADR 0012).
"""

from __future__ import annotations

import io
import os
import tempfile
import threading
from importlib import resources
from pathlib import Path
from typing import Any

import segno
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from aftercare.inspections.models import Inspection, ResultPhoto
from aftercare.inspections.report import Report, build

FONT_PACKAGE = "justmytype_intl_cjk"
FONT_RESOURCE = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
WEIGHTS = {"": 400, "B": 700}
_lock = threading.Lock()

INK = (31, 41, 55)
MUTED = (107, 114, 128)
COLOURS = {"urgent": (185, 28, 28), "attention": (180, 83, 9), "ok": (21, 128, 61)}


def _variable_font() -> Path:
    override = getattr(settings, "AFTERCARE_PDF_FONT", "")
    if override:
        return Path(override)
    return Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_RESOURCE)))


def _cache_dir() -> Path:
    return Path(getattr(settings, "VAR_DIR", tempfile.gettempdir())) / "fonts"


def font_files() -> dict[str, Path]:
    """Static Regular/Bold instances of the CJK font, made once per machine (atomic rename, so concurrent safe)."""
    source = _variable_font()
    out: dict[str, Path] = {}
    for style, weight in WEIGHTS.items():
        target = _cache_dir() / f"{source.stem.replace('[wght]', '')}-{weight}.ttf"
        if not target.exists():
            with _lock:
                if not target.exists():
                    _instantiate(source, weight, target)
        out[style] = target
    return out


def _instantiate(source: Path, weight: int, target: Path) -> None:
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    target.parent.mkdir(parents=True, exist_ok=True)
    font = TTFont(source)
    if "fvar" in font:
        font = instancer.instantiateVariableFont(font, {"wght": weight})
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    font.save(tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


class _ReportPdf(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("cjk", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 6, f"{self.footer_text}  ·  {self.page_no()}/{{nb}}", align="C")


def vehicle_label(vehicle: Any) -> str:
    """Plate (or the VIN's last 6) and the model: what the owner recognises their car by."""
    name = " ".join(x for x in (vehicle.brand, vehicle.model) if x)
    ident = vehicle.plate or f"VIN …{vehicle.vin[-6:]}"
    return f"{ident}  {name}".strip()


def pdf_attachment(inspection: Inspection, share_url: str) -> HttpResponse:
    """The report PDF as a download, in the active language."""
    data = render(build(inspection), share_url=share_url, vehicle_label=vehicle_label(inspection.vehicle))
    response = HttpResponse(data, content_type="application/pdf")
    name = f"aftercare-{inspection.template.code}-{inspection.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def photo_response(photo: ResultPhoto) -> HttpResponse:
    """A stored inspection photo for an access-checked view (never a public media URL); small, so not streamed."""
    with photo.file.open("rb") as fh:
        response = HttpResponse(fh.read(), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def render(report: Report, *, share_url: str, vehicle_label: str) -> bytes:
    """The report as PDF bytes in the active language."""
    pdf = _ReportPdf(format="A4")
    pdf.set_auto_page_break(auto=True, margin=16)
    for style, path in font_files().items():
        pdf.add_font("cjk", style=style, fname=str(path))
    inspection = report.inspection
    pdf.footer_text = _("Aftercare inspection report #%(id)s") % {"id": inspection.pk}
    pdf.set_title(f"{report.title} #{inspection.pk}")
    pdf.set_creator("Aftercare")
    pdf.add_page()
    _header(pdf, report, vehicle_label)
    _summary(pdf, report)
    _findings(pdf, report)
    _sections(pdf, report)
    _share(pdf, share_url)
    return bytes(pdf.output())


def _header(pdf: FPDF, report: Report, vehicle_label: str) -> None:
    inspection = report.inspection
    pdf.set_text_color(*INK)
    pdf.set_font("cjk", "B", 18)
    pdf.multi_cell(0, 9, report.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    pdf.set_text_color(*MUTED)
    done = timezone.localtime(inspection.completed_at).strftime("%Y-%m-%d %H:%M") if inspection.completed_at else "—"
    km = f"{inspection.odometer_km:,} km" if inspection.odometer_km is not None else "—"
    store = inspection.store.name if _zh_store() else (inspection.store.name_en or inspection.store.name)
    lines = [
        f"{_('Vehicle')}: {vehicle_label}",
        f"{_('Inspected')}: {done}   ·   {_('Odometer')}: {km}",
        f"{_('Store')}: {store}   ·   {_('Technician')}: {inspection.technician.display_name}",
    ]
    for line in lines:
        pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _zh_store() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "zh-hans").startswith("zh")


def _summary(pdf: FPDF, report: Report) -> None:
    pdf.set_fill_color(243, 244, 246)
    pdf.set_text_color(*INK)
    pdf.set_font("cjk", "B", 12)
    pdf.multi_cell(0, 8, f"{_('Overall condition')}: {report.grade_text}", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    counts = _("%(urgent)s urgent · %(attention)s need attention · %(ok)s OK") % {
        "urgent": report.urgent_count,
        "attention": report.attention_count,
        "ok": report.ok_count,
    }
    pdf.multi_cell(0, 7, counts, fill=True, new_x="LMARGIN", new_y="NEXT")
    if report.accident_suspected:
        pdf.set_text_color(*COLOURS["urgent"])
        pdf.multi_cell(
            0,
            7,
            _("A structural point shows damage: under GB/T 30323 this is an accident car."),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    pdf.ln(3)


def _findings(pdf: FPDF, report: Report) -> None:
    groups = [(_("Fix now"), report.urgent, "urgent"), (_("Plan soon"), report.attention, "attention")]
    if not report.findings:
        pdf.set_font("cjk", size=11)
        pdf.set_text_color(*COLOURS["ok"])
        pdf.multi_cell(0, 7, _("Every item was found OK. Nothing needs doing."), new_x="LMARGIN", new_y="NEXT")
        return
    for heading, findings, verdict in groups:
        if not findings:
            continue
        pdf.set_font("cjk", "B", 13)
        pdf.set_text_color(*COLOURS[verdict])
        pdf.multi_cell(0, 8, f"{heading} ({len(findings)})", new_x="LMARGIN", new_y="NEXT")
        for f in findings:
            pdf.set_text_color(*INK)
            pdf.set_font("cjk", "B", 11)
            pdf.multi_cell(0, 6.5, f"{f.name}  ·  {f.section}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("cjk", size=10)
            pdf.multi_cell(0, 5.5, f.explanation, new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(*COLOURS[verdict])
            pdf.multi_cell(0, 5.5, f"{_('What to do')}: {f.next_step}", new_x="LMARGIN", new_y="NEXT")
            pdf.set_text_color(*MUTED)
            if f.note:
                pdf.multi_cell(0, 5.5, f"{_('Technician note')}: {f.note}", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2.5)
        pdf.ln(2)


def _sections(pdf: FPDF, report: Report) -> None:
    pdf.set_text_color(*INK)
    pdf.set_font("cjk", "B", 12)
    pdf.multi_cell(0, 8, _("Checked, by section"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=10)
    for s in report.sections:
        text = _("%(section)s: %(ok)s OK, %(attention)s attention, %(urgent)s urgent") % {
            "section": s["name"],
            "ok": s["ok"],
            "attention": s["attention"],
            "urgent": s["urgent"],
        }
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _share(pdf: FPDF, share_url: str) -> None:
    if not share_url:
        return
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    qr = io.BytesIO()
    segno.make(share_url, error="m").save(qr, kind="png", scale=6, border=2)
    qr.seek(0)
    y = pdf.get_y()
    pdf.image(qr, x=pdf.l_margin, y=y, w=32, h=32)
    pdf.set_xy(pdf.l_margin + 36, y + 4)
    pdf.set_text_color(*INK)
    pdf.set_font("cjk", "B", 10)
    pdf.multi_cell(0, 6, _("Scan to open this report online"), new_x="LEFT", new_y="NEXT")
    pdf.set_font("cjk", size=8)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 4.5, share_url, new_x="LMARGIN", new_y="NEXT")
