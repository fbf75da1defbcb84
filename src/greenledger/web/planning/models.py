"""Planning tables. Rules live in ``services`` (writes) and ``selectors`` (reads), not here; the
arithmetic (curves, the optimiser, baselines, scenarios) is the pure core ``core.planning``.

- ``TechnologyProposal``: a research institution's new technology (a catalogue record in the
  shipped catalogue's schema) or case result for an existing one; the secretariat reviews it and
  publishes or rejects it (audit ledger). Published technologies join the shipped catalogue.
- ``Plan``: one enterprise's decarbonisation plan, its baseline taken from its newest verified
  inventory (carriers split into end uses by the enterprise's shares), its targets, budgets and
  roll-out limits. ``PlanMeasure``: a candidate measure (from the catalogue or the enterprise's
  own). ``Scenario``: growth, grid-factor path, prices and discount rate of one scenario.
- ``PlanRun``: one solved scenario (MACC + pathway), kept with the digest of its inputs so an
  unchanged plan is not solved twice, and with the versions that produced it.
- ``Commitment``: the plan (one scenario's pathway) the enterprise commits to; later verified
  inventories are compared with its yearly emissions.
- ``DistrictRun``: the district pathway (every enterprise priced over a carbon-price sweep, then
  the least-cost district selection), a background job with progress.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProposalKind(models.TextChoices):
    TECHNOLOGY = "technology", _("New technology")
    CASE = "case", _("Case result")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class TechnologyProposal(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="technology_proposals",
        verbose_name=_("research institution"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ProposalKind.choices)
    # TECHNOLOGY: the id the new technology takes in the catalogue; CASE: the technology it is for
    technology_id = models.CharField(_("technology id"), max_length=80)
    # TECHNOLOGY: one catalogue record (core.planning.catalogue schema, checked by the core);
    # CASE: {"title", "enterprise", "year", "saving_rate"?, "saving_tce"?, "capex_yuan"?, ...}
    record = models.JSONField(_("record"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("technology proposal")
        verbose_name_plural = _("technology proposals")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.technology_id} ({self.kind}, {self.status})"


class TargetSource(models.TextChoices):
    OWN = "own", _("The enterprise's own caps")
    BUDGET = "budget", _("The enterprise's carbon budget")
    DISTRICT = "district", _("The district's intensity target")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMMITTED = "committed", _("Committed")


class Plan(models.Model):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("name"), max_length=200)
    # The verified inventory the baseline comes from (newest verified version at creation or at
    # the last "refresh baseline").
    submission = models.ForeignKey(
        "reporting.Submission",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("inventory"),
    )
    version = models.ForeignKey(
        "reporting.SubmissionVersion",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("inventory version"),
    )
    inventory_year = models.PositiveSmallIntegerField(_("inventory year"))
    # {"carriers": {carrier: {"energy_tce", "emissions_t", "electricity": bool}},
    #  "non_energy_emissions_t": float, "output_wan_yuan": float | None,
    #  "provenance": {"factor_set", "method_version", "version_id", ...}}
    baseline = models.JSONField(_("baseline by carrier"), default=dict)
    # {carrier: {end_use: share}}; a carrier without shares is its own end use
    shares = models.JSONField(_("end-use shares"), default=dict, blank=True)
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    private_rate = models.FloatField(_("private discount rate"))
    social_rate = models.FloatField(_("social discount rate"))
    target_source = models.CharField(
        _("targets from"), max_length=16, choices=TargetSource.choices, default=TargetSource.OWN
    )
    # OWN: [{"year", "max_emissions_t"?, "max_intensity_t_per_wan_yuan"?}]; other sources are
    # resolved by the selectors from the district's targets or the enterprise's budget
    targets = models.JSONField(_("targets"), default=list, blank=True)
    budget_yuan = models.FloatField(_("total capex budget (yuan)"), null=True, blank=True)
    annual_budget_yuan = models.FloatField(_("capex budget per year (yuan)"), null=True, blank=True)
    max_adoptions_per_year = models.PositiveSmallIntegerField(
        _("measures adopted per year at most"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("decarbonisation plan")
        verbose_name_plural = _("decarbonisation plans")
        ordering = ["organisation_id", "-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


class MeasureEffect(models.TextChoices):
    ENERGY = "energy", _("Saves energy (and its emissions)")
    EMISSIONS = "emissions", _("Cuts emissions only")


class PlanMeasure(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    measure_id = models.SlugField(_("measure id"), max_length=80)
    # the catalogue technology it was made from; blank for the enterprise's own measure
    technology_id = models.CharField(_("technology id"), max_length=80, blank=True)
    name = models.CharField(_("name"), max_length=200)
    end_use = models.CharField(_("end use"), max_length=80)
    effect = models.CharField(
        _("effect"), max_length=16, choices=MeasureEffect.choices, default=MeasureEffect.ENERGY
    )
    saving_rate = models.FloatField(_("saving rate (0..1)"))
    capex_yuan = models.FloatField(_("capex (yuan)"))
    annual_opex_change_yuan = models.FloatField(_("change in operating cost (yuan a year)"))
    lifetime_years = models.PositiveSmallIntegerField(_("lifetime (years)"))
    group = models.CharField(_("exclusion group"), max_length=80, blank=True)
    requires = models.JSONField(_("prerequisites"), default=list, blank=True)
    earliest_year = models.PositiveSmallIntegerField(_("earliest year"), null=True, blank=True)
    capacity = models.FloatField(_("capacity (catalogue unit)"), null=True, blank=True)
    enabled = models.BooleanField(_("candidate"), default=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["plan_id", "end_use", "measure_id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "measure_id"], name="plan_measure_unique_id")
        ]

    def __str__(self) -> str:
        return self.measure_id


class ScenarioKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    POLICY = "policy", _("Policy")
    STRETCH = "stretch", _("Stretch")
    CUSTOM = "custom", _("Custom")


class Scenario(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=ScenarioKind.choices)
    growth = models.FloatField(_("output growth a year"))
    # a path key of core/planning/data/grid_factor_paths.yaml
    grid_path = models.CharField(_("grid electricity factor path"), max_length=80)
    energy_price_yuan_per_tce = models.FloatField(
        _("energy price (yuan/tce)"), null=True, blank=True
    )
    carbon_price_yuan_per_t = models.FloatField(_("carbon price (yuan/t)"), default=0.0)
    discount_rate = models.FloatField(_("discount rate"))

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["plan_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="scenario_unique_name_per_plan")
        ]

    def __str__(self) -> str:
        return self.name


class PlanRun(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="runs")
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="runs")
    # sha256 of the canonical JSON of the PlanInput (and rates) the run solved
    inputs_digest = models.CharField(_("inputs digest"), max_length=64, db_index=True)
    # the plan file the core solved (the documented plan-file JSON), for download and replay
    inputs = models.JSONField(_("inputs"), default=dict)
    status = models.CharField(_("solver status"), max_length=16)
    # {"macc": [...], "macc_social": [...], "notes": [...], "pathway": {...}} (the CLI JSON
    # shape plus capex, model years and solve time)
    result = models.JSONField(_("result"), default=dict)
    npv_yuan = models.FloatField(_("net present cost (yuan)"))
    gap = models.FloatField(_("optimality gap"))
    solve_seconds = models.FloatField(_("solve time (s)"))
    # {"catalogue": ..., "grid_path": ..., "core": ..., "inventory_version": ...}
    provenance = models.JSONField(_("provenance"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("plan run")
        verbose_name_plural = _("plan runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} / {self.scenario} ({self.status})"


class Commitment(models.Model):
    plan = models.OneToOneField(Plan, on_delete=models.PROTECT, related_name="commitment")
    run = models.ForeignKey(PlanRun, on_delete=models.PROTECT, related_name="+")
    # {"YYYY": emissions_t} of the committed pathway, every year start..end (interpolated
    # between model years)
    emissions_t = models.JSONField(_("committed emissions by year"), default=dict)
    adoptions = models.JSONField(_("committed adoptions"), default=list)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    committed_at = models.DateTimeField(_("committed at"))

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")

    def __str__(self) -> str:
        return f"{self.plan} ({self.committed_at:%Y-%m-%d})"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    FAILED = "failed", _("Failed")
    SUCCEEDED = "succeeded", _("Succeeded")


class DistrictRun(models.Model):
    # the district target whose trajectory caps the district's emissions (None: the caps given)
    target = models.ForeignKey(
        "district.DistrictTarget",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district target"),
    )
    base_year = models.PositiveSmallIntegerField(_("inventory year"))
    start_year = models.PositiveSmallIntegerField(_("start year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    # {"prices": [...], "discount_rate": r, "caps": {"YYYY": t}?, "enterprise_limit": n?}
    parameters = models.JSONField(_("parameters"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    enterprises_total = models.PositiveIntegerField(_("enterprises"), default=0)
    enterprises_done = models.PositiveIntegerField(_("enterprises priced"), default=0)
    # {"status", "cost_yuan", "emissions_t", "shortfall_t", "shadow_price_yuan_per_t",
    #  "gap", "solve_seconds", "enterprises": [{"organisation_id", "price", "cost_yuan",
    #  "adoptions"}], "macc": [...]}
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("district pathway run")
        verbose_name_plural = _("district pathway runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"district pathway {self.base_year} ({self.status})"
