"""Reporting tables. Rules live in ``services`` (writes) and ``selectors`` (reads), not here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_VERIFICATION = "under_verification", _("Under verification")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    VERIFIED = "verified", _("Verified")


class Submission(models.Model):
    """One organisation's activity data for one reporting year, in versions."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="submissions",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("reporting year"))
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.DRAFT,
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions_to_verify",
        verbose_name=_("evaluator"),
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="submission_unique_per_organisation_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class SubmissionVersion(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="versions", verbose_name=_("submission")
    )
    number = models.PositiveIntegerField(_("version number"))
    reason = models.TextField(_("reason for the version"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    frozen = models.BooleanField(_("frozen"), default=False)
    content_sha256 = models.CharField(_("content SHA-256"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("submission version")
        verbose_name_plural = _("submission versions")
        ordering = ["submission_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="version_number_unique_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission} v{self.number}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    NEEDS_CONFIRMATION = "needs_confirmation", _("Needs confirmation")
    FAILED = "failed", _("Failed")
    SUCCEEDED = "succeeded", _("Succeeded")


class ImportJob(models.Model):
    """One uploaded activity file and its way through safety checks, validation and storage."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("organisation"),
    )
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="import_jobs")
    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="import_jobs"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    original_filename = models.CharField(_("file name"), max_length=255)
    stored_path = models.CharField(_("stored path"), max_length=500)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.BigIntegerField(_("size in bytes"))
    status = models.CharField(
        _("status"), max_length=24, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=24, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    overlap = models.JSONField(_("overlap with stored data"), default=dict, blank=True)
    replace = models.BooleanField(_("replace overlapping data"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"))
    heartbeat_at = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.status})"


class ActivityRecord(models.Model):
    """One activity line of a version, in the activity's canonical unit.

    Imports write this table in bulk with raw SQL (see ``storage``); keep its columns in step
    with ``storage.RECORD_COLUMNS``.
    """

    version = models.ForeignKey(
        SubmissionVersion, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    period = models.CharField(_("period"), max_length=7)
    activity = models.CharField(_("activity"), max_length=64)
    quantity = models.FloatField(_("quantity (canonical unit)"))
    unit = models.CharField(_("canonical unit"), max_length=32)
    original_quantity = models.CharField(_("quantity as entered"), max_length=64, blank=True)
    original_unit = models.CharField(_("unit as entered"), max_length=32, blank=True)
    instrument = models.CharField(_("instrument"), max_length=16, blank=True)
    removal_efficiency = models.FloatField(_("removal efficiency"), default=0.0)
    sulfur_percent = models.FloatField(_("sulfur content (%)"), null=True, blank=True)
    technology = models.CharField(_("technology"), max_length=64, blank=True)
    product = models.CharField(_("product"), max_length=100, blank=True)
    product_unit = models.CharField(_("product unit"), max_length=32, blank=True)
    import_job = models.ForeignKey(
        ImportJob,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)

    class Meta:
        verbose_name = _("activity record")
        verbose_name_plural = _("activity records")
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["version", "site", "period", "activity"], name="record_version_key"
            )
        ]


class RecordComment(models.Model):
    record = models.ForeignKey(ActivityRecord, on_delete=models.CASCADE, related_name="comments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("comment"))
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("record comment")
        verbose_name_plural = _("record comments")
        ordering = ["id"]


class InventoryResult(models.Model):
    """What the core computed from one version's records, with its factors and rules."""

    version = models.OneToOneField(
        SubmissionVersion, on_delete=models.CASCADE, related_name="inventory"
    )
    computed_at = models.DateTimeField(_("computed at"))
    factor_set_version = models.CharField(_("factor set version"), max_length=64)
    method_version = models.CharField(_("method version"), max_length=300)
    context = models.JSONField(_("accounting context"), default=dict)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    totals = models.JSONField(_("totals per period"), default=list)
    enterprise_totals = models.JSONField(_("totals of the year"), default=dict)
    by_source = models.JSONField(_("totals per period and category"), default=list)
    lineage = models.JSONField(_("lineage (key -> factor ids)"), default=dict)
    lines_path = models.CharField(_("per-line results (Parquet)"), max_length=500)
    lines_sha256 = models.CharField(_("per-line results SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("inventory result")
        verbose_name_plural = _("inventory results")
        ordering = ["id"]


class MeterSeries(models.Model):
    """An hourly electricity series of one meter at one site for one year, stored as Parquet."""

    site = models.ForeignKey("members.Site", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    meter = models.CharField(_("meter"), max_length=100)
    parquet_path = models.CharField(_("Parquet file"), max_length=500)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    coverage = models.FloatField(_("coverage"))
    total_kwh = models.FloatField(_("total kWh"), default=0.0)
    report = models.JSONField(_("validation report"), default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("meter series")
        verbose_name_plural = _("meter series")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year", "meter"], name="meter_series_unique_per_site_year"
            )
        ]
