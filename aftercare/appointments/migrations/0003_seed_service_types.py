"""Seed the default service types (data, editable in the admin afterwards)."""

from django.db import migrations

from aftercare.appointments.defaults import SERVICE_TYPES


def seed(apps, schema_editor):
    ServiceType = apps.get_model("appointments", "ServiceType")
    for order, row in enumerate(SERVICE_TYPES):
        code, name, name_en, desc, desc_en, minutes, skill, level, job = row
        ServiceType.objects.get_or_create(
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


def unseed(apps, schema_editor):
    ServiceType = apps.get_model("appointments", "ServiceType")
    ServiceType.objects.filter(code__in=[row[0] for row in SERVICE_TYPES], appointments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("appointments", "0002_postgres_overlap_exclusion")]

    operations = [migrations.RunPython(seed, unseed)]
