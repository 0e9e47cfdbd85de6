"""Proposals keep a one-line summary of what they change against their challenge's baseline; the
card counters also watch it (renamed, so the old triggers are retired)."""

from django.db import migrations, models

from cocreate.core.activity import retire
from cocreate.design import DesignError, load_bundled
from cocreate.design.summary import change_summary

BATCH = 500


def retire_counters(apps, schema_editor):
    retire(schema_editor.connection)


def fill_summaries(apps, schema_editor):
    """Every stored proposal gets its summary against its challenge's baseline, a batch of rows
    at a time; a design the toolkit cannot read keeps none."""
    Challenge = apps.get_model("challenges", "Challenge")
    Proposal = apps.get_model("proposals", "Proposal")
    registry = load_bundled()
    for challenge in Challenge.objects.only("id", "toolkit_id", "toolkit_version", "baseline"):
        toolkit = registry.get(challenge.toolkit_id, challenge.toolkit_version)
        batch = []
        rows = Proposal.objects.filter(challenge_id=challenge.pk).only("id", "design")
        for proposal in rows.order_by("pk").iterator(chunk_size=BATCH):
            try:
                proposal.change_summary = change_summary(toolkit, challenge.baseline, proposal.design)
            except DesignError:
                continue
            batch.append(proposal)
            if len(batch) == BATCH:
                Proposal.objects.bulk_update(batch, ["change_summary"])
                batch = []
        Proposal.objects.bulk_update(batch, ["change_summary"])


class Migration(migrations.Migration):

    dependencies = [
        ("proposals", "0011_awaiting_answer_index"),
    ]

    operations = [
        migrations.RunPython(retire_counters, migrations.RunPython.noop),
        migrations.AddField(
            model_name="proposal",
            name="change_summary",
            field=models.CharField(default="", editable=False, max_length=120),
        ),
        migrations.RunPython(fill_summaries, migrations.RunPython.noop),
    ]
