"""The service-type catalogue: make sure the defaults exist (after a flush, or on an old database)."""

from __future__ import annotations

from django.db import transaction

from aftercare.appointments.defaults import SERVICE_TYPES
from aftercare.appointments.models import ServiceType


@transaction.atomic
def service_types_seed() -> int:
    """Create the default service types that are missing; existing rows are left as edited."""
    created = 0
    for order, (code, name, name_en, desc, desc_en, minutes, skill, level, job) in enumerate(SERVICE_TYPES):
        _, made = ServiceType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "description": desc,
                "description_en": desc_en,
                "duration_minutes": minutes,
                "skill_code": skill,
                "min_level": level,
                "job_type": job,
                "sort_order": (order + 1) * 10,
            },
        )
        created += made
    return created
