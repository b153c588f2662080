"""Console pages for work orders, made for the advisor's and technician's tablet: the store's board, check-in,
the estimate editor with phone approvals, progress posts, quality check, the six-step delivery and the invoice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.appointments.selectors import appointment_list
from aftercare.console.access import staff_page
from aftercare.homecoming.selectors import vehicle_eligibility
from aftercare.inspections.selectors import vehicle_open_findings
from aftercare.kernel.http import actor_of
from aftercare.network.choices import CertificationLevel
from aftercare.pages.forms import km_field
from aftercare.pages.submit import Saved, submit, submit_if_posted
from aftercare.recalls.selectors import vehicle_open_recalls
from aftercare.vehicles.selectors import vehicle_get
from aftercare.workorders import presenters, selectors, services
from aftercare.workorders.choices import (
    DecisionChannel,
    DeliveryStep,
    FuelLevel,
    LineKind,
    OldPartsDisposal,
    PartClass,
    WorkOrderState,
)
from aftercare.workorders.models import WorkOrder

OPEN = [s for s in WorkOrderState.values if s not in (WorkOrderState.CLOSED, WorkOrderState.CANCELLED)]
BOARD_COLUMNS = [
    (gettext_lazy("Arriving"), [WorkOrderState.BOOKED]),
    (
        gettext_lazy("In the workshop"),
        [WorkOrderState.CHECKED_IN, WorkOrderState.DIAGNOSING, WorkOrderState.APPROVED, WorkOrderState.IN_PROGRESS],
    ),
    (gettext_lazy("Waiting for the owner"), [WorkOrderState.ESTIMATED]),
    (
        gettext_lazy("Quality check and pick-up"),
        [WorkOrderState.QUALITY_CHECK, WorkOrderState.READY, WorkOrderState.DELIVERED],
    ),
]
TOUCH = {"class": "input-lg"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); the services check each file's content."""

    def __init__(self, *args: Any, accept: str = "image/*", **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return single(data, initial)


def _job_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(str(j.pk), j.name) for j in selectors.job_type_list()]


class CheckInForm(forms.Form):
    odometer_km = km_field()
    fuel_level = forms.ChoiceField(
        label=gettext_lazy("Fuel level"), choices=FuelLevel.choices, widget=forms.RadioSelect, required=False
    )
    job_type_id = forms.TypedChoiceField(label=gettext_lazy("Job"), coerce=int, empty_value=None, required=False)
    concerns = forms.CharField(
        label=gettext_lazy("Owner's concerns"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    photos = MultipleFileField(label=gettext_lazy("Walk-around photos"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job_type_id"].choices = _job_choices()  # type: ignore[attr-defined]


class LineForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=LineKind.choices, widget=forms.RadioSelect, initial=LineKind.LABOUR
    )
    job_type_id = forms.TypedChoiceField(label=gettext_lazy("Job"), coerce=int, empty_value=None, required=False)
    description = forms.CharField(label=gettext_lazy("Description"), max_length=200, required=False)
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"),
        required=False,
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
    )
    technician_level = forms.ChoiceField(
        label=gettext_lazy("Certification level"), choices=[("", "—"), *CertificationLevel.choices], required=False
    )
    part_number = forms.CharField(label=gettext_lazy("Part number"), max_length=80, required=False)
    brand = forms.CharField(label=gettext_lazy("Brand"), max_length=80, required=False)
    part_class = forms.ChoiceField(label=gettext_lazy("Part class"), choices=PartClass.choices, required=False)
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity"),
        required=False,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "1", "inputmode": "decimal"}),
    )
    unit_price = forms.DecimalField(
        label=gettext_lazy("Unit price (¥, VAT incl.)"),
        required=False,
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job_type_id"].choices = _job_choices()  # type: ignore[attr-defined]

    def line_input(self) -> services.LineInput:
        d = self.cleaned_data
        return services.LineInput(
            kind=d["kind"],
            job_type_id=d["job_type_id"],
            description=d["description"],
            hours=d["hours"],
            technician_level=d["technician_level"],
            part_number=d["part_number"],
            brand=d["brand"],
            part_class=d["part_class"],
            quantity=d["quantity"],
            unit_price=d["unit_price"],
        )


class ProgressForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Update"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(  # type: ignore[assignment]  # a declared field, not BaseForm.files
        label=gettext_lazy("Photos or a short video"), required=False, accept="image/*,video/mp4,video/webm"
    )
    part_name = forms.CharField(label=gettext_lazy("Part used"), max_length=120, required=False)
    part_brand = forms.CharField(label=gettext_lazy("Brand"), max_length=80, required=False)
    part_number = forms.CharField(label=gettext_lazy("Part number"), max_length=80, required=False)
    old_part_photo = forms.FileField(
        label=gettext_lazy("Old part photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    new_part_photo = forms.FileField(
        label=gettext_lazy("New part photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class QcForm(forms.Form):
    passed = forms.TypedChoiceField(
        label=gettext_lazy("Result"),
        choices=[("1", gettext_lazy("Passed")), ("0", gettext_lazy("Failed: back to the workshop"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="1",
    )
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=1000, required=False)


class DeliveryForm(forms.Form):
    steps = forms.MultipleChoiceField(
        label=gettext_lazy("Delivery steps"),
        choices=DeliveryStep.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    old_parts_disposal = forms.ChoiceField(
        label=gettext_lazy("Old parts"), choices=[("", "—"), *OldPartsDisposal.choices], required=False
    )
    next_service_date = forms.DateField(
        label=gettext_lazy("Next service date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    next_service_km = km_field()


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(choices=WorkOrderState.choices)
    note = forms.CharField(max_length=400, required=False)


def _files(request: HttpRequest, name: str) -> list[Any]:
    return request.FILES.getlist(name)


@staff_page
def board(request: HttpRequest) -> HttpResponse:
    """The store's work orders by stage, and a walk-in check-in by plate or VIN."""
    actor = actor_of(request)
    orders = list(selectors.work_order_list(actor=actor, store_id=actor.store_id).filter(status__in=OPEN)[:200])
    columns = [(label, [w for w in orders if w.status in states]) for label, states in BOARD_COLUMNS]
    today = timezone.localdate()
    booked = list(
        appointment_list(
            actor=actor,
            store_id=actor.store_id,
            date_from=today,
            date_to=today + dt.timedelta(days=3),
            statuses=["booked"],
        )
    )
    opened = WorkOrder.objects.filter(appointment_id__in=[a.pk for a in booked]).values_list(
        "appointment_id", flat=True
    )
    taken = set(opened)
    arriving = [a for a in booked if a.pk not in taken]
    context = {"columns": columns, "arriving": arriving, "can_check_in": actor.can("workorders.check_in")}
    return render(request, "console/workorders/board.html", context)


def _check_in_context(
    request: HttpRequest, vehicle_id: int, form: CheckInForm, work_order: WorkOrder | None
) -> dict[str, Any]:
    vehicle = vehicle_get(actor=actor_of(request), vehicle_id=vehicle_id)
    eligibility = vehicle_eligibility(vehicle_id=vehicle.pk)
    return {
        "vehicle": vehicle,
        "form": form,
        "work_order": work_order,
        "recalls": vehicle_open_recalls(vehicle_id=vehicle.pk),
        "findings": vehicle_open_findings(vehicle_id=vehicle.pk),
        "deferred": list(selectors.vehicle_deferred_work(vehicle_id=vehicle.pk)[:20]),
        "offer_enrolment": eligibility.offer,
    }


def _check_in_save(
    request: HttpRequest, form: CheckInForm, vehicle_id: int, work_order: WorkOrder | None
) -> Saved[WorkOrder] | int:
    actor = actor_of(request)

    def save(data: dict[str, Any]) -> WorkOrder:
        payload = services.CheckInInput(
            odometer_km=data["odometer_km"],
            fuel_level=data["fuel_level"] or "",
            concerns=data["concerns"],
            job_type_id=data["job_type_id"],
            photos=_files(request, "photos"),
        )
        if work_order is None:
            return services.work_order_walk_in(actor=actor, vehicle_id=vehicle_id, data=payload)
        return services.work_order_check_in(actor=actor, work_order_id=work_order.pk, data=payload)

    return submit_if_posted(request, form, save)


@staff_page
def check_in_walk_in(request: HttpRequest, vehicle_id: int) -> HttpResponse:
    """Tablet check-in of a car that came without a booking."""
    form = CheckInForm(request.POST or None, request.FILES or None)
    outcome = _check_in_save(request, form, vehicle_id, None)
    if isinstance(outcome, Saved):
        messages.success(request, _("Checked in. Work order %(number)s opened.") % {"number": outcome.value.number})
        return redirect("console:workorder", work_order_id=outcome.value.pk)
    return render(
        request, "console/workorders/check_in.html", _check_in_context(request, vehicle_id, form, None), status=outcome
    )


@staff_page
def check_in_booked(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """Tablet check-in of a booked car."""
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    initial = {"job_type_id": wo.job_type_id, "concerns": wo.concerns}
    form = CheckInForm(request.POST or None, request.FILES or None, initial=initial)
    outcome = _check_in_save(request, form, wo.vehicle_id, wo)
    if isinstance(outcome, Saved):
        messages.success(request, _("Checked in."))
        return redirect("console:workorder", work_order_id=wo.pk)
    return render(
        request, "console/workorders/check_in.html", _check_in_context(request, wo.vehicle_id, form, wo), status=outcome
    )


@staff_page
def appointment_check_in(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Open (or find) the work order of a booking and go to its check-in."""
    wo = services.work_order_for_appointment(actor=actor_of(request), appointment_id=appointment_id)
    return redirect("console:workorder-check-in", work_order_id=wo.pk)


def _detail(request: HttpRequest, wo: WorkOrder, status: int = 200, **forms_: Any) -> HttpResponse:
    actor = actor_of(request)
    lines = selectors.lines_of(wo)
    done = selectors.delivery_steps_done(work_order=wo)
    context = {
        "wo": wo,
        "stepper": presenters.stepper(wo),
        "sections": selectors.estimate_sections(lines),
        "has_pending": any(x.decision == "pending" for x in lines),
        "transitions": selectors.transitions_for(actor=actor, work_order=wo),
        "photos": selectors.check_in_photos(work_order=wo),
        "posts": selectors.progress_list(work_order=wo),
        "activity": selectors.activity_list(work_order=wo),
        "deferred": presenters.deferred_for(wo),
        "delivery_steps": [(value, label, done.get(value)) for value, label in DeliveryStep.choices],
        "line_form": forms_.get("line_form") or LineForm(),
        "progress_form": forms_.get("progress_form") or ProgressForm(),
        "qc_form": forms_.get("qc_form") or QcForm(),
        "delivery_form": forms_.get("delivery_form") or DeliveryForm(initial={"steps": list(done)}),
        "rates": selectors.labour_rates(store_id=wo.store_id),
        "media_url": "console:workorder-media",
        "can": {
            p: actor.can(f"workorders.{p}")
            for p in ("edit_estimate", "record_approval", "post_progress", "quality_check", "deliver", "check_in")
        },
        "estimate_open": wo.status in ("checked_in", "diagnosing", "estimated", "approved", "in_progress"),
        "progress_open": wo.status
        in ("checked_in", "diagnosing", "estimated", "approved", "in_progress", "quality_check"),
        "invoice_issued": selectors.invoice_of(wo) is not None,
        **presenters.invoice_context(wo, reveal_buyer=False),
    }
    return render(request, "console/workorders/detail.html", context, status=status)


@staff_page
def detail(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """Everything about one work order, with the forms the actor may use in its current state."""
    return _detail(request, selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id))


def _post(request: HttpRequest, work_order_id: int, form: forms.Form, save: Any, done: str, key: str) -> HttpResponse:
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    outcome = submit(form, save)
    if isinstance(outcome, Saved):
        messages.success(request, done)
        return redirect("console:workorder", work_order_id=wo.pk)
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    return _detail(request, wo, status=outcome, **{key: form})


@staff_page
@require_POST
def line_add(request: HttpRequest, work_order_id: int) -> HttpResponse:
    form = LineForm(request.POST)

    def save(data: dict[str, Any]) -> Any:
        return services.estimate_line_add(actor=actor_of(request), work_order_id=work_order_id, data=form.line_input())

    return _post(request, work_order_id, form, save, _("Line added."), "line_form")


@staff_page
@require_POST
def line_remove(request: HttpRequest, work_order_id: int, line_id: int) -> HttpResponse:
    line = selectors.line_get(actor=actor_of(request), line_id=line_id)
    services.estimate_line_remove(actor=actor_of(request), line_id=line.pk)
    messages.success(request, _("Line removed."))
    return redirect("console:workorder", work_order_id=line.work_order_id)


class PhoneDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approved", "approved"), ("declined", "declined")])
    channel = forms.ChoiceField(
        choices=[
            (DecisionChannel.PHONE, DecisionChannel.PHONE.label),
            (DecisionChannel.IN_STORE, DecisionChannel.IN_STORE.label),
        ]
    )


@staff_page
@require_POST
def line_decide(request: HttpRequest, work_order_id: int, line_id: int) -> HttpResponse:
    """Record the owner's decision given by phone or in the store."""
    form = PhoneDecisionForm(request.POST)

    def save(d: dict[str, Any]) -> Any:
        return services.line_decide(
            actor=actor_of(request), line_id=line_id, decision=d["decision"], channel=d["channel"]
        )

    return _post(request, work_order_id, form, save, _("Decision recorded."), "decision_form")


@staff_page
@require_POST
def transition(request: HttpRequest, work_order_id: int) -> HttpResponse:
    form = TransitionForm(request.POST)

    def save(d: dict[str, Any]) -> Any:
        return services.work_order_transition(
            actor=actor_of(request), work_order_id=work_order_id, to_state=d["to_state"], note=d["note"]
        )

    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    outcome = submit(form, save)
    if isinstance(outcome, Saved):
        messages.success(request, _("Status: %(state)s") % {"state": outcome.value.get_status_display()})
    else:
        problems = [str(e) for errs in form.errors.values() for e in errs]
        messages.error(request, " ".join(dict.fromkeys(problems)) or _("This step is not possible now."))
    return redirect("console:workorder", work_order_id=wo.pk)


@staff_page
@require_POST
def progress(request: HttpRequest, work_order_id: int) -> HttpResponse:
    form = ProgressForm(request.POST, request.FILES)

    def save(d: dict[str, Any]) -> Any:
        data = services.ProgressInput(
            text=d["text"],
            files=_files(request, "files"),
            part_name=d["part_name"],
            part_brand=d["part_brand"],
            part_number=d["part_number"],
            old_part_photo=request.FILES.get("old_part_photo"),
            new_part_photo=request.FILES.get("new_part_photo"),
        )
        return services.progress_post(actor=actor_of(request), work_order_id=work_order_id, data=data)

    return _post(request, work_order_id, form, save, _("Progress posted. The owner sees it now."), "progress_form")


@staff_page
@require_POST
def quality_check(request: HttpRequest, work_order_id: int) -> HttpResponse:
    form = QcForm(request.POST)

    def save(d: dict[str, Any]) -> Any:
        return services.quality_check_record(
            actor=actor_of(request), work_order_id=work_order_id, passed=d["passed"], notes=d["notes"]
        )

    return _post(request, work_order_id, form, save, _("Quality check recorded."), "qc_form")


@staff_page
@require_POST
def invoice_issue(request: HttpRequest, work_order_id: int) -> HttpResponse:
    invoice = services.invoice_issue(actor=actor_of(request), work_order_id=work_order_id)
    messages.success(request, _("Invoice %(number)s issued.") % {"number": invoice.number})
    return redirect("console:workorder-invoice", work_order_id=work_order_id)


@staff_page
@require_POST
def delivery(request: HttpRequest, work_order_id: int) -> HttpResponse:
    form = DeliveryForm(request.POST)

    def save(d: dict[str, Any]) -> WorkOrder:
        return services.delivery_confirm(
            actor=actor_of(request),
            work_order_id=work_order_id,
            steps=d["steps"],
            old_parts_disposal=d["old_parts_disposal"],
            next_service_date=d["next_service_date"],
            next_service_km=d["next_service_km"],
        )

    return _post(request, work_order_id, form, save, _("Delivery steps saved."), "delivery_form")


@staff_page
def invoice(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """The invoice page: labour and materials, discounts, VAT, totals, payment state and the guarantee."""
    actor = actor_of(request)
    wo = selectors.work_order_get(actor=actor, work_order_id=work_order_id)
    context = presenters.invoice_context(wo, reveal_buyer=actor.can("owners.reveal_personal_data"))
    context |= {
        "wo": wo,
        "can_issue": actor.can("workorders.deliver")
        and wo.status in ("ready", "delivered")
        and not context["invoice"].issued,
    }
    return render(request, "console/workorders/invoice.html", context)


@staff_page  # type: ignore[arg-type]  # streams the file (FileResponse), so no HttpResponse
def media(request: HttpRequest, attachment_id: int) -> FileResponse:
    """A photo or video, only for staff who may see its work order."""
    attachment = selectors.attachment_get(actor=actor_of(request), attachment_id=attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
