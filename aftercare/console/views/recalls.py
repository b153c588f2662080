"""Console pages about recalls: the campaign list and search, one campaign with the affected cars in the
group, a campaign entered by hand (operators), and completing a recall on a car."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.console.access import staff_page
from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied
from aftercare.kernel.http import actor_of
from aftercare.pages.access import require_permission
from aftercare.pages.forms import DATE, UPPER
from aftercare.pages.submit import Saved, submit
from aftercare.recalls import errors as recall_errors
from aftercare.recalls import selectors, services
from aftercare.recalls.choices import RecallKind, RecallSource, VehicleRecallStatus
from aftercare.recalls.inputs import CampaignInput, CoverageInput
from aftercare.recalls.models import RecallCampaign
from aftercare.vehicles.selectors import vehicle_get

PAGE_SIZE = 25
QUERY_MAX = 60
MANAGE = "recalls.manage_campaigns"
COMPLETE = "recalls.complete_recall"
COVERAGE_ROWS = 4


class CampaignForm(forms.Form):
    number = forms.CharField(
        label=gettext_lazy("Campaign number"),
        max_length=32,
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper", "placeholder": "S2025-0123"}),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=RecallKind.choices)
    source = forms.ChoiceField(
        label=gettext_lazy("Published by"),
        choices=[c for c in RecallSource.choices if c[0] != RecallSource.NHTSA],
        initial=RecallSource.SAMR,
    )
    manufacturer = forms.CharField(label=gettext_lazy("Manufacturer"), max_length=200, required=False)
    component = forms.CharField(label=gettext_lazy("Component"), max_length=300, required=False)
    report_date = forms.DateField(label=gettext_lazy("Report date"), required=False, widget=DATE)
    summary = forms.CharField(
        label=gettext_lazy("Defect or upgrade"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consequence = forms.CharField(
        label=gettext_lazy("Consequence"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    remedy = forms.CharField(
        label=gettext_lazy("Remedy"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CoverageForm(forms.Form):
    make = forms.CharField(label=gettext_lazy("Make"), max_length=100, required=False)
    model = forms.CharField(label=gettext_lazy("Model"), max_length=256, required=False)
    year_from = forms.IntegerField(label=gettext_lazy("Model year from"), required=False)
    year_to = forms.IntegerField(label=gettext_lazy("Model year to"), required=False)
    vin_from = forms.CharField(
        label=gettext_lazy("First VIN"),
        max_length=17,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper"}),
    )
    vin_to = forms.CharField(
        label=gettext_lazy("Last VIN"),
        max_length=17,
        required=False,
        widget=forms.TextInput(attrs=UPPER | {"class": "mono upper"}),
    )
    built_from = forms.DateField(label=gettext_lazy("Built from"), required=False, widget=DATE)
    built_to = forms.DateField(label=gettext_lazy("Built to"), required=False, widget=DATE)


CoverageFormSet = forms.formset_factory(CoverageForm, extra=COVERAGE_ROWS, max_num=50)


class CompleteForm(forms.Form):
    work_order_ref = forms.CharField(label=gettext_lazy("Work order number"), max_length=60, required=False)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=1000, required=False)


@staff_page
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Campaigns, newest first, searchable by number, make, model or words; open cars in scope per campaign."""
    actor = actor_of(request)
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    kind = request.GET.get("kind", "") if request.GET.get("kind") in RecallKind.values else ""
    rows = selectors.campaign_list(actor=actor, query=query, kind=kind).prefetch_related("coverages")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.campaigns_with_counts(actor=actor, campaigns=list(page.object_list))
    context = {
        "page": page,
        "query": query,
        "kind": kind,
        "kinds": RecallKind.choices,
        "query_prefix": urlencode({k: v for k, v in (("q", query), ("kind", kind)) if v}),
        "can_manage": actor.can(MANAGE),
    }
    return render(request, "console/recalls/campaign_list.html", context)


@staff_page
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """One campaign: what it fixes, what it covers, and the cars of the group it matched."""
    actor = actor_of(request)
    campaign = selectors.campaign_get(actor=actor, campaign_id=campaign_id)
    status = request.GET.get("status", "") if request.GET.get("status") in VehicleRecallStatus.values else ""
    rows = selectors.campaign_vehicle_list(actor=actor, campaign_id=campaign.pk, status=status)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "page": page,
        "status": status,
        "query_prefix": urlencode({"status": status}) if status else "",
        "open_count": selectors.campaign_vehicle_list(actor=actor, campaign_id=campaign.pk, status="open").count(),
    }
    return render(request, "console/recalls/campaign_detail.html", context)


def _coverage_inputs(formset: Any) -> tuple[list[CoverageInput], list[int]]:
    """Coverage rows typed in, skipping blank rows; with the form index of each for placing errors."""
    rows, index = [], []
    for n, form in enumerate(formset.forms):
        data = form.cleaned_data if form.is_valid() else {}
        if not any(v not in (None, "") for v in data.values()):
            continue
        rows.append(CoverageInput(**data))
        index.append(n)
    return rows, index


def _place_coverage_errors(exc: DomainError, form: CampaignForm, formset: Any, index: list[int]) -> None:
    """Coverage problems go on their row; 'no coverage at all' goes above the form."""
    for name, msgs in exc.render_fields().items():
        if name == "coverages":
            for message in msgs:
                form.add_error(None, message)
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == "coverages" and parts[1].isdigit() and int(parts[1]) < len(index):
            form = formset.forms[index[int(parts[1])]]
            for message in msgs:
                form.add_error(parts[2], message)


@staff_page
def campaign_create(request: HttpRequest) -> HttpResponse:
    """An operator enters a campaign by hand (for example a SAMR recall); it is matched to the fleet at once."""
    actor = actor_of(request)
    require_permission(actor, MANAGE)
    form = CampaignForm(request.POST or None)
    formset = CoverageFormSet(request.POST or None, prefix="cov")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            coverages, index = _coverage_inputs(formset)

            def save(data: dict[str, Any]) -> RecallCampaign:
                try:
                    return services.campaign_create(actor=actor, data=CampaignInput(**data, coverages=coverages))
                except DomainError as exc:
                    _place_coverage_errors(exc, form, formset, index)
                    raise

            outcome = submit(form, save)
            if isinstance(outcome, Saved):
                messages.success(request, _("Campaign saved. Matching cars are being found and their owners told."))
                return redirect("console:recall", campaign_id=outcome.value.pk)
            status = outcome
    context = {"form": form, "formset": formset}
    return render(request, "console/recalls/campaign_form.html", context, status=status)


@staff_page
@require_POST
def vehicle_recall_complete(request: HttpRequest, vehicle_id: int, vehicle_recall_id: int) -> HttpResponse:
    """Record a recall as done on this car, by hand or naming the work order."""
    actor = actor_of(request)
    vehicle = vehicle_get(actor=actor, vehicle_id=vehicle_id)
    require_permission(actor, COMPLETE)
    recall = selectors.vehicle_recall_get(actor=actor, vehicle_recall_id=vehicle_recall_id)
    if recall.vehicle_id != vehicle.pk:
        raise recall_errors.vehicle_recall_not_found()
    form = CompleteForm(request.POST)
    back = reverse("console:vehicle", kwargs={"vehicle_id": vehicle.pk}) + "#recalls"
    if not form.is_valid():
        messages.error(request, _("The work order number or the note is too long."))
        return redirect(back)
    try:
        services.vehicle_recall_complete(
            actor=actor,
            vehicle_recall_id=recall.pk,
            work_order_ref=form.cleaned_data["work_order_ref"] or None,
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        if isinstance(exc, NotFound | PermissionDenied):
            raise
        problems = [m for msgs in exc.render_fields().values() for m in msgs]
        messages.error(request, " ".join(problems) or exc.render_message())
        return redirect(back)
    messages.success(request, _("Recall %(number)s recorded as completed.") % {"number": recall.campaign.number})
    return redirect(back)
