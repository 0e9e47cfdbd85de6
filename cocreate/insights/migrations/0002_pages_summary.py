from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="report", name="summary", field=models.JSONField(default=dict)
        ),
    ]
