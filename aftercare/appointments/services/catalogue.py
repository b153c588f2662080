"""The service-type catalogue: make sure the defaults exist (after a flush, or on an old database)."""

from __future__ import annotations

from django.db import transaction

from aftercare.appointments.defaults import SERVICE_TYPES, SKILLS
from aftercare.appointments.models import ServiceType
from aftercare.network.models import Skill


@transaction.atomic
def service_types_seed() -> int:
    """Create the default skills and service types that are missing; existing rows are left as edited."""
    for code, (name, name_en) in SKILLS.items():
        Skill.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    skills = {s.code: s for s in Skill.objects.filter(code__in=SKILLS)}
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
                "skill": skills[skill],
                "min_level": level,
                "job_type": job,
                "sort_order": (order + 1) * 10,
            },
        )
        created += made
    return created
