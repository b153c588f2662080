"""Vehicles (车辆), their licences, ownership periods and odometer readings; the WMI table."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.vehicles.choices import (
    OdometerFlag,
    OdometerSource,
    OwnershipSource,
    PlateKind,
    VehicleFuelType,
    VehicleTransmission,
    VehicleUseType,
)

DISPLACEMENT_MAX_L = Decimal("9.9")


class Vehicle(models.Model):
    """A car, identified by its VIN; its home dealer group scopes what staff can see."""

    vin = models.CharField(_("VIN"), max_length=17, unique=True)
    wmi = models.CharField(_("WMI"), max_length=6, db_index=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True, default="")
    brand = models.CharField(_("brand"), max_length=50, blank=True, default="")
    model = models.CharField(_("model"), max_length=100, blank=True, default="")
    model_year = models.PositiveSmallIntegerField(_("model year"), null=True, blank=True)
    plate = models.CharField(_("plate"), max_length=10, blank=True, default="", db_index=True)
    plate_kind = models.CharField(_("plate kind"), max_length=20, choices=PlateKind.choices, blank=True, default="")
    fuel_type = models.CharField(_("fuel type"), max_length=20, choices=VehicleFuelType.choices, blank=True, default="")
    transmission = models.CharField(
        _("transmission"), max_length=20, choices=VehicleTransmission.choices, blank=True, default=""
    )
    # Litres (排量); electric cars have none.
    displacement_l = models.DecimalField(
        _("engine displacement (L)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    dealer_group = models.ForeignKey(
        "network.DealerGroup", on_delete=models.PROTECT, null=True, blank=True, related_name="vehicles"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        indexes = [models.Index(fields=["dealer_group", "plate"], name="vehicles_group_plate_idx")]
        permissions = [
            ("register_vehicle", _("Can register vehicles")),
            ("record_odometer", _("Can record odometer readings")),
            ("transfer_ownership", _("Can record ownership transfers")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["plate"], condition=~models.Q(plate=""), name="vehicles_vehicle_plate_unique"
            ),
            models.CheckConstraint(condition=models.Q(vin__regex=r"^[A-HJ-NPR-Z0-9]{17}$"), name="vehicles_vin_chars"),
            models.CheckConstraint(
                condition=models.Q(displacement_l__isnull=True)
                | models.Q(displacement_l__gte=0, displacement_l__lte=DISPLACEMENT_MAX_L),
                name="vehicles_displacement_range",
            ),
        ]

    def __str__(self) -> str:
        return self.vin


class VehicleLicence(models.Model):
    """The data on a vehicle licence (行驶证) as issued; a new one replaces it after a transfer."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.CASCADE, related_name="licences")
    registered_owner_name = models.CharField(_("registered owner"), max_length=100)
    plate = models.CharField(_("plate"), max_length=10)
    vehicle_type = models.CharField(_("vehicle type"), max_length=32)
    use_type = models.CharField(_("use type"), max_length=16, choices=VehicleUseType.choices)
    brand_model = models.CharField(_("brand and model"), max_length=100, blank=True, default="")
    engine_number = models.CharField(_("engine number"), max_length=32, blank=True, default="")
    registration_date = models.DateField(_("registration date"))
    issue_date = models.DateField(_("issue date"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vehicle licence")
        verbose_name_plural = _("vehicle licences")
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issue_date__gte=models.F("registration_date")),
                name="vehicles_licence_issue_after_registration",
            )
        ]


class Ownership(models.Model):
    """A period during which an owner held the car; the open period (no end) is the current owner."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="ownerships")
    owner = models.ForeignKey("owners.Owner", on_delete=models.PROTECT, related_name="ownerships")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=OwnershipSource.choices)

    class Meta:
        verbose_name = _("ownership")
        verbose_name_plural = _("ownerships")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle"], condition=models.Q(ended_on__isnull=True), name="vehicles_one_current_owner"
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="vehicles_ownership_ends_after_start",
            ),
        ]


class OdometerReading(models.Model):
    """One odometer reading. A reading that contradicts the others is kept and flagged, never dropped."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="odometer_readings")
    km = models.PositiveIntegerField(_("kilometres"))
    read_at = models.DateTimeField(_("read at"))
    source = models.CharField(_("source"), max_length=16, choices=OdometerSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag = models.CharField(_("flag"), max_length=20, choices=OdometerFlag.choices, blank=True, default="")
    conflicts_with = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=200, blank=True, default="")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("odometer reading")
        verbose_name_plural = _("odometer readings")
        ordering = ["-read_at", "-id"]
        indexes = [models.Index(fields=["vehicle", "read_at"])]

    @property
    def flagged(self) -> bool:
        return bool(self.flag)


class Wmi(models.Model):
    """World manufacturer identifier → manufacturer, imported with `aftercare import wmi`."""

    code = models.CharField(_("WMI"), max_length=6, unique=True)
    manufacturer = models.CharField(_("manufacturer"), max_length=200)
    country = models.CharField(_("country"), max_length=64, blank=True, default="")
    source = models.CharField(_("source"), max_length=100)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("WMI")
        verbose_name_plural = _("WMIs")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.manufacturer}"
