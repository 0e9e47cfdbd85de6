"""Full-text index of proposals: FTS5 + triggers on SQLite, a generated tsvector + GIN on PostgreSQL."""

from django.db import migrations


def install(apps, schema_editor):
    from cocreate.search.index import install

    install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from cocreate.search.index import uninstall

    uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
