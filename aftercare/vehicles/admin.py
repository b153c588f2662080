"""Admin for vehicle reference data (the WMI table)."""

from __future__ import annotations

from django.contrib import admin

from aftercare.vehicles.models import Wmi


@admin.register(Wmi)
class WmiAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "manufacturer", "country", "source", "imported_at")
    search_fields = ("code", "manufacturer")
    list_filter = ("source",)
