"""Assessment tables. Rules live in ``services`` (writes) and ``selectors`` (reads), not here.

A call (standard + edition, deadline) receives applications for sites; an application keeps the
inputs it declared, the verified-inventory inputs it was pre-scored with, its evidence files,
and the reviews of its evaluators; approval issues a certificate and a registry designation.
Demonstration units are recognised through recognition calls, nominations and panel scores.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenledger.web.members.models import DesignationLevel, DesignationType


class RelationKind(models.TextChoices):
    PARENT = "parent", _("Parent company")
    SUBSIDIARY = "subsidiary", _("Subsidiary")
    SHAREHOLDER = "shareholder", _("Shareholder")
    CONSULTANT = "consultant", _("Consultant or service provider")
    OTHER = "other", _("Other business relation")


class OrganisationRelation(models.Model):
    """A declared relation between two organisations: an evaluator from either one may not
    review the other's applications (conflict of interest)."""

    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="relations_declared",
        verbose_name=_("organisation"),
    )
    related = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="relations_received",
        verbose_name=_("related organisation"),
    )
    kind = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        verbose_name = _("organisation relation")
        verbose_name_plural = _("organisation relations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "related"], name="relation_unique_per_pair"
            )
        ]


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Call(models.Model):
    """The secretariat's call for applications against one rule set (standard and edition)."""

    ruleset_id = models.CharField(_("rule set"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=CallStatus.choices, default=CallStatus.OPEN
    )
    designation_type = models.CharField(
        _("designation"), max_length=40, choices=DesignationType.choices
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=DesignationLevel.choices,
        default=DesignationLevel.DISTRICT,
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    validity_years = models.PositiveSmallIntegerField(_("validity (years)"), default=3)
    thresholds = models.JSONField(
        _("threshold overrides"),
        default=dict,
        blank=True,
        help_text=_("Values of the rule set's configurable thresholds for this call, by path."),
    )
    agreement_tolerance = models.FloatField(
        _("agreement tolerance (points)"),
        default=5.0,
        help_text=_(
            "Two reviews agree when they reach the same level and their totals differ by no "
            "more than this; otherwise a third evaluator decides."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    REVIEWED = "reviewed", _("Reviewed, awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Application(models.Model):
    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call")
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    site = models.ForeignKey(
        "members.Site",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("site"),
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    inputs = models.JSONField(_("declared inputs"), default=dict, blank=True)
    inventory_inputs = models.JSONField(_("inputs from verified inventories"), default=dict)
    inventory_source = models.JSONField(
        _("verified inventory used"),
        default=dict,
        help_text=_("The submission, version, year and factor set the pre-score was computed on."),
    )
    prescore = models.JSONField(_("pre-score"), default=dict)
    final_points = models.FloatField(_("final points"), null=True, blank=True)
    final_level = models.CharField(_("final level"), max_length=40, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "site"], name="application_unique_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.call} — {self.site}"


class Evidence(models.Model):
    """A file backing one item of an application, stored outside the web root."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("application"),
    )
    item = models.CharField(_("item"), max_length=100)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    path = models.CharField(_("stored at"), max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["item", "id"]


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SUBMITTED = "submitted", _("Submitted")


class Review(models.Model):
    """One evaluator's item-by-item review of one application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assessment_reviews",
        verbose_name=_("evaluator"),
    )
    tiebreak = models.BooleanField(_("deciding review"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    judgements = models.JSONField(_("judgements"), default=dict, blank=True)
    total_points = models.FloatField(_("total points"), null=True, blank=True)
    requirements_met = models.BooleanField(_("basic requirements met"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=40, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="review_unique_per_evaluator"
            )
        ]


class CertificateStatus(models.TextChoices):
    # "Valid" alone is the validity column of the registry's designation table (有效期).
    VALID = "valid", pgettext_lazy("certificate state", "Valid")
    # Set by the worker's schedule the day after ``valid_until`` (services.certificates_expire_due).
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    designation = models.OneToOneField(
        "members.Designation", on_delete=models.PROTECT, related_name="certificate"
    )
    level = models.CharField(_("level"), max_length=40, blank=True)
    level_title = models.CharField(_("grade"), max_length=100, blank=True)
    points = models.FloatField(_("points"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.VALID,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    reminded_at = models.DateTimeField(_("renewal reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number


# -- recognition of demonstration units ---------------------------------------------------------

RECOGNITION_TYPES = (
    DesignationType.OUTSTANDING_GREEN_PARK,
    DesignationType.ENERGY_SAVING_DEMO_BASE,
    DesignationType.ZERO_CARBON_DEMO_UNIT,
    DesignationType.GREEN_MANUFACTURING_DEMO_UNIT,
)


class RecognitionStatus(models.TextChoices):
    OPEN = "open", _("Open for nominations")
    SCORING = "scoring", _("Panel scoring")
    PUBLISHED = "published", _("Published")


class RecognitionCall(models.Model):
    type = models.CharField(
        _("recognition"),
        max_length=40,
        choices=[(t.value, t.label) for t in RECOGNITION_TYPES],
    )
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateField(_("nomination deadline"))
    places = models.PositiveSmallIntegerField(_("units to recognise"))
    trim = models.FloatField(
        _("trimmed share at each end"),
        default=0.2,
        help_text=_("Share of the panel's scores left out at each end for the trimmed mean."),
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.OPEN,
    )
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="recognition_panels", verbose_name=_("panel")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recognition call")
        verbose_name_plural = _("recognition calls")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Nomination(models.Model):
    call = models.ForeignKey(RecognitionCall, on_delete=models.PROTECT, related_name="nominations")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="nominations"
    )
    site = models.ForeignKey(
        "members.Site", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    statement = models.TextField(_("supporting statement"))
    supporting_data = models.JSONField(_("supporting data"), default=dict)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nominated at"))
    mean = models.FloatField(_("mean score"), null=True, blank=True)
    trimmed_mean = models.FloatField(_("trimmed mean score"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    recognised = models.BooleanField(_("recognised"), default=False)
    designation = models.OneToOneField(
        "members.Designation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nomination",
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["call_id", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="nomination_unique_per_organisation"
            )
        ]


class PanelScore(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_scores"
    )
    score = models.FloatField(_("score (0-100)"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("panel score")
        verbose_name_plural = _("panel scores")
        ordering = ["nomination_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "reviewer"], name="panel_score_unique_per_reviewer"
            )
        ]
