"""Appointments (预约): service types, bookings that hold a bay and a technician, pick-up and delivery."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.appointments.choices import (
    AppointmentChannel,
    AppointmentEventKind,
    AppointmentStatus,
    HandoverStage,
    JobType,
)
from aftercare.network.choices import CertificationLevel


class ServiceType(models.Model):
    """A bookable kind of service: how long it takes, which bay skill and technician level it needs."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=50)
    description = models.CharField(_("description"), max_length=200, blank=True, default="")
    description_en = models.CharField(_("English description"), max_length=200, blank=True, default="")
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    # The bay skill (network.Skill.code) the work needs: a code, so the catalogue can be seeded before any
    # store or skill exists and skills stay the network's data.
    skill_code = models.SlugField(_("bay skill"), max_length=32)
    min_level = models.CharField(_("required certification level"), max_length=16, choices=CertificationLevel.choices)
    job_type = models.CharField(_("job type"), max_length=32, choices=JobType.choices)
    sort_order = models.PositiveSmallIntegerField(default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("service type")
        verbose_name_plural = _("service types")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=15, duration_minutes__lte=600),
                name="appointments_servicetype_duration_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Appointment(models.Model):
    """A booking (预约): one car, one store, one bay (and technician) held for [starts_at, ends_at)."""

    store = models.ForeignKey("network.Store", on_delete=models.PROTECT, related_name="appointments")
    bay = models.ForeignKey("network.ServiceBay", on_delete=models.PROTECT, related_name="appointments")
    technician = models.ForeignKey(
        "network.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="appointments")
    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="appointments")
    owner = models.ForeignKey("owners.Owner", on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=16, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    channel = models.CharField(_("booked through"), max_length=16, choices=AppointmentChannel.choices)
    concerns = models.CharField(_("owner's concerns"), max_length=500, blank=True, default="")
    cancel_reason = models.CharField(_("cancellation reason"), max_length=200, blank=True, default="")
    reschedule_count = models.PositiveSmallIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["bay", "starts_at"], name="appointments_bay_start_idx"),
            models.Index(fields=["store", "starts_at"], name="appointments_store_start_idx"),
            models.Index(fields=["technician", "starts_at"], name="appointments_tech_start_idx"),
            models.Index(fields=["owner", "starts_at"], name="appointments_owner_start_idx"),
            models.Index(fields=["status", "starts_at"], name="appointments_status_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="appointments_ends_after_start"
            ),
        ]
        # PostgreSQL also gets exclusion constraints (no two holding bookings overlap on a bay or a
        # technician); they are created by migration 0002 because SQLite has no equivalent.

    def __str__(self) -> str:
        return f"{self.store_id}/{self.bay_id} {self.starts_at:%Y-%m-%d %H:%M}"


class AppointmentEvent(models.Model):
    """One entry in a booking's activity log: who did what, when, and through which channel."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=AppointmentEventKind.choices)
    at = models.DateTimeField()
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    channel = models.CharField(max_length=16, choices=AppointmentChannel.choices, blank=True, default="")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("appointment event")
        verbose_name_plural = _("appointment events")
        ordering = ["at", "id"]


class PickupDelivery(models.Model):
    """The pick-up and delivery option (上门取送车) of a booking: addresses, and the driver the store assigns."""

    appointment = models.OneToOneField(Appointment, on_delete=models.CASCADE, related_name="pickup")
    pickup_address = models.CharField(_("pick-up address"), max_length=200, blank=True, default="")
    delivery_address = models.CharField(_("delivery address"), max_length=200, blank=True, default="")
    driver = models.ForeignKey(
        "network.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="pickup_jobs"
    )
    driver_assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pick-up and delivery")
        verbose_name_plural = _("pick-ups and deliveries")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(pickup_address="", delivery_address=""),
                name="appointments_pickup_has_an_address",
            )
        ]

    @property
    def wants_pickup(self) -> bool:
        return bool(self.pickup_address)

    @property
    def wants_delivery(self) -> bool:
        return bool(self.delivery_address)


class VehicleHandover(models.Model):
    """A hand-over of the car (车辆交接) at one end of a pick-up or delivery trip: time, odometer, photos."""

    pickup = models.ForeignKey(PickupDelivery, on_delete=models.CASCADE, related_name="handovers")
    stage = models.CharField(_("stage"), max_length=24, choices=HandoverStage.choices)
    odometer_km = models.PositiveIntegerField(_("odometer (km)"))
    odometer_reading = models.ForeignKey(
        "vehicles.OdometerReading", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True, default="")
    handed_over_at = models.DateTimeField(_("handed over at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("vehicle hand-over")
        verbose_name_plural = _("vehicle hand-overs")
        ordering = ["handed_over_at", "id"]
        constraints = [models.UniqueConstraint(fields=["pickup", "stage"], name="appointments_handover_once_per_stage")]


class HandoverPhoto(models.Model):
    """A photo taken at a hand-over (walk-around, dashboard, damage)."""

    handover = models.ForeignKey(VehicleHandover, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="appointments/handovers/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hand-over photo")
        verbose_name_plural = _("hand-over photos")
