"""Finance tables. Rules live in ``services`` (writes) and ``selectors`` (reads), not here; the
arithmetic (eligibility against the catalogues, transition KPIs, PCAF) is the pure core
``core.finance``. Consents are ``accounts.DataSharing`` grants (purpose, data, expiry) and every
read of shared data is an ``accounts.DataAccess`` row.

- ``Project``: a financing project an enterprise makes from measures of its plan (site, measures,
  capex, energy saving and abatement from the planning engine, timeline, KPIs); ``listed`` when
  the enterprise consents to show it in the green project pool.
- ``EligibilityCheck``: the pre-check of a project against one finance catalogue (the core's
  result as JSON, with the catalogue version and the verified data behind it).
- ``Interest``: a financial institution's interest in a listed project; the enterprise accepts
  or declines.
- ``PortfolioImport`` / ``Position``: a financial institution's positions for one year (form or
  XLSX/CSV import, all-or-nothing) and what PCAF computed for each.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LISTED = "listed", _("Listed in the pool")
    FINANCED = "financed", _("Financed")
    WITHDRAWN = "withdrawn", pgettext_lazy("finance project status", "Withdrawn")


class ProjectKind(models.TextChoices):
    GREEN = "green", _("Green")
    TRANSITION = "transition", _("Transition")


class Project(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="financing_projects",
        verbose_name=_("enterprise"),
    )
    site = models.ForeignKey(
        "members.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("site"),
    )
    plan = models.ForeignKey(
        "planning.Plan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("plan"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=ProjectKind.choices)
    # the plan's measure ids the project finances
    measure_ids = models.JSONField(_("measures"), default=list, blank=True)
    capex_yuan = models.FloatField(_("capex (yuan)"))
    energy_saving_tce = models.FloatField(_("energy saving (tce a year)"), default=0.0)
    abatement_t = models.FloatField(_("abatement (tCO2e a year)"), default=0.0)
    # annualised cost per tonne from the planning engine (the plan's private rate), if computed
    cost_per_t = models.FloatField(_("abatement cost (yuan/t)"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    # [{"year", "milestone"}]
    timeline = models.JSONField(_("timeline"), default=list, blank=True)
    # the category claimed per catalogue key, e.g. {"green_finance_2025": "1"}
    categories = models.JSONField(_("claimed categories"), default=dict, blank=True)
    # {metric: value}, e.g. {"tco2_per_t_product": 1.6}, with the year and basis in provenance
    kpis = models.JSONField(_("KPIs"), default=dict, blank=True)
    # where the figures come from: {"plan_run": id, "inventory_version": id, "factor_set": ...}
    provenance = models.JSONField(_("provenance"), default=dict, blank=True)
    listed = models.BooleanField(_("listed in the green project pool"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("financing project")
        verbose_name_plural = _("financing projects")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["listed", "status"])]

    def __str__(self) -> str:
        return self.name


class EligibilityCheck(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="checks")
    catalogue = models.CharField(_("catalogue"), max_length=64)  # core catalogue key
    catalogue_version = models.CharField(_("catalogue version"), max_length=64)
    # eligible | not_eligible | borderline | needs_data (core.finance.eligibility)
    status = models.CharField(_("result"), max_length=16)
    category = models.CharField(_("category"), max_length=64, blank=True)
    # the core result: criteria with value, threshold, wording, source, evidence, explanation
    result = models.JSONField(_("result details"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project} / {self.catalogue}: {self.status}"


class InterestStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the enterprise")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("finance interest status", "Withdrawn")


class Interest(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="interests")
    institution = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="project_interests",
        verbose_name=_("financial institution"),
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=InterestStatus.choices, default=InterestStatus.PENDING
    )
    expressed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expressed_at = models.DateTimeField(_("expressed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-expressed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "institution"], name="finance_interest_once_per_institution"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} -> {self.project} ({self.status})"


class PortfolioImport(models.Model):
    institution = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="portfolio_imports",
        verbose_name=_("financial institution"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    original_filename = models.CharField(_("file name"), max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("positions"), default=0)
    # PCAF totals of the import (core PortfolioResult totals), and the rule version
    totals = models.JSONField(_("totals"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("portfolio import")
        verbose_name_plural = _("portfolio imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.institution} {self.year} ({self.rows})"


class CarbonEffect(models.TextChoices):
    NONE = "", _("Not a green loan")
    DIRECT = "direct", _("Direct carbon-reduction effect")
    INDIRECT = "indirect", _("Indirect carbon-reduction effect")


class Position(models.Model):
    institution = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name=_("financial institution"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    imported = models.ForeignKey(
        PortfolioImport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="positions",
        verbose_name=_("import"),
    )
    position = models.CharField(_("position"), max_length=80)
    borrower = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member borrower"),
    )
    borrower_name = models.CharField(_("borrower"), max_length=200)
    borrower_code = models.CharField(_("credit code"), max_length=18, blank=True)
    asset_class = models.CharField(_("asset class"), max_length=32)  # core PCAF asset classes
    outstanding_yuan = models.FloatField(_("outstanding (yuan)"))
    equity_yuan = models.FloatField(_("equity (yuan)"), null=True, blank=True)
    debt_yuan = models.FloatField(_("debt (yuan)"), null=True, blank=True)
    evic_yuan = models.FloatField(_("EVIC (yuan)"), null=True, blank=True)
    property_value_yuan = models.FloatField(_("property value (yuan)"), null=True, blank=True)
    revenue_yuan = models.FloatField(_("revenue (yuan)"), null=True, blank=True)
    emissions_tco2e = models.FloatField(_("borrower's emissions (tCO2e)"), null=True, blank=True)
    emissions_basis = models.CharField(_("emissions basis"), max_length=16)
    sector = models.CharField(_("sector"), max_length=32, blank=True)
    use_of_proceeds = models.CharField(_("use of proceeds"), max_length=200, blank=True)
    catalogue = models.CharField(_("catalogue"), max_length=64, blank=True)
    catalogue_code = models.CharField(_("catalogue code"), max_length=32, blank=True)
    carbon_effect = models.CharField(
        _("carbon-reduction effect"),
        max_length=16,
        choices=CarbonEffect.choices,
        default=CarbonEffect.NONE,
        blank=True,
    )
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="positions"
    )
    # computed by core PCAF when saved
    attribution_factor = models.FloatField(_("attribution factor"), null=True, blank=True)
    financed_tco2e = models.FloatField(_("financed emissions (tCO2e)"), null=True, blank=True)
    data_quality_score = models.PositiveSmallIntegerField(_("data-quality score"), null=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["institution_id", "year", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "position"], name="finance_position_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position} ({self.year})"


class CatalogueSetting(models.Model):
    """A screening value the secretariat sets for a catalogue threshold the catalogue does not
    publish (``FinanceCatalogue.configured``). Rows are append-only: the newest row per
    (catalogue, path) is in force, a null value clears it, and the id of the newest row is the
    settings version an eligibility check records."""

    catalogue = models.CharField(_("catalogue"), max_length=64)
    path = models.CharField(_("threshold"), max_length=200)
    value = models.FloatField(_("value"), null=True, blank=True)
    # where the value was read: the document and clause (or why it is a screening choice)
    source_note = models.CharField(_("source"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("catalogue setting")
        verbose_name_plural = _("catalogue settings")
        ordering = ["catalogue", "path", "-set_at", "-id"]
        indexes = [models.Index(fields=["catalogue", "path", "-id"])]

    def __str__(self) -> str:
        return f"{self.catalogue} {self.path} = {self.value}"


class EvidenceKind(models.TextChoices):
    ENERGY_AUDIT = "energy_audit", _("Energy audit report")
    THIRD_PARTY_ASSESSMENT = "third_party_assessment", _("Third-party assessment")


class ProjectEvidence(models.Model):
    """A document backing a project's eligibility (an energy audit report, a third-party
    assessment), stored outside the web root like assessment evidence. Evidence kinds are the
    core catalogue's ``EVIDENCE``; the verified inventory and meter series are not uploaded
    here: they come from the reporting app."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("project")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    issued_by = models.CharField(_("issued by"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    path = models.CharField(_("stored at"), max_length=500)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("project evidence")
        verbose_name_plural = _("project evidence")
        ordering = ["kind", "-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.project} / {self.kind}: {self.title}"
