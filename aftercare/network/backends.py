"""Auth backend that adds the permissions a staff member's role and level grant."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from aftercare.network import rules
from aftercare.network.models import LevelGrant, Staff


class StaffPermissionBackend(BaseBackend):
    """Never authenticates; only answers which permissions active staff hold through LevelGrant rows."""

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cached: set[str] | None = getattr(user_obj, "_staff_perm_cache", None)
        if cached is not None:
            return cached
        staff = Staff.objects.filter(user=user_obj, left_on__isnull=True).first()
        perms: set[str] = set()
        if staff is not None:
            rows = LevelGrant.objects.filter(role=staff.role).values_list(
                "role", "level", "permission__content_type__app_label", "permission__codename"
            )
            grants = [(r, lv, f"{app}.{code}") for r, lv, app, code in rows]
            perms = set(rules.permissions_for(staff.role, staff.level, grants))
        user_obj._staff_perm_cache = perms
        return perms

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)
