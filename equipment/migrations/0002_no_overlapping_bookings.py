"""No two slot-holding bookings of one piece of equipment may overlap, enforced by the database.

PostgreSQL: an exclusion constraint over (equipment, [start, end)) for requested and approved
bookings (needs btree_gist for the equality part). SQLite: triggers that abort an insert or
update which would overlap. Both treat ranges as half-open, so 10:00–11:00 and 11:00–12:00 fit.
"""

from django.db import migrations

HOLDING = "('requested', 'approved')"

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    f"""
    ALTER TABLE equipment_equipmentbooking
    ADD CONSTRAINT booking_no_overlap
    EXCLUDE USING gist (
        equipment_id WITH =,
        tstzrange(starts_at, ends_at, '[)') WITH &&
    ) WHERE (status IN {HOLDING})
    """,
]
POSTGRES_BACKWARD = [
    "ALTER TABLE equipment_equipmentbooking DROP CONSTRAINT IF EXISTS booking_no_overlap"
]

SQLITE_CHECK = f"""
    WHEN NEW.status IN {HOLDING} AND EXISTS (
        SELECT 1 FROM equipment_equipmentbooking other
        WHERE other.equipment_id = NEW.equipment_id
          AND other.id IS NOT NEW.id
          AND other.status IN {HOLDING}
          AND other.starts_at < NEW.ends_at
          AND other.ends_at > NEW.starts_at
    )
    BEGIN
        SELECT RAISE(ABORT, 'booking_no_overlap');
    END
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON equipment_equipmentbooking "
    f"{SQLITE_CHECK}",
    f"CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE ON equipment_equipmentbooking "
    f"{SQLITE_CHECK}",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS booking_no_overlap_insert",
    "DROP TRIGGER IF EXISTS booking_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("equipment", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
