"""Admin for network reference data. Personal data is not exposed here (it lives behind the audited reveal)."""

from __future__ import annotations

from django.contrib import admin

from aftercare.network.models import DealerGroup, LevelGrant, ServiceBay, Skill, Staff, Store


class ServiceBayInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ServiceBay
    extra = 0
    filter_horizontal = ("skills",)


@admin.register(DealerGroup)
class DealerGroupAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "name_en")
    search_fields = ("code", "name", "name_en")


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "city", "dealer_group", "is_active")
    list_filter = ("city", "dealer_group", "is_active")
    search_fields = ("code", "name", "name_en", "address")
    list_select_related = ("dealer_group",)
    inlines = [ServiceBayInline]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "name_en")


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-mostly: departures go through the console or API so customers are handed over."""

    list_display = ("display_name", "role", "level", "store", "dealer_group", "left_on")
    list_filter = ("role", "level", "dealer_group")
    search_fields = ("display_name", "user__username")
    list_select_related = ("store", "dealer_group")
    readonly_fields = ("user", "left_on")


@admin.register(LevelGrant)
class LevelGrantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("role", "level", "permission")
    list_filter = ("role", "level")
    list_select_related = ("permission__content_type",)
