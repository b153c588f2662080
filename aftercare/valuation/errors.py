"""Refusals about valuations and offers, each with a stable code and a message in English and Chinese."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from aftercare.kernel.errors import DomainError, NotFound, PermissionDenied

MODEL_MESSAGES: Mapping[str, Promise] = {
    "model_missing": _("No valuation model is installed. Train one with `aftercare valuation train`."),
    "model_unreadable": _("The valuation model file cannot be read; train it again."),
    "model_version": _("The valuation model file was written by another version; train it again."),
    "model_tampered": _("The valuation model file was changed after training and is refused; train it again."),
    "model_without_metrics": _(
        "The valuation model has no stored accuracy metrics and is refused for serving; train it with "
        "`aftercare valuation train`, which measures and stores them."
    ),
}


def model_unavailable(code: str) -> DomainError:
    message = MODEL_MESSAGES.get(code, MODEL_MESSAGES["model_unreadable"])
    return DomainError(f"valuation_{code}", message, status=503)


def invalid_input(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError("invalid_input", _("Please correct the highlighted fields."), fields=fields)


def not_allowed() -> PermissionDenied:
    return PermissionDenied("permission_denied", _("You do not have permission to do this."))


def offer_not_found() -> NotFound:
    return NotFound("offer_not_found", _("Offer not found."))


def vehicle_not_found() -> NotFound:
    return NotFound("vehicle_not_found", _("Vehicle not found."))


def vehicle_facts_missing(fields: Mapping[str, list[str | Promise]]) -> DomainError:
    return DomainError(
        "vehicle_facts_missing",
        _("This car cannot be valued yet: its record lacks facts the price model needs."),
        fields=fields,
    )


def make_unknown(make: str) -> DomainError:
    message = _("The valuation model does not know the make %(make)s.")
    return DomainError("make_unknown", message, fields={"make": [message]}, params={"make": make})


def offer_already_open() -> DomainError:
    return DomainError(
        "offer_already_open",
        _("This car already has an open one-price offer. Its price is recalculated every night."),
        status=409,
    )


def no_price_bands(currency: str) -> DomainError:
    return DomainError(
        "no_price_bands",
        _("No price bands are set for %(currency)s, so the offer's warranty and return window are unknown."),
        params={"currency": currency},
    )
