"""Load the bundled templates: the 76-item health check and the GB/T 30323 appraisal (data/templates/*.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from aftercare.inspections.catalog import load_all

    models = (
        apps.get_model("inspections", "InspectionTemplate"),
        apps.get_model("inspections", "TemplateSection"),
        apps.get_model("inspections", "TemplateItem"),
    )
    load_all(models=models)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
