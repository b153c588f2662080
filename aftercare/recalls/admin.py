"""Admin for recall reference data: the make aliases operators extend (campaigns go through the console)."""

from __future__ import annotations

from django.contrib import admin

from aftercare.recalls.models import MakeAlias


@admin.register(MakeAlias)
class MakeAliasAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("alias", "make_key")
    search_fields = ("alias", "make_key")
