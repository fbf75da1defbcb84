"""District tables. Rules live in ``services`` (writes) and ``selectors`` (reads), not here.

- ``EnterpriseYearFact``: one row per enterprise and year, the district fact table. A verified
  row copies the figures of the newest verified version's inventory (never recomputes them); an
  estimated row is labelled as such, says how it was estimated, and is never summed into the
  verified totals. ``CarrierFact`` holds the energy and energy-related emissions per carrier,
  the input of the decomposition.
- ``Restatement`` / ``RestatedFact``: a year recomputed under another accounting context (a newer
  factor set, another GB/T 32150 edition, another GWP set), beside the verified figures.
- ``DistrictTarget``: a target the secretariat sets for the district or one park.
- ``BudgetPlan`` / ``EnterpriseBudget`` / ``BudgetAlert``: carbon dual control.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Figures of a fact row, in their canonical units (named in the column).
FACT_FIGURES = (
    "energy_tce",
    "energy_tce_generation",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "energy_co2e_t",
    "non_energy_co2e_t",
    "exported_co2e_t",
    "co2_biogenic_t",
    "so2_t",
    "nox_t",
    "pm_t",
    "vocs_t",
)


class FactBasis(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    ESTIMATED = "estimated", _("Estimated")


class _Figures(models.Model):
    output_value_wan_yuan = models.FloatField(_("output value (10^4 yuan)"), null=True)
    energy_tce = models.FloatField(_("energy (tce, calorific value)"), default=0.0)
    energy_tce_generation = models.FloatField(
        _("energy (tce, electricity at generation coal consumption)"), default=0.0
    )
    gbt32150_co2e_t = models.FloatField(_("GB/T 32150 emissions (tCO2e)"), default=0.0)
    scope1_co2e_t = models.FloatField(_("Scope 1 (tCO2e)"), default=0.0)
    scope2_location_t = models.FloatField(_("Scope 2 location-based (tCO2e)"), default=0.0)
    scope2_market_t = models.FloatField(_("Scope 2 market-based (tCO2e)"), default=0.0)
    energy_co2e_t = models.FloatField(_("energy-related emissions (tCO2e)"), default=0.0)
    non_energy_co2e_t = models.FloatField(_("process and fugitive emissions (tCO2e)"), default=0.0)
    exported_co2e_t = models.FloatField(_("exported electricity and heat (tCO2e)"), default=0.0)
    co2_biogenic_t = models.FloatField(_("biogenic CO2 (t, memo)"), default=0.0)
    so2_t = models.FloatField(_("SO2 (t)"), default=0.0)
    nox_t = models.FloatField(_("NOx (t)"), default=0.0)
    pm_t = models.FloatField(_("particulate matter (t)"), default=0.0)
    vocs_t = models.FloatField(_("VOCs (t)"), default=0.0)
    factor_set_version = models.CharField(_("factor set version"), max_length=64, blank=True)
    method_version = models.CharField(_("method version"), max_length=300, blank=True)
    context = models.JSONField(_("accounting context"), default=dict, blank=True)

    class Meta:
        abstract = True


class EnterpriseYearFact(_Figures):
    organisation = models.ForeignKey(
        "members.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    basis = models.CharField(_("basis"), max_length=16, choices=FactBasis.choices)
    submission = models.ForeignKey(
        "reporting.Submission", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.ForeignKey(
        "reporting.SubmissionVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version_number = models.PositiveIntegerField(_("version"), null=True, blank=True)
    estimate_method = models.CharField(_("estimate method"), max_length=32, blank=True)
    estimated_from_year = models.PositiveSmallIntegerField(
        _("estimated from year"), null=True, blank=True
    )
    park = models.ForeignKey(
        "members.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("industrial park"),
    )
    industry_code = models.CharField(_("industry code (GB/T 4754-2017)"), max_length=5, blank=True)
    industry_section = models.CharField(_("industry section"), max_length=1, blank=True)
    industry_division = models.CharField(_("industry division"), max_length=2, blank=True)
    key_unit_status = models.CharField(_("key energy-consuming unit"), max_length=32, blank=True)
    refreshed_at = models.DateTimeField(_("refreshed at"))

    class Meta:
        verbose_name = _("enterprise-year fact")
        verbose_name_plural = _("enterprise-year facts")
        ordering = ["year", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="district_fact_unique_per_organisation_year"
            )
        ]
        indexes = [
            models.Index(fields=["year", "basis"], name="district_fact_year_basis"),
            models.Index(fields=["park", "year"], name="district_fact_park_year"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.year} ({self.basis})"


class CarrierFact(models.Model):
    fact = models.ForeignKey(EnterpriseYearFact, on_delete=models.CASCADE, related_name="carriers")
    carrier = models.CharField(_("energy carrier"), max_length=64)
    energy_tce = models.FloatField(_("energy (tce)"))
    energy_co2e_t = models.FloatField(_("energy-related emissions (tCO2e)"))

    class Meta:
        verbose_name = _("carrier fact")
        verbose_name_plural = _("carrier facts")
        ordering = ["fact_id", "carrier"]
        constraints = [
            models.UniqueConstraint(fields=["fact", "carrier"], name="district_carrier_unique")
        ]


class Restatement(models.Model):
    """One year recomputed under another accounting context, for like-for-like trends."""

    year = models.PositiveSmallIntegerField(_("year"))
    label = models.CharField(_("label"), max_length=200)
    context = models.JSONField(_("accounting context"), default=dict)
    factor_set_version = models.CharField(_("factor set version"), max_length=64)
    method_version = models.CharField(_("method version"), max_length=300)
    enterprise_count = models.PositiveIntegerField(_("enterprises"), default=0)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    totals = models.JSONField(_("totals"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("restatement")
        verbose_name_plural = _("restatements")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year}: {self.label}"


class RestatedFact(_Figures):
    restatement = models.ForeignKey(Restatement, on_delete=models.CASCADE, related_name="facts")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        "reporting.SubmissionVersion", on_delete=models.PROTECT, related_name="+"
    )
    carriers = models.JSONField(_("per carrier: [tce, tCO2e]"), default=dict)

    class Meta:
        verbose_name = _("restated fact")
        verbose_name_plural = _("restated facts")
        ordering = ["restatement_id", "organisation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["restatement", "organisation"], name="district_restated_unique"
            )
        ]


class TargetScope(models.TextChoices):
    DISTRICT = "district", _("District")
    PARK = "park", _("Industrial park")


class TargetMetric(models.TextChoices):
    ENERGY_INTENSITY = "energy_intensity", _("Energy intensity (tce per 10^4 yuan)")
    CO2_INTENSITY = "co2_intensity", _("CO2 intensity (tCO2e per 10^4 yuan)")
    TOTAL_CO2 = "total_co2", _("Total emissions (tCO2e)")


class TrajectoryMethod(models.TextChoices):
    GEOMETRIC = "geometric", _("Constant annual rate")
    LINEAR = "linear", _("Linear")
    EXPLICIT = "explicit", _("Yearly points")


class OutputBasis(models.TextChoices):
    REPORTED = "reported", _("Output value as reported (current prices)")
    CONSTANT = "constant", _("Output value at constant base-year prices")


class DistrictTarget(models.Model):
    """A target the secretariat sets; a newer one for the same scope and metric replaces it
    (the old row stays, inactive, and the audit ledger holds both)."""

    scope = models.CharField(_("scope"), max_length=16, choices=TargetScope.choices)
    park = models.ForeignKey(
        "members.Site",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("industrial park"),
    )
    metric = models.CharField(_("indicator"), max_length=32, choices=TargetMetric.choices)
    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    change = models.FloatField(_("change from the base year (fraction)"), null=True, blank=True)
    level = models.FloatField(_("target level"), null=True, blank=True)
    method = models.CharField(
        _("trajectory"),
        max_length=16,
        choices=TrajectoryMethod.choices,
        default=TrajectoryMethod.GEOMETRIC,
    )
    points = models.JSONField(_("yearly points"), default=dict, blank=True)
    output_basis = models.CharField(
        _("output value"), max_length=16, choices=OutputBasis.choices, default=OutputBasis.REPORTED
    )
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("district target")
        verbose_name_plural = _("district targets")
        ordering = ["scope", "park_id", "metric", "-set_at", "-id"]
        indexes = [models.Index(fields=["active", "scope"], name="district_target_active")]

    def __str__(self) -> str:
        return f"{self.scope} {self.metric} {self.base_year}-{self.target_year}"


class BudgetMethod(models.TextChoices):
    GRANDFATHERING = "grandfathering", _("Base-year emissions x reduction rate")
    BENCHMARK = "benchmark", _("Intensity benchmark x output value")
    MIXED = "mixed", _("Weighted mix")


class BudgetPlan(models.Model):
    """Yearly carbon budgets for the key enterprises, by one documented method."""

    name = models.CharField(_("name"), max_length=200)
    method = models.CharField(_("method"), max_length=16, choices=BudgetMethod.choices)
    base_year = models.PositiveSmallIntegerField(_("base year"))
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))
    reduction_rate = models.FloatField(_("annual reduction rate"), default=0.0)
    benchmark = models.JSONField(_("benchmark by year (tCO2e per 10^4 yuan)"), default=dict)
    weight = models.FloatField(_("weight of the grandfathered budget"), default=0.5)
    caps = models.JSONField(_("district cap by year (tCO2e)"), default=dict)
    scale_to_cap = models.BooleanField(_("scale to the cap"), default=False)
    gaps = models.JSONField(_("cap minus budgets by year (tCO2e)"), default=dict)
    excluded = models.JSONField(_("enterprises left out, with the reason"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("budget plan")
        verbose_name_plural = _("budget plans")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class EnterpriseBudget(models.Model):
    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="budgets")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    budget_t = models.FloatField(_("budget (tCO2e)"))
    grandfathered_t = models.FloatField(_("grandfathered (tCO2e)"), null=True, blank=True)
    benchmark_t = models.FloatField(_("benchmark (tCO2e)"), null=True, blank=True)
    scale = models.FloatField(_("cap scaling"), default=1.0)

    class Meta:
        verbose_name = _("enterprise budget")
        verbose_name_plural = _("enterprise budgets")
        ordering = ["plan_id", "organisation_id", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "organisation", "year"], name="district_budget_unique"
            )
        ]


class AlertKind(models.TextChoices):
    OVER_BUDGET = "over_budget", _("Verified emissions over the budget")
    ABOVE_TRAJECTORY = "above_trajectory", _("Verified emissions above the trajectory")


class BudgetAlert(models.Model):
    """Raised when a verified inventory exceeds an enterprise's budget or trajectory."""

    plan = models.ForeignKey(BudgetPlan, on_delete=models.CASCADE, related_name="alerts")
    organisation = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=24, choices=AlertKind.choices)
    limit_t = models.FloatField(_("limit (tCO2e)"))
    verified_t = models.FloatField(_("verified emissions (tCO2e)"))
    version = models.ForeignKey(
        "reporting.SubmissionVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)

    class Meta:
        verbose_name = _("budget alert")
        verbose_name_plural = _("budget alerts")
        ordering = ["-raised_at", "-id"]
        indexes = [models.Index(fields=["plan", "year"], name="district_alert_plan_year")]
