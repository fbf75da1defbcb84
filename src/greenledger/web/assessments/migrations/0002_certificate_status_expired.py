"""Certificates get a stored "expired" state, set by the worker's schedule."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="certificate",
            name="status",
            field=models.CharField(
                choices=[("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")],
                default="valid",
                max_length=12,
                verbose_name="status",
            ),
        ),
    ]
