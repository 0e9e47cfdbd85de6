"""Full-text index of proposals: FTS5 + triggers on SQLite, a generated tsvector + GIN on PostgreSQL."""

from django.db import migrations


def install(apps, schema_editor):
    from cocreate.search.index import PROPOSALS, install

    install(schema_editor.connection, [PROPOSALS])


def uninstall(apps, schema_editor):
    from cocreate.search.index import PROPOSALS, uninstall

    uninstall(schema_editor.connection, [PROPOSALS])


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
