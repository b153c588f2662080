"""The dealer network (经销商网络): groups, stores, bays, staff, and each group's customers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.network.choices import CertificationLevel, HandoverReason, StaffRole


class DealerGroup(models.Model):
    """A dealer group (经销商集团): the tenant that owns stores, staff and customer relationships."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dealer group")
        verbose_name_plural = _("dealer groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Store(models.Model):
    """A store (门店 / 4S店) where cars are serviced."""

    dealer_group = models.ForeignKey(DealerGroup, on_delete=models.PROTECT, related_name="stores")
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True, default="")
    city = models.CharField(_("city"), max_length=32)
    city_en = models.CharField(_("city (English)"), max_length=32, blank=True, default="")
    district = models.CharField(_("district"), max_length=32, blank=True, default="")
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    phone = models.CharField(_("service phone"), max_length=20, blank=True, default="")
    # {"mon": [["08:30", "18:00"]], ..., "sun": []}: a list of open intervals per weekday.
    opening_hours = models.JSONField(_("opening hours"), default=dict)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90)
                & models.Q(longitude__gte=-180, longitude__lte=180),
                name="network_store_coordinates_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """A kind of work a bay is equipped for (e.g. alignment, EV high-voltage, paint)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=50)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceBay(models.Model):
    """A service bay (工位) in a store, with the skills its equipment supports."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, related_name="bays")
    code = models.CharField(_("code"), max_length=16)
    name = models.CharField(_("name"), max_length=50)
    skills = models.ManyToManyField(Skill, related_name="bays", blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service bay")
        verbose_name_plural = _("service bays")
        ordering = ["store", "code"]
        constraints = [models.UniqueConstraint(fields=["store", "code"], name="network_bay_code_per_store")]

    def __str__(self) -> str:
        return f"{self.store.code}/{self.code}"


class Staff(models.Model):
    """A member of staff: a role, a certification level, and the dealer group and store they work for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="staff")
    dealer_group = models.ForeignKey(DealerGroup, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    store = models.ForeignKey(Store, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    display_name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=16, choices=StaffRole.choices)
    level = models.CharField(_("certification level"), max_length=16, choices=CertificationLevel.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["display_name"]
        permissions = [
            ("manage_customers", _("Can create customers and update their details")),
            ("handover_customers", _("Can hand customers over between advisors")),
            ("manage_staff", _("Can record staff departures")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=StaffRole.OPERATOR, dealer_group__isnull=True)
                | (~models.Q(role=StaffRole.OPERATOR) & models.Q(dealer_group__isnull=False)),
                name="network_staff_operator_has_no_group",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class LevelGrant(models.Model):
    """A permission a role gets from a certification level upward (data, seeded from code defaults)."""

    role = models.CharField(max_length=16, choices=StaffRole.choices)
    level = models.CharField(max_length=16, choices=CertificationLevel.choices)
    permission = models.ForeignKey("auth.Permission", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("level grant")
        verbose_name_plural = _("level grants")
        constraints = [
            models.UniqueConstraint(fields=["role", "level", "permission"], name="network_levelgrant_unique")
        ]


class Customer(models.Model):
    """A dealer group's customer (客户): an owner, with the dedicated advisor (专属顾问) who looks after them."""

    dealer_group = models.ForeignKey(DealerGroup, on_delete=models.PROTECT, related_name="customers")
    owner = models.ForeignKey("owners.Owner", on_delete=models.PROTECT, related_name="customers")
    advisor = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="customers")
    since = models.DateField(_("customer since"))

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(fields=["dealer_group", "owner"], name="network_customer_once_per_group")
        ]


class AdvisorHandover(models.Model):
    """The record of a customer passing from one advisor to another."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="handovers")
    from_advisor = models.ForeignKey(Staff, on_delete=models.PROTECT, null=True, related_name="+")
    to_advisor = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=32, choices=HandoverReason.choices)
    handed_over_at = models.DateTimeField()
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("advisor handover")
        verbose_name_plural = _("advisor handovers")
