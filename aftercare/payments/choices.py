from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentChannel(models.TextChoices):
    WECHAT = "wechat", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting payment")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")


class WebhookOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    DUPLICATE = "duplicate", _("Duplicate (ignored)")
    ALREADY_FINAL = "already_final", _("Payment already final")
    ALREADY_PAID = "already_paid", _("Reference already paid by another payment")
    UNKNOWN_PAYMENT = "unknown_payment", _("Unknown payment")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount does not match")
