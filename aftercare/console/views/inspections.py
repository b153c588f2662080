"""Console pages for inspections: start one from a car, the technician's tablet page, completion, the report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.inspections import report as report_lib
from aftercare.inspections import selectors, services
from aftercare.inspections.models import Inspection, InspectionResult
from aftercare.inspections.pdf import pdf_attachment, photo_response
from aftercare.inspections.report import reason_text
from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of
from aftercare.pages.access import require_permission
from aftercare.pages.forms import add_domain_errors, km_field
from aftercare.pages.submit import Saved, submit
from aftercare.vehicles.selectors import vehicle_get

PERMISSION = services.PERMISSION


class StartForm(forms.Form):
    template = forms.ChoiceField(label=gettext_lazy("Inspection"), widget=forms.RadioSelect)
    odometer_km = km_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(t.code, t.name) for t in selectors.template_current_list()]
        field = self.fields["template"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices
        if choices and not self.is_bound:
            self.initial["template"] = choices[0][0]


class ItemForm(forms.Form):
    verdict = forms.ChoiceField(
        required=False, choices=[("", ""), ("ok", "ok"), ("attention", "attention"), ("urgent", "urgent")]
    )
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    photo = forms.FileField(required=False)


class CompleteForm(forms.Form):
    odometer_km = km_field()


class TroubleCodeForm(forms.Form):
    codes = forms.CharField(
        label=gettext_lazy("Trouble codes read"),
        max_length=200,
        help_text=gettext_lazy("Separate codes with spaces or commas, for example P0302 P0420."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
    )
    odometer_km = km_field()


@staff_page
def vehicle_inspections(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """A car's inspections; start a health check or an appraisal; record scan-tool trouble codes."""
    actor = actor_of(request)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    form = StartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        require_permission(actor, PERMISSION)
        outcome = submit(
            form,
            lambda data: services.inspection_start(
                actor=actor, vehicle_id=vehicle.pk, template_code=data["template"], odometer_km=data["odometer_km"]
            ),
        )
        if isinstance(outcome, Saved):
            return redirect("console:inspection", inspection_id=outcome.value.pk)
        status = outcome
    return _vehicle_page(request, vehicle, form, TroubleCodeForm(), status)


def _vehicle_page(
    request: HttpRequest, vehicle: Any, form: StartForm, dtc_form: TroubleCodeForm, status: int
) -> HttpResponse:
    actor = actor_of(request)
    context = {
        "vehicle": vehicle,
        "form": form,
        "dtc_form": dtc_form,
        "inspections": selectors.inspection_list(actor=actor, vehicle_id=vehicle.pk)[:50],
        "findings": selectors.vehicle_open_findings(vehicle_id=vehicle.pk),
        "codes": selectors.active_trouble_codes(vehicle_id=vehicle.pk)[:30],
        "can_inspect": actor.can(PERMISSION),
    }
    return render(request, "console/inspections/vehicle.html", context, status=status)


@staff_page
@require_POST
def trouble_codes(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Record the codes a scan tool read; they pre-fill the next inspection."""
    actor = actor_of(request)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    require_permission(actor, PERMISSION)
    dtc_form = TroubleCodeForm(request.POST)
    outcome = submit(
        dtc_form,
        lambda data: services.trouble_codes_record(
            actor=actor,
            vehicle_id=vehicle.pk,
            codes=data["codes"].replace(",", " ").replace("，", " ").split(),
            odometer_km=data["odometer_km"],
        ),
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("Trouble codes recorded. They will pre-fill the next inspection."))
        return redirect(reverse("console:vehicle-inspections", args=[vehicle.pk]) + "#codes")
    return _vehicle_page(request, vehicle, StartForm(), dtc_form, outcome)


def _item_view(result: InspectionResult) -> dict[str, Any]:
    return {
        "result": result,
        "item": result.item,
        "reasons": [(s.get_source_display(), reason_text(s), s.verdict) for s in result.suggestions.all()],
        "photos": list(result.photos.all()),
    }


def _tablet_context(inspection: Inspection, section_code: str) -> dict[str, Any]:
    results = selectors.result_list(inspection=inspection)
    sections: list[dict[str, Any]] = []
    for r in results:
        if not sections or sections[-1]["code"] != r.item.section.code:
            sections.append(
                {"code": r.item.section.code, "name": r.item.section.name, "total": 0, "done": 0, "flags": 0}
            )
        entry = sections[-1]
        entry["total"] += 1
        entry["done"] += bool(r.verdict)
        entry["flags"] += r.verdict in ("attention", "urgent")
    current = next((s for s in sections if s["code"] == section_code), None)
    if current is None:
        current = next((s for s in sections if s["done"] < s["total"]), sections[0])
    done = sum(s["done"] for s in sections)
    index = sections.index(current)
    return {
        "inspection": inspection,
        "vehicle": inspection.vehicle,
        "sections": sections,
        "section": current,
        "next_section": sections[index + 1] if index + 1 < len(sections) else None,
        "items": [_item_view(r) for r in results if r.item.section.code == current["code"]],
        "done": done,
        "total": len(results),
        "percent": round(100 * done / len(results)) if results else 0,
        "pending_suggestions": sum(1 for r in results if r.suggestion_state == "suggested"),
        "section_unflagged_open": sum(
            1 for r in results if r.item.section.code == current["code"] and not r.verdict and not r.suggested_verdict
        ),
    }


@staff_page
def inspection(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The technician's tablet page: one section at a time, item by item; a completed one shows its report."""
    insp = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    if insp.is_completed:
        return redirect("console:inspection-report", inspection_id=insp.pk)
    context = _tablet_context(insp, request.GET.get("section", ""))
    context["complete_form"] = CompleteForm(initial={"odometer_km": insp.odometer_km})
    context["can_inspect"] = actor_of(request).can(PERMISSION)
    return render(request, "console/inspections/tablet.html", context)


@staff_page
@require_POST
def inspection_item(request: HttpRequest, inspection_id: int, item_code: str) -> HttpResponse:
    """Save one item: a verdict button, and/or a note and a photo. Back to the page at the next open item."""
    actor = actor_of(request)
    insp = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
    require_permission(actor, PERMISSION)
    form = ItemForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise DomainError("invalid_input", _("Please correct the highlighted fields."))
        upload = form.cleaned_data["photo"]
        if upload:
            services.photo_add(actor=actor, inspection_id=insp.pk, item_code=item_code, upload=upload, size=upload.size)
        note = form.cleaned_data["note"] if "note" in request.POST else None
        result = services.result_record(
            actor=actor,
            inspection_id=insp.pk,
            item_code=item_code,
            verdict=form.cleaned_data["verdict"] or None,
            note=note,
        )
    except DomainError as exc:
        add_domain_errors(form, exc)
        messages.error(request, f"{item_code}: {' '.join(_errors(form))}")
        return redirect(_tablet_url(insp.pk, request.POST.get("section", ""), item_code))
    return redirect(_tablet_url(insp.pk, result.item.section.code, _next_open(insp, result)))


def _errors(form: forms.Form) -> list[str]:
    return [str(e) for errs in form.errors.values() for e in errs]


def _next_open(insp: Inspection, result: InspectionResult) -> str:
    later = (
        insp.results.filter(verdict="", item__section=result.item.section, item__position__gt=result.item.position)
        .order_by("item__position")
        .values_list("item__code", flat=True)
        .first()
    )
    return later or result.item.code


def _tablet_url(inspection_id: int, section: str, anchor: str) -> str:
    url = reverse("console:inspection", args=[inspection_id])
    return f"{url}?section={section}#item-{anchor}" if section else f"{url}#item-{anchor}"


@staff_page
@require_POST
def section_ok(request: HttpRequest, inspection_id: int, section_code: str) -> HttpResponse:
    """Everything else in this section is fine: mark the unflagged open items ok in one tap."""
    actor = actor_of(request)
    insp = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
    require_permission(actor, PERMISSION)
    try:
        count = services.section_mark_ok(actor=actor, inspection_id=insp.pk, section_code=section_code)
    except DomainError as exc:
        messages.error(request, exc.render_message())
        return redirect("console:inspection", inspection_id=insp.pk)
    messages.success(request, _("%(count)s items marked OK.") % {"count": count})
    return redirect(_tablet_url(insp.pk, section_code, "top"))


@staff_page
@require_POST
def inspection_complete(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """Finish the inspection; a missing verdict is named, and nothing is saved until all are given."""
    actor = actor_of(request)
    insp = selectors.inspection_get(actor=actor, inspection_id=inspection_id)
    require_permission(actor, PERMISSION)
    form = CompleteForm(request.POST)
    outcome = submit(
        form,
        lambda data: services.inspection_complete(actor=actor, inspection_id=insp.pk, odometer_km=data["odometer_km"]),
    )
    if isinstance(outcome, Saved):
        messages.success(request, _("Inspection completed. The owner can now read the report."))
        return redirect("console:inspection-report", inspection_id=insp.pk)
    context = _tablet_context(insp, request.POST.get("section", ""))
    context |= {"complete_form": form, "can_inspect": True}
    return render(request, "console/inspections/tablet.html", context, status=outcome)


@staff_page
def inspection_report(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The report as the owner will see it, plus the machine-and-technician view of every item."""
    insp = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    report = report_lib.build(insp)
    results = selectors.result_list(inspection=insp)
    dual = [_item_view(r) for r in results if r.suggested_verdict]
    share_url = request.build_absolute_uri(reverse("public:inspection-report", args=[insp.share_token]))
    context = {"inspection": insp, "vehicle": insp.vehicle, "report": report, "dual": dual, "share_url": share_url}
    return render(request, "console/inspections/report.html", context)


@staff_page
def inspection_pdf(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """The owner's PDF, as staff hand it over."""
    insp = selectors.inspection_get(actor=actor_of(request), inspection_id=inspection_id)
    share_url = request.build_absolute_uri(reverse("public:inspection-report", args=[insp.share_token]))
    return pdf_attachment(insp, share_url)


@staff_page
def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    """A photo of an inspection in the actor's scope; never a public media URL."""
    found = selectors.photo_get(actor=actor_of(request), photo_id=photo_id)
    return photo_response(found)
