"""Choices for Homecoming (回家计划): purchase channels, owner kinds, enrolment and benefit states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurchaseChannel(models.TextChoices):
    DEALER_4S = "dealer_4s", _("4S dealer")
    USED_CAR_DEALER = "used_car_dealer", _("Used-car dealer")
    PRIVATE_SALE = "private_sale", _("Private sale")
    AUCTION = "auction", _("Auction")
    ONLINE = "online", _("Online platform")
    OTHER = "other", _("Other")


class OwnerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("A private person")
    ORGANISATION = "organisation", _("A company or organisation")


class EnrolmentStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Not yet eligible")


class AppliedVia(models.TextChoices):
    OWNER = "owner", _("By the owner")
    STORE = "store", _("At a store")


class BenefitKind(models.TextChoices):
    HEALTH_CHECK = "health_check", _("Free 76-item health check")
    OIL_SERVICE = "oil_service", _("Free oil and filter service")
    MAINTENANCE_DISCOUNT = "maintenance_discount", _("Maintenance discount by car age")
    CONNECTED_SERVICES = "connected_services", _("Connected services")
    RECALL_REMINDERS = "recall_reminders", _("Recall and upgrade reminders")


class BenefitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    REDEEMED = "redeemed", _("Redeemed")
    ACTIVE = "active", _("Active")


# Vouchers are used once at a store; the others stay active for as long as the car is enrolled.
SINGLE_USE = frozenset({BenefitKind.HEALTH_CHECK, BenefitKind.OIL_SERVICE, BenefitKind.CONNECTED_SERVICES})

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    BenefitStatus.AVAILABLE: frozenset({BenefitStatus.REDEEMED}),
    BenefitStatus.REDEEMED: frozenset(),
    BenefitStatus.ACTIVE: frozenset(),
}
