"""The providers' webhook: public (no login), authenticated by the provider's signature, deduplicated."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from aftercare.payments import services
from aftercare.payments.schemas import WebhookOut

router = Router()


@router.post(
    "/payments/webhooks/{provider}",
    response=WebhookOut,
    auth=None,
    summary="Payment provider notification (signature-checked; a repeat is acknowledged and ignored)",
)
def webhook(request: HttpRequest, provider: str) -> WebhookOut:
    headers = {key: value for key, value in request.headers.items()}
    result = services.webhook_receive(provider_name=provider[:16], body=request.body, headers=headers)
    return WebhookOut(outcome=result.outcome)
