"""One-price offers (一口价), their price revisions, and recorded market sales for the nightly index."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.valuation.choices import OfferPriceReason, OfferStatus


class Offer(models.Model):
    """A one-price offer document for a vehicle; its price changes only through the nightly recalculation."""

    dealer_group = models.ForeignKey("network.DealerGroup", on_delete=models.PROTECT, related_name="offers")
    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="offers")
    token = models.CharField(_("link token"), max_length=43, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    # What the price is made of, as of the latest revision.
    currency = models.CharField(_("currency"), max_length=3)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    low = models.DecimalField(_("interval low"), max_digits=12, decimal_places=2)
    high = models.DecimalField(_("interval high"), max_digits=12, decimal_places=2)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    priced_at = models.DateTimeField(_("priced at"))
    # Facts the price was computed from (no personal data).
    facts = models.JSONField(_("car facts"), default=dict)
    model_sha256 = models.CharField(_("model"), max_length=64)
    model_schema = models.CharField(_("model schema"), max_length=16)
    # What the offer includes besides the price.
    services = models.JSONField(_("included services"), default=list)
    warranty_tier = models.CharField(_("warranty tier"), max_length=16)
    warranty_months = models.PositiveSmallIntegerField(_("warranty months"))
    warranty_km = models.PositiveIntegerField(_("warranty kilometres"))
    warranty_systems = models.JSONField(_("warranty covers"), default=list)
    return_days = models.PositiveSmallIntegerField(_("return window (days)"))
    legal_minimum_applied = models.BooleanField(_("raised to the legal minimum"), default=False)

    class Meta:
        verbose_name = _("one-price offer")
        verbose_name_plural = _("one-price offers")
        ordering = ["-created_at", "-id"]
        permissions = [("make_offer", _("Can make one-price offers"))]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="valuation_offer_price_positive"),
            models.CheckConstraint(
                condition=models.Q(low__lte=models.F("price")) & models.Q(high__gte=models.F("price")),
                name="valuation_offer_price_inside_interval",
            ),
            models.UniqueConstraint(
                fields=["vehicle"], condition=models.Q(status="open"), name="valuation_one_open_offer_per_vehicle"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_id} {self.price} {self.currency}"


class OfferPrice(models.Model):
    """One price of an offer: the first one and each nightly change, with how it was computed."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="prices")
    revision = models.PositiveIntegerField(_("revision"))
    reason = models.CharField(_("reason"), max_length=16, choices=OfferPriceReason.choices)
    computed_at = models.DateTimeField(_("computed at"))
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    low = models.DecimalField(_("interval low"), max_digits=12, decimal_places=2)
    high = models.DecimalField(_("interval high"), max_digits=12, decimal_places=2)
    model_price = models.DecimalField(_("model price"), max_digits=12, decimal_places=2)
    condition_grade = models.CharField(_("condition grade"), max_length=16, blank=True, default="")
    condition_multiplier = models.DecimalField(_("condition multiplier"), max_digits=5, decimal_places=3)
    market_factor = models.DecimalField(_("market factor"), max_digits=6, decimal_places=4)
    sales_used = models.PositiveIntegerField(_("sales used"), default=0)
    sales_trimmed = models.PositiveIntegerField(_("outliers trimmed"), default=0)
    model_sha256 = models.CharField(_("model"), max_length=64)

    class Meta:
        verbose_name = _("offer price")
        verbose_name_plural = _("offer prices")
        ordering = ["offer", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "revision"], name="valuation_offer_price_revision_unique")
        ]


class MarketSale(models.Model):
    """A transaction price and what the model said for that car then: the evidence for the market index."""

    dealer_group = models.ForeignKey(
        "network.DealerGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    vehicle = models.ForeignKey(
        "vehicles.Vehicle", on_delete=models.SET_NULL, null=True, blank=True, related_name="market_sales"
    )
    make = models.CharField(_("make"), max_length=50)
    model = models.CharField(_("model"), max_length=100)
    model_year = models.PositiveSmallIntegerField(_("model year"))
    mileage_km = models.PositiveIntegerField(_("kilometres"))
    currency = models.CharField(_("currency"), max_length=3)
    price = models.DecimalField(_("sale price"), max_digits=12, decimal_places=2)
    model_price = models.DecimalField(_("model price at sale"), max_digits=12, decimal_places=2)
    sold_on = models.DateField(_("sold on"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("market sale")
        verbose_name_plural = _("market sales")
        ordering = ["-sold_on", "-id"]
        indexes = [models.Index(fields=["currency", "make", "model", "sold_on"], name="valuation_sale_lookup_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gt=0) & models.Q(model_price__gt=0), name="valuation_sale_prices_positive"
            )
        ]
