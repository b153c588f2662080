"""Admin: work orders are read-only (the state moves only through the services); the tables that are data —
transitions, job types with their guarantee periods, labour rates — are editable by administrators."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from aftercare.workorders.models import JobType, LabourRate, Transition, WorkOrder


@admin.register(WorkOrder)
class WorkOrderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("number", "store", "status", "checked_in_at", "delivered_at", "closed_at")
    list_filter = ("status",)
    search_fields = ("number",)

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return [f.name for f in WorkOrder._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("from_state", "to_state", "permission", "guard", "owner_may")


@admin.register(JobType)
class JobTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "category", "guarantee_days", "guarantee_km", "vat_rate", "is_active")


@admin.register(LabourRate)
class LabourRateAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("store", "level", "hourly_rate")
