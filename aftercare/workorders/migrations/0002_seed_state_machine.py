"""Seed the state machine's transition table, the job types with their quality-guarantee periods (机动车维修管理规定,
REFERENCE §3.1) and the network-default labour rates. Data: editable afterwards; existing rows are never changed."""

from django.db import migrations

from aftercare.workorders import rules


def seed(apps, schema_editor):
    Transition = apps.get_model("workorders", "Transition")
    JobType = apps.get_model("workorders", "JobType")
    LabourRate = apps.get_model("workorders", "LabourRate")
    for row in rules.DEFAULT_TRANSITIONS:
        Transition.objects.get_or_create(
            from_state=row.from_state,
            to_state=row.to_state,
            defaults={"permission": row.permission, "guard": row.guard, "owner_may": row.owner_may},
        )
    for jt in rules.DEFAULT_JOB_TYPES:
        km, days = rules.GUARANTEE_BY_CATEGORY[jt.category]
        JobType.objects.get_or_create(
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
    for level, rate in rules.DEFAULT_LABOUR_RATES.items():
        LabourRate.objects.get_or_create(store=None, level=level, defaults={"hourly_rate": rate})


class Migration(migrations.Migration):
    dependencies = [("workorders", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
