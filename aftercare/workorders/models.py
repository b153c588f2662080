"""Work orders (工单): the state machine's table, job types and labour rates, estimate lines with the owner's
decisions, check-in and progress media, the delivery checklist, the invoice snapshot and the activity log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from aftercare.network.choices import CertificationLevel
from aftercare.workorders.choices import (
    ActivityKind,
    DecisionChannel,
    DeliveryStep,
    FuelLevel,
    LineDecision,
    LineKind,
    MediaPurpose,
    OldPartsDisposal,
    PartClass,
    RepairCategory,
    WorkOrderState,
)


class Transition(models.Model):
    """One allowed move of the state machine: data, seeded by migration, read by work_order_transition."""

    from_state = models.CharField(_("from"), max_length=16, choices=WorkOrderState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=WorkOrderState.choices)
    permission = models.CharField(_("required permission"), max_length=64)
    guard = models.CharField(_("guard"), max_length=32, blank=True, default="")
    owner_may = models.BooleanField(_("the car's owner may"), default=False)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["from_state", "to_state"], name="workorders_transition_once")]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class JobType(models.Model):
    """A kind of job with its repair class, which sets the quality-guarantee period (data, seeded by migration)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=50)
    category = models.CharField(_("repair class"), max_length=24, choices=RepairCategory.choices)
    guarantee_days = models.PositiveIntegerField(_("guarantee (days)"))
    guarantee_km = models.PositiveIntegerField(_("guarantee (km)"))
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=3, default=Decimal("0.130"))
    service_type_code = models.CharField(_("booked as service type"), max_length=32, blank=True, default="")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("job type")
        verbose_name_plural = _("job types")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0, vat_rate__lt=1), name="workorders_jobtype_vat_range"
            )
        ]

    def __str__(self) -> str:
        return self.name


class LabourRate(models.Model):
    """The hourly labour rate (VAT included) for a certification level; store=None is the network default."""

    store = models.ForeignKey("network.Store", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    level = models.CharField(_("certification level"), max_length=16, choices=CertificationLevel.choices)
    hourly_rate = models.DecimalField(
        _("hourly rate"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )

    class Meta:
        verbose_name = _("labour rate")
        verbose_name_plural = _("labour rates")
        constraints = [
            models.UniqueConstraint(fields=["store", "level"], name="workorders_rate_per_store_level"),
            models.UniqueConstraint(
                fields=["level"], condition=models.Q(store__isnull=True), name="workorders_default_rate_per_level"
            ),
            models.CheckConstraint(condition=models.Q(hourly_rate__gt=0), name="workorders_rate_positive"),
        ]


class StatusGuardedModel(models.Model):
    """A model whose `status` only the transition service changes (with a conditional UPDATE)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        loaded = getattr(self, "_loaded_status", None)
        if self.pk is not None and loaded is not None and self.status != loaded:  # type: ignore[attr-defined]
            raise ValueError("status changes only through workorders.services.work_order_transition")
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and update_fields is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if not f.primary_key and f.name != "status"
            ]
        super().save(*args, **kwargs)

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:  # type: ignore[override]
        instance = super().from_db(db, field_names, values)
        setattr(instance, "_loaded_status", getattr(instance, "status", None))  # noqa: B010
        return instance


class WorkOrder(StatusGuardedModel):
    """A work order (工单): one visit of one car to one store, from booking to closing."""

    number = models.CharField(_("number"), max_length=24, unique=True)
    dealer_group = models.ForeignKey("network.DealerGroup", on_delete=models.PROTECT, related_name="+")
    store = models.ForeignKey("network.Store", on_delete=models.PROTECT, related_name="work_orders")
    vehicle = models.ForeignKey("vehicles.Vehicle", on_delete=models.PROTECT, related_name="work_orders")
    owner = models.ForeignKey("owners.Owner", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    job_type = models.ForeignKey(JobType, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=WorkOrderState.choices, default=WorkOrderState.BOOKED, editable=False
    )
    appointment_id = models.PositiveBigIntegerField(_("appointment"), null=True, blank=True, editable=False)
    advisor = models.ForeignKey("network.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    technician = models.ForeignKey("network.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    booked_for = models.DateTimeField(_("booked for"), null=True, blank=True)
    concerns = models.TextField(_("owner's concerns"), max_length=1000, blank=True, default="")
    # Check-in
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, editable=False)
    odometer_km = models.PositiveIntegerField(_("odometer at check-in"), null=True, blank=True, editable=False)
    odometer_reading = models.ForeignKey(
        "vehicles.OdometerReading", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    fuel_level = models.CharField(_("fuel level"), max_length=3, choices=FuelLevel.choices, blank=True, default="")
    # Quality check and delivery
    qc_passed_at = models.DateTimeField(_("quality check passed at"), null=True, blank=True, editable=False)
    qc_by = models.ForeignKey("network.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    qc_notes = models.CharField(_("quality check notes"), max_length=500, blank=True, default="")
    old_parts_disposal = models.CharField(
        _("old parts"), max_length=16, choices=OldPartsDisposal.choices, blank=True, default=""
    )
    next_service_date = models.DateField(_("next service date"), null=True, blank=True)
    next_service_km = models.PositiveIntegerField(_("next service at (km)"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    cancelled_reason = models.CharField(_("cancellation reason"), max_length=200, blank=True, default="")
    # The owner's rating of the visit
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True, default="")
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["store", "status"], name="workorders_store_status_idx"),
            models.Index(fields=["vehicle", "-created_at"], name="workorders_vehicle_idx"),
        ]
        permissions = [
            ("check_in", _("Can check cars in")),
            ("edit_estimate", _("Can write estimates")),
            ("record_approval", _("Can record an owner's decision given by phone or in the store")),
            ("post_progress", _("Can post repair progress")),
            ("quality_check", _("Can sign off quality checks")),
            ("deliver", _("Can deliver cars to their owners")),
            ("close_work_order", _("Can close work orders")),
            ("cancel_work_order", _("Can cancel work orders")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="workorders_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class EstimateLine(models.Model):
    """One line of the estimate: labour (hours × rate) or a part (number, brand, quantity × unit price)."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=8, choices=LineKind.choices)
    job_type = models.ForeignKey(JobType, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("description"), max_length=100)
    # Labour
    technician_level = models.CharField(
        _("certification level"), max_length=16, choices=CertificationLevel.choices, blank=True, default=""
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, null=True, blank=True)
    hourly_rate = models.DecimalField(_("hourly rate"), max_digits=12, decimal_places=2, null=True, blank=True)
    # Part
    part_number = models.CharField(_("part number"), max_length=40, blank=True, default="")
    brand = models.CharField(_("brand"), max_length=40, blank=True, default="")
    part_class = models.CharField(_("part class"), max_length=16, choices=PartClass.choices, blank=True, default="")
    quantity = models.DecimalField(_("quantity"), max_digits=8, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=8, blank=True, default="")
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate"), max_digits=4, decimal_places=3)
    # The owner's decision
    decision = models.CharField(
        _("decision"), max_length=8, choices=LineDecision.choices, default=LineDecision.PENDING, editable=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decision_channel = models.CharField(
        _("channel"), max_length=8, choices=DecisionChannel.choices, blank=True, default="", editable=False
    )
    # Deferred work: a declined line taken up again on a later visit points at the line that did it.
    carried_over_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    vehicle_recall_id = models.PositiveBigIntegerField(_("recall"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("estimate line")
        verbose_name_plural = _("estimate lines")
        ordering = ["kind", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="workorders_line_amount_not_negative"),
            models.CheckConstraint(
                condition=(models.Q(kind="labour") & models.Q(hours__gt=0, hourly_rate__gt=0))
                | (models.Q(kind="part") & models.Q(quantity__gt=0, unit_price__gte=0)),
                name="workorders_line_kind_fields",
            ),
        ]


class Attachment(models.Model):
    """A photo or short video: walk-around at check-in, progress, or a part's old-versus-new picture.

    Files live in Django storage under random names and are served only through access-checked views.
    """

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="attachments")
    progress_post = models.ForeignKey(
        "ProgressPost", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=MediaPurpose.choices)
    file = models.FileField(_("file"), upload_to="workorders/%Y/%m/", max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    caption = models.CharField(_("caption"), max_length=60, blank=True, default="")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("photo or video")
        verbose_name_plural = _("photos and videos")
        ordering = ["uploaded_at", "id"]

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


class ProgressPost(models.Model):
    """A post on the repair timeline, optionally with the part used (brand, number, old-versus-new photos)."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="progress_posts")
    author = models.ForeignKey("network.Staff", on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("update"), max_length=500)
    part_name = models.CharField(_("part used"), max_length=60, blank=True, default="")
    part_brand = models.CharField(_("brand"), max_length=40, blank=True, default="")
    part_number = models.CharField(_("part number"), max_length=40, blank=True, default="")
    posted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("progress post")
        verbose_name_plural = _("progress posts")
        ordering = ["posted_at", "id"]


class DeliveryCheck(models.Model):
    """One of the six delivery steps, confirmed with the owner at hand-over."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="delivery_checks")
    step = models.CharField(_("step"), max_length=16, choices=DeliveryStep.choices)
    done_at = models.DateTimeField()
    done_by = models.ForeignKey("network.Staff", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("delivery step")
        verbose_name_plural = _("delivery steps")
        constraints = [models.UniqueConstraint(fields=["work_order", "step"], name="workorders_delivery_step_once")]


class Invoice(models.Model):
    """The invoice as issued when the car is ready: a frozen snapshot of the arithmetic, lines and discounts."""

    work_order = models.OneToOneField(WorkOrder, on_delete=models.PROTECT, related_name="invoice")
    number = models.CharField(_("invoice number"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    labour_amount = models.DecimalField(_("labour"), max_digits=12, decimal_places=2)
    parts_amount = models.DecimalField(_("materials"), max_digits=12, decimal_places=2)
    discount_total = models.DecimalField(_("discounts"), max_digits=12, decimal_places=2)
    net_total = models.DecimalField(_("amount before VAT"), max_digits=12, decimal_places=2)
    tax_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    total = models.DecimalField(_("total incl. VAT"), max_digits=12, decimal_places=2)
    # [{ref, kind, job_type, description, amount, discounts: [{source, ref, label, amount}], discount, payable,
    #   vat_rate, net, tax, part_number, brand, quantity, unit, unit_price, hours, hourly_rate}]
    lines = models.JSONField(default=list)
    tax_by_rate = models.JSONField(default=list)
    payment_reference = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total=models.F("net_total") + models.F("tax_total")),
                name="workorders_invoice_total_is_net_plus_tax",
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="workorders_invoice_total_not_negative"),
        ]


class BenefitUse(models.Model):
    """A homecoming benefit applied on an invoice: at most once, ever (the unique key is the benefit)."""

    benefit_id = models.PositiveBigIntegerField(unique=True)
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="benefit_uses")
    label = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("benefit used")
        verbose_name_plural = _("benefits used")


class Activity(models.Model):
    """The work order's activity log: who did what, when, through which channel."""

    work_order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("activity"), max_length=16, choices=ActivityKind.choices)
    at = models.DateTimeField(_("at"))
    by_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    by_label = models.CharField(_("by"), max_length=60, blank=True, default="")
    channel = models.CharField(_("channel"), max_length=8, choices=DecisionChannel.choices, blank=True, default="")
    line = models.ForeignKey(EstimateLine, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    from_state = models.CharField(max_length=16, choices=WorkOrderState.choices, blank=True, default="")
    to_state = models.CharField(max_length=16, choices=WorkOrderState.choices, blank=True, default="")
    note = models.CharField(_("note"), max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["at", "id"]
