"""Owner portal pages for a repair: follow it live, approve or decline each line, see the invoice, pay (through
the payment provider's page; in development the fake one), and rate the visit."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aftercare.kernel.errors import DomainError
from aftercare.kernel.http import actor_of
from aftercare.pages.submit import Saved, submit
from aftercare.payments.choices import PaymentChannel
from aftercare.payments.providers import FakeProvider, provider_get
from aftercare.payments.services import webhook_receive
from aftercare.portal.access import owner_page
from aftercare.workorders import presenters, selectors, services
from aftercare.workorders.choices import LineDecision, WorkOrderState
from aftercare.workorders.models import WorkOrder


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=gettext_lazy("Your rating"),
        choices=[(str(i), str(i)) for i in range(5, 0, -1)],  # right to left on the page: stars fill leftwards
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PayForm(forms.Form):
    channel = forms.ChoiceField(choices=PaymentChannel.choices)
    idempotency_key = forms.CharField(max_length=100)


@owner_page
def work_order_list(request: HttpRequest) -> HttpResponse:
    """My repairs: open ones first."""
    orders = list(selectors.work_order_list(actor=actor_of(request))[:50])
    return render(request, "portal/workorders/list.html", {"orders": orders})


def _page(
    request: HttpRequest, wo: WorkOrder, status: int = 200, rating_form: RatingForm | None = None
) -> HttpResponse:
    lines = selectors.lines_of(wo)
    context = {
        "wo": wo,
        "stepper": presenters.stepper(wo),
        "sections": selectors.estimate_sections(lines),
        "pending": [x for x in lines if x.decision == LineDecision.PENDING],
        "can_decide": wo.status in ("estimated", "approved", "in_progress"),
        "posts": selectors.progress_list(work_order=wo),
        "media_url": "portal:workorder-media",
        "invoice_issued": selectors.invoice_of(wo) is not None,
        "can_rate": wo.status in (WorkOrderState.DELIVERED, WorkOrderState.CLOSED) and wo.rated_at is None,
        "rating_form": rating_form or RatingForm(),
        "pay_key": uuid.uuid4().hex,
        "channels": PaymentChannel.choices,
        **presenters.invoice_context(wo, reveal_buyer=True),
    }
    return render(request, "portal/workorders/detail.html", context, status=status)


@owner_page
def work_order_detail(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """Follow the repair live: where it is, what was found, the lines to decide, photos, invoice and payment."""
    return _page(request, selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id))


@owner_page
@require_POST
def line_decide(request: HttpRequest, work_order_id: int, line_id: int) -> HttpResponse:
    """Approve or decline one line."""
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    decision = request.POST.get("decision", "")
    try:
        line = services.line_decide(actor=actor_of(request), line_id=line_id, decision=decision)
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.render_message())
    else:
        if line.decision == LineDecision.APPROVED:
            messages.success(request, _("Approved: %(line)s") % {"line": line.description})
        else:
            messages.info(
                request,
                _("Declined: %(line)s. It stays on your car's list for a later visit.") % {"line": line.description},
            )
    return redirect("portal:workorder", work_order_id=wo.pk)


@owner_page
@require_POST
def pay(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """Open a payment (the key from the page makes a double tap one request) and go to the provider's page."""
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose WeChat Pay or Alipay."))
        return redirect("portal:workorder", work_order_id=wo.pk)
    try:
        result = services.work_order_payment_request(
            actor=actor_of(request),
            work_order_id=wo.pk,
            channel=form.cleaned_data["channel"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.render_message())
        return redirect("portal:workorder", work_order_id=wo.pk)
    return redirect(result.payment.checkout_url)


@owner_page
def fake_checkout(request: HttpRequest, provider_ref: str) -> HttpResponse:
    """The development payment provider's page, standing in for WeChat Pay / Alipay: confirm or cancel."""
    wo, payment = selectors.payment_in_scope(actor=actor_of(request), provider_ref=provider_ref)
    if request.method == "POST" and payment.status == "pending":
        provider = provider_get(payment.provider)
        assert isinstance(provider, FakeProvider)
        succeeded = request.POST.get("action") == "confirm"
        body, headers = provider.notification(
            provider_ref=payment.provider_ref, amount=payment.amount, succeeded=succeeded, now=timezone.now()
        )
        webhook_receive(provider_name=payment.provider, body=body, headers=headers)
        if succeeded:
            messages.success(request, _("Payment received: ¥%(amount)s. Thank you!") % {"amount": payment.amount})
        else:
            messages.info(request, _("Payment cancelled."))
        return redirect("portal:workorder", work_order_id=wo.pk)
    return render(request, "portal/workorders/fake_pay.html", {"payment": payment, "wo": wo})


@owner_page
def invoice(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """The invoice: labour and materials, discounts, VAT and totals, payment state, the repair guarantee."""
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    context = presenters.invoice_context(wo, reveal_buyer=True) | {"wo": wo}
    return render(request, "portal/workorders/invoice.html", context)


@owner_page
@require_POST
def rate(request: HttpRequest, work_order_id: int) -> HttpResponse:
    """Rate the visit 1–5 with an optional comment."""
    wo = selectors.work_order_get(actor=actor_of(request), work_order_id=work_order_id)
    form = RatingForm(request.POST)

    def save(d: dict[str, Any]) -> WorkOrder:
        return services.work_order_rate(
            actor=actor_of(request), work_order_id=wo.pk, stars=d["stars"], comment=d["comment"]
        )

    outcome = submit(form, save)
    if isinstance(outcome, Saved):
        messages.success(request, _("Thank you for your rating!"))
        return redirect("portal:workorder", work_order_id=wo.pk)
    return _page(request, selectors.work_order_get(actor=actor_of(request), work_order_id=wo.pk), outcome, form)


@owner_page  # type: ignore[arg-type]  # streams the file (FileResponse), so no HttpResponse
def media(request: HttpRequest, attachment_id: int) -> FileResponse:
    """A photo or video of my own repair."""
    attachment = selectors.attachment_get(actor=actor_of(request), attachment_id=attachment_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
