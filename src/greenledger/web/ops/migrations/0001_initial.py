"""The table of the worker's schedule: one row per (job, day) that ran."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="ScheduledRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("job", models.CharField(max_length=80, verbose_name="job")),
                ("day", models.DateField(verbose_name="day")),
                ("host", models.CharField(max_length=200, verbose_name="host")),
                ("started_at", models.DateTimeField(verbose_name="started at")),
                (
                    "finished_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="finished at"),
                ),
                ("summary", models.JSONField(blank=True, default=dict, verbose_name="summary")),
            ],
            options={
                "verbose_name": "scheduled run",
                "verbose_name_plural": "scheduled runs",
                "ordering": ["job", "day"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("job", "day"), name="scheduled_run_once_per_job_day"
                    )
                ],
            },
        ),
    ]
