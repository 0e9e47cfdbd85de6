from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models


def link_proposals(apps, schema_editor):
    """Sources name the event ("proposal:12", "comment:7", "support:3"): find each one's
    proposal, so news already sent follows the proposal's visibility too."""
    Notification = apps.get_model("notifications", "Notification")
    by_kind = {
        "proposal": (apps.get_model("proposals", "Proposal"), "pk"),
        "comment": (apps.get_model("community", "Comment"), "proposal_id"),
        "support": (apps.get_model("proposals", "Support"), "proposal_id"),
    }
    wanted = defaultdict(lambda: defaultdict(list))  # kind -> event id -> notification ids
    for pk, source in Notification.objects.values_list("pk", "source").iterator():
        kind, _sep, raw = source.partition(":")
        if kind in by_kind and raw.isascii() and raw.isdigit():
            wanted[kind][int(raw)].append(pk)
    linked = defaultdict(list)  # proposal id -> notification ids
    for kind, events in wanted.items():
        model, column = by_kind[kind]
        for event_id, proposal_id in model.objects.filter(pk__in=events).values_list("pk", column):
            linked[proposal_id].extend(events[event_id])
    for proposal_id, ids in linked.items():
        Notification.objects.filter(pk__in=ids).update(proposal_id=proposal_id)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("proposals", "0006_proposal_hidden"),
        ("community", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="proposal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="proposals.proposal",
            ),
        ),
        migrations.RunPython(link_proposals, migrations.RunPython.noop),
    ]
