"""Proposals carry their own hidden state, as comments do; it was moderation's HiddenContent."""

from django.db import migrations, models


def copy_hidden(apps, schema_editor):
    hidden = apps.get_model("moderation", "HiddenContent").objects.values("proposal_id")
    apps.get_model("proposals", "Proposal").objects.filter(pk__in=hidden).update(hidden=True)


def copy_back(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    HiddenContent = apps.get_model("moderation", "HiddenContent")
    HiddenContent.objects.bulk_create(
        [
            HiddenContent(challenge_id=challenge_id, proposal_id=pk)
            for pk, challenge_id in Proposal.objects.filter(hidden=True).values_list(
                "pk", "challenge_id"
            )
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0005_oppose"),
        ("moderation", "0002_report_trusted"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="hidden",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(copy_hidden, copy_back),
    ]
