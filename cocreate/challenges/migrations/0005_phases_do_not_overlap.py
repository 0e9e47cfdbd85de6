"""On PostgreSQL the database itself refuses overlapping phases of one challenge (the rule
phase_add and the admin check), so two writers at once cannot both add one. SQLite serialises
writes, and the services' check is enough there."""

from django.db import migrations

CONSTRAINT = "challenges_phases_do_not_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT a.challenge_id FROM challenges_phase a JOIN challenges_phase b"
            " ON a.challenge_id = b.challenge_id AND a.id < b.id"
            " AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at"
        )
        overlapping = [row[0] for row in cursor.fetchall()]
    if overlapping:
        raise RuntimeError(
            f"Challenges {overlapping} have overlapping phases: change their dates in the admin,"
            " then migrate again."
        )
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE challenges_phase ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist"
        " (challenge_id WITH =, tstzrange(starts_at, ends_at) WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE challenges_phase DROP CONSTRAINT {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("challenges", "0004_oppose")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
