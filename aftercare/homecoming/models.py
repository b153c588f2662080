"""Homecoming (回家计划): the rules in force, participating stores, enrolments and their benefits wallets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.homecoming import rules
from aftercare.homecoming.choices import (
    AppliedVia,
    BenefitKind,
    BenefitStatus,
    EnrolmentStatus,
    OwnerKind,
    PurchaseChannel,
)


def _default_channels() -> list[str]:
    return list(rules.DEFAULT_CHANNELS)


def _default_use_types() -> list[str]:
    return list(rules.DEFAULT_USE_TYPES)


def _default_tiers() -> list[dict[str, object]]:
    return [{"min_years": t.min_years, "percent": str(t.percent)} for t in rules.DEFAULT_TIERS]


class RuleSet(models.Model):
    """One version of the Homecoming rules. The newest row is in force; older rows are the history of changes."""

    min_days_held = models.PositiveSmallIntegerField(_("minimum days held"), default=rules.DEFAULT_MIN_DAYS_HELD)
    individual_only = models.BooleanField(_("private owners only"), default=True)
    purchase_channels = models.JSONField(_("accepted purchase channels"), default=_default_channels)
    use_types = models.JSONField(_("accepted use types"), default=_default_use_types)
    # [{"min_years": 3, "percent": "20"}, ...]: from that car age the maintenance discount is up to percent.
    discount_tiers = models.JSONField(_("discount tiers"), default=_default_tiers)
    note = models.CharField(_("reason for the change"), max_length=200, blank=True, default="")
    created_at = models.DateTimeField(_("in force from"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("Homecoming rule set")
        verbose_name_plural = _("Homecoming rule sets")
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        permissions = [("manage_rules", _("Can change the Homecoming rules and participating stores"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_days_held__lte=rules.MAX_MIN_DAYS_HELD), name="homecoming_rules_days_range"
            )
        ]

    def __str__(self) -> str:
        return f"RuleSet #{self.pk}"


class ParticipatingStore(models.Model):
    """A store that redeems Homecoming benefits. Inactive rows keep the record of a store that left."""

    store = models.OneToOneField("network.Store", on_delete=models.CASCADE, related_name="homecoming_participation")
    active = models.BooleanField(_("participating"), default=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("participating store")
        verbose_name_plural = _("participating stores")


class Enrolment(models.Model):
    """One application to join Homecoming, approved or refused; an approved one carries the benefits wallet."""

    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="homecoming_enrolments")
    owner = models.ForeignKey("owners.Owner", on_delete=models.PROTECT, related_name="homecoming_enrolments")
    status = models.CharField(_("status"), max_length=16, choices=EnrolmentStatus.choices)
    held_since = models.DateField(_("purchase or transfer date"))
    purchase_channel = models.CharField(_("purchase channel"), max_length=20, choices=PurchaseChannel.choices)
    owner_kind = models.CharField(_("registered owner is"), max_length=16, choices=OwnerKind.choices)
    licence = models.ForeignKey("vehicles.VehicleLicence", on_delete=models.PROTECT, related_name="+")
    photo = models.FileField(_("licence photo"), upload_to="homecoming/licence-photos/%Y/%m/", max_length=200)
    refusals = models.JSONField(_("reasons"), default=list, blank=True)  # [{"code": ..., "params": {...}}]
    days_held = models.IntegerField(_("days held"))
    eligible_on = models.DateField(_("eligible on"), null=True, blank=True)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="enrolments")
    wallet_code = models.CharField(_("wallet code"), max_length=8, blank=True, default="")
    applied_via = models.CharField(_("applied"), max_length=8, choices=AppliedVia.choices)
    store = models.ForeignKey("network.Store", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_at = models.DateTimeField(_("applied at"))

    class Meta:
        verbose_name = _("Homecoming enrolment")
        verbose_name_plural = _("Homecoming enrolments")
        ordering = ["-applied_at", "-id"]
        permissions = [("enrol_vehicle", _("Can enrol cars in Homecoming"))]
        indexes = [models.Index(fields=["vehicle", "applied_at"], name="homecoming_enrol_vehicle_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle", "owner"],
                condition=models.Q(status=EnrolmentStatus.APPROVED),
                name="homecoming_one_approval_per_owner",
            ),
            models.UniqueConstraint(
                fields=["wallet_code"], condition=~models.Q(wallet_code=""), name="homecoming_wallet_code_unique"
            ),
            models.CheckConstraint(
                condition=(models.Q(status=EnrolmentStatus.APPROVED) & ~models.Q(wallet_code=""))
                | (models.Q(status=EnrolmentStatus.REFUSED) & models.Q(wallet_code="")),
                name="homecoming_wallet_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return f"Enrolment #{self.pk}"

    @property
    def approved(self) -> bool:
        return self.status == EnrolmentStatus.APPROVED


class Benefit(models.Model):
    """One benefit in a wallet. Vouchers go from available to redeemed exactly once; the rest stay active."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="benefits")
    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="homecoming_benefits")
    kind = models.CharField(_("benefit"), max_length=24, choices=BenefitKind.choices)
    status = models.CharField(_("status"), max_length=16, choices=BenefitStatus.choices)
    redeemed_at = models.DateTimeField(_("redeemed at"), null=True, blank=True)
    redeemed_store = models.ForeignKey(
        "network.Store", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    redeemed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(_("reference"), max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("Homecoming benefit")
        verbose_name_plural = _("Homecoming benefits")
        ordering = ["enrolment", "id"]
        permissions = [("redeem_benefit", _("Can redeem Homecoming benefits"))]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "kind"], name="homecoming_benefit_once_per_wallet"),
            models.CheckConstraint(
                condition=(
                    models.Q(status=BenefitStatus.REDEEMED)
                    & models.Q(redeemed_at__isnull=False, redeemed_store__isnull=False)
                )
                | (~models.Q(status=BenefitStatus.REDEEMED) & models.Q(redeemed_at__isnull=True)),
                name="homecoming_benefit_redeemed_has_store",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
