"""Full-text index of comments, the same shape as the proposals' (see cocreate/search/index.py)."""

from django.db import migrations


def install(apps, schema_editor):
    from cocreate.search.index import COMMENTS, install

    install(schema_editor.connection, [COMMENTS])


def uninstall(apps, schema_editor):
    from cocreate.search.index import COMMENTS, uninstall

    uninstall(schema_editor.connection, [COMMENTS])


class Migration(migrations.Migration):
    dependencies = [("search", "0001_proposal_index"), ("community", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
