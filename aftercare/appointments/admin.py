"""Admin for service types (data). Bookings are read-only here: their status changes only through services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from aftercare.appointments.models import Appointment, ServiceType


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "name_en", "duration_minutes", "skill_code", "min_level", "job_type", "is_active")
    list_filter = ("skill_code", "min_level", "job_type", "is_active")
    search_fields = ("code", "name", "name_en")


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "store", "bay", "service_type", "starts_at", "status")
    list_filter = ("status", "service_type")
    list_select_related = ("store", "bay__store", "service_type")
    date_hierarchy = "starts_at"
    # No owner or address fields: personal data stays behind the pages' masking.
    fields = ("store", "bay", "technician", "service_type", "vehicle", "starts_at", "ends_at", "status", "channel")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
