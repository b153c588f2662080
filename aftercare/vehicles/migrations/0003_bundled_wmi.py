"""Load the bundled WMI table (major Chinese makers, GB 16735 / REFERENCE.md §5.1) so VINs decode out of the box."""

import csv
from pathlib import Path

from django.db import migrations

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "wmi_cn.csv"


def load(apps, schema_editor):
    Wmi = apps.get_model("vehicles", "Wmi")
    with BUNDLED.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Wmi.objects.get_or_create(
                code=row["wmi"],
                defaults={"manufacturer": row["manufacturer"], "country": row["country"], "source": BUNDLED.name},
            )


class Migration(migrations.Migration):
    dependencies = [("vehicles", "0002_vehicle_group_plate_index")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
