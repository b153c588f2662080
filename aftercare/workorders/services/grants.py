"""Setup data: the transition table, job types, default labour rates and the work-order grants per role and level.

The migration seeds the same rows; this runs after every migrate and flush (post_migrate), adding only what is
missing, so operators' edits are kept and a flushed test database gets its state machine back.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission

from aftercare.network.models import LevelGrant
from aftercare.workorders import rules
from aftercare.workorders.models import JobType, LabourRate, Transition


def workorder_grants_seed() -> int:
    """Add the default work-order grants that are missing; returns rows added."""
    added = 0
    for role, by_level in rules.DEFAULT_LEVEL_GRANTS.items():
        for level, perms in by_level.items():
            for perm in perms:
                app_label, codename = perm.split(".")
                permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
                if permission is None:
                    continue
                _, created = LevelGrant.objects.get_or_create(role=role, level=level, permission=permission)
                added += int(created)
    return added


def reference_data_seed() -> int:
    """Add missing transition rows, job types and network-default labour rates; returns rows added."""
    added = 0
    for row in rules.DEFAULT_TRANSITIONS:
        _, created = Transition.objects.get_or_create(
            from_state=row.from_state,
            to_state=row.to_state,
            defaults={"permission": row.permission, "guard": row.guard, "owner_may": row.owner_may},
        )
        added += int(created)
    for jt in rules.DEFAULT_JOB_TYPES:
        km, days = rules.GUARANTEE_BY_CATEGORY[jt.category]
        _, created = JobType.objects.get_or_create(
            code=jt.code,
            defaults={
                "name": jt.name,
                "name_en": jt.name_en,
                "category": jt.category,
                "guarantee_km": km,
                "guarantee_days": days,
                "vat_rate": rules.VAT_RATE_REPAIR,
                "service_type_code": jt.service_type,
            },
        )
        added += int(created)
    for level, rate in rules.DEFAULT_LABOUR_RATES.items():
        _, created = LabourRate.objects.get_or_create(store=None, level=level, defaults={"hourly_rate": rate})
        added += int(created)
    return added
