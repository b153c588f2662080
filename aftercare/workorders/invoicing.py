"""The invoice as the pages and the API show it: the issued snapshot, or a live preview of the approved lines
with the benefits and car-age discount the car has today. Prices include VAT (13 % on repair labour and parts);
the VAT is split out of each line and rounded to the fen, so totals are always the sums of their lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from aftercare.homecoming.selectors import discount_for, store_participates, vehicle_wallet
from aftercare.kernel.money import upper_rmb
from aftercare.workorders import rules, selectors
from aftercare.workorders.choices import LineDecision
from aftercare.workorders.models import EstimateLine, Invoice, WorkOrder


def charge_lines(work_order: WorkOrder) -> list[EstimateLine]:
    rows = EstimateLine.objects.filter(work_order=work_order, decision=LineDecision.APPROVED)
    return list(rows.select_related("job_type").order_by("kind", "id"))


def _benefit_covers(work_order: WorkOrder, on: dt.date) -> list[rules.BenefitCover]:
    """Unused single-use benefits in the car's wallet that pay for jobs on this invoice (participating stores)."""
    if not store_participates(store_id=work_order.store_id):
        return []
    wallet = vehicle_wallet(vehicle_id=work_order.vehicle_id, on=on)
    if wallet is None:
        return []
    covers = []
    for benefit in wallet.benefits:
        jobs = rules.BENEFIT_JOB_TYPES.get(benefit.kind)
        if jobs and benefit.available:
            covers.append(rules.BenefitCover(ref=benefit.id, label=benefit.label, job_types=jobs))
    return covers


def _percent(work_order: WorkOrder, on: dt.date) -> rules.PercentDiscount | None:
    percent = discount_for(vehicle_id=work_order.vehicle_id, on=on)
    if percent <= 0:
        return None
    label = _("Car-age discount %(percent)s%%") % {"percent": f"{percent.normalize():f}"}
    return rules.PercentDiscount(label=label, rate=percent / Decimal(100))


def invoice_preview(*, work_order: WorkOrder, on: dt.date | None = None) -> rules.Invoice:
    """The invoice the approved lines would make today, with the benefits and discount the car has now."""
    day = on or timezone.localdate()
    lines = [
        rules.ChargeLine(
            ref=x.pk,
            kind=x.kind,
            job_type=x.job_type.code,
            description=x.description,
            amount=x.amount,
            vat_rate=x.vat_rate,
        )
        for x in charge_lines(work_order)
    ]
    return rules.invoice_compute(lines, benefits=_benefit_covers(work_order, day), percent=_percent(work_order, day))


def line_json(computed: rules.InvoiceLine, source: EstimateLine) -> dict[str, object]:
    return {
        "ref": computed.ref,
        "kind": computed.kind,
        "job_type": computed.job_type,
        "job_type_name": source.job_type.name,
        "job_type_name_en": source.job_type.name_en,
        "description": computed.description,
        "part_number": source.part_number,
        "brand": source.brand,
        "part_class": source.part_class,
        "quantity": str(source.quantity) if source.quantity is not None else None,
        "unit": source.unit,
        "unit_price": str(source.unit_price) if source.unit_price is not None else None,
        "hours": str(source.hours) if source.hours is not None else None,
        "hourly_rate": str(source.hourly_rate) if source.hourly_rate is not None else None,
        "amount": str(computed.amount),
        "discounts": [
            {"source": d.source, "ref": d.ref, "label": d.label, "amount": str(d.amount)} for d in computed.discounts
        ],
        "discount": str(computed.discount),
        "payable": str(computed.payable),
        "vat_rate": str(computed.vat_rate),
        "net": str(computed.net),
        "tax": str(computed.tax),
    }


@dataclass(frozen=True)
class InvoiceView:
    """What an invoice page or the API shows; `issued` False means a preview that may still change."""

    issued: bool
    number: str | None
    issued_at: dt.datetime | None
    lines: list[dict[str, Any]]
    labour_amount: Decimal
    parts_amount: Decimal
    discount_total: Decimal
    net_total: Decimal
    tax_total: Decimal
    total: Decimal
    tax_by_rate: list[tuple[Decimal, Decimal, Decimal]]
    paid: bool
    invoice: Invoice | None = None
    prices_include_vat: bool = True

    @property
    def total_in_words(self) -> str:
        return upper_rmb(self.total)

    @property
    def labour_lines(self) -> list[dict[str, Any]]:
        return [x for x in self.lines if x["kind"] == "labour"]

    @property
    def part_lines(self) -> list[dict[str, Any]]:
        return [x for x in self.lines if x["kind"] == "part"]


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _parsed(line: dict[str, Any]) -> dict[str, Any]:
    out = dict(line)
    for key in (
        "amount",
        "discount",
        "payable",
        "vat_rate",
        "net",
        "tax",
        "quantity",
        "unit_price",
        "hours",
        "hourly_rate",
    ):
        out[key] = _dec(line.get(key))
    out["discounts"] = [d | {"amount": Decimal(str(d["amount"]))} for d in line.get("discounts", [])]
    out["vat_percent"] = (out["vat_rate"] or Decimal(0)) * 100
    return out


def invoice_view(*, work_order: WorkOrder) -> InvoiceView:
    """The issued invoice, or the preview of what it would be today."""
    issued = selectors.invoice_of(work_order)
    if issued is not None:
        return InvoiceView(
            issued=True,
            number=issued.number,
            issued_at=issued.issued_at,
            lines=[_parsed(x) for x in issued.lines],
            labour_amount=issued.labour_amount,
            parts_amount=issued.parts_amount,
            discount_total=issued.discount_total,
            net_total=issued.net_total,
            tax_total=issued.tax_total,
            total=issued.total,
            tax_by_rate=[(Decimal(r), Decimal(n), Decimal(t)) for r, n, t in issued.tax_by_rate],
            paid=selectors.invoice_paid(issued),
            invoice=issued,
        )
    preview = invoice_preview(work_order=work_order)
    sources = {x.pk: x for x in charge_lines(work_order)}
    return InvoiceView(
        issued=False,
        number=None,
        issued_at=None,
        lines=[_parsed(line_json(x, sources[x.ref])) for x in preview.lines],
        labour_amount=preview.labour_amount,
        parts_amount=preview.parts_amount,
        discount_total=preview.discount_total,
        net_total=preview.net_total,
        tax_total=preview.tax_total,
        total=preview.total,
        tax_by_rate=list(preview.tax_by_rate),
        paid=False,
    )
