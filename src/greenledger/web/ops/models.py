"""One row per (job, day) the worker's schedule ran; the unique pair is the claim."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScheduledRun(models.Model):
    job = models.CharField(_("job"), max_length=80)
    day = models.DateField(_("day"))
    host = models.CharField(_("host"), max_length=200)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # A context: the assessments catalogue's "summary" is a review's overall opinion.
    summary = models.JSONField(pgettext_lazy("scheduled run", "summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        ordering = ["job", "day"]
        constraints = [
            models.UniqueConstraint(fields=["job", "day"], name="scheduled_run_once_per_job_day")
        ]

    def __str__(self) -> str:
        return f"{self.job} {self.day.isoformat()}"
