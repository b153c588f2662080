"""Admin for Homecoming. Rule sets are append-only (a change is a new row, so the history stays); enrolments and
benefits are read-only (statuses change only through the services); the licence photo is not shown here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aftercare.homecoming.models import Benefit, Enrolment, ParticipatingStore, RuleSet


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "min_days_held", "individual_only", "discount_tiers", "created_by", "note")
    readonly_fields = ("created_at", "created_by")
    fields = (
        "min_days_held",
        "individual_only",
        "purchase_channels",
        "use_types",
        "discount_tiers",
        "note",
        "created_at",
        "created_by",
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # add a new version instead: the old one is the history

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RuleSet, form: Any, change: bool) -> None:
        obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


@admin.register(ParticipatingStore)
class ParticipatingStoreAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("store", "active", "changed_at", "changed_by")
    list_filter = ("active", "store__dealer_group")
    readonly_fields = ("changed_at", "changed_by")

    def save_model(self, request: HttpRequest, obj: ParticipatingStore, form: Any, change: bool) -> None:
        obj.changed_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class BenefitInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Benefit
    fields = ("kind", "status", "redeemed_at", "redeemed_store", "reference")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "vehicle", "status", "applied_at", "applied_via", "held_since", "eligible_on")
    list_filter = ("status", "applied_via", "purchase_channel")
    search_fields = ("vehicle__vin", "vehicle__plate")
    exclude = ("photo", "wallet_code")
    inlines = [BenefitInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
