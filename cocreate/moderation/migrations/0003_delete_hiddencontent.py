"""HiddenContent moved onto the proposal (proposals 0006 copied it)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0002_report_trusted"),
        ("proposals", "0006_proposal_hidden"),
    ]

    operations = [migrations.DeleteModel(name="HiddenContent")]
