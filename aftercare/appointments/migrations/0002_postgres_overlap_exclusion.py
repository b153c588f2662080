"""On PostgreSQL, no two holding bookings may overlap on one bay or one technician (exclusion constraints).

The booking service already serialises per store with a row lock and checks overlaps; these constraints
make a double booking impossible even for code that bypasses it. SQLite has no equivalent and relies on
its single writer (IMMEDIATE transactions) plus the same service check.
"""

from django.db import migrations

HOLDING = "status IN ('booked', 'checked_in', 'completed')"
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE appointments_appointment ADD CONSTRAINT appointments_no_bay_overlap "
    f"EXCLUDE USING gist (bay_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) WHERE ({HOLDING})",
    "ALTER TABLE appointments_appointment ADD CONSTRAINT appointments_no_technician_overlap "
    "EXCLUDE USING gist (technician_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    f"WHERE ({HOLDING} AND technician_id IS NOT NULL)",
]
DROP = [
    "ALTER TABLE appointments_appointment DROP CONSTRAINT IF EXISTS appointments_no_technician_overlap",
    "ALTER TABLE appointments_appointment DROP CONSTRAINT IF EXISTS appointments_no_bay_overlap",
]


def _run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP), elidable=False)]
