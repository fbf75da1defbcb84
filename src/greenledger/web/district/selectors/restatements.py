"""Reading restatements: the list, one restatement's totals beside the verified totals of the
same year, its enterprises, and the like-for-like series (every year restated on one basis).

The staff only (``accounts.permissions.can_view_district_accounts``): the callers check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, FloatField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Abs
from django.utils.translation import gettext as _

from greenledger.core.progress.restate import RestatementBasis
from greenledger.web.district.models import (
    FACT_FIGURES,
    EnterpriseYearFact,
    FactBasis,
    RestatedFact,
    Restatement,
)
from greenledger.web.district.services.restatements import TOTALLED, available_bases

# Figures the series carries per year (the ones a restatement can move).
SERIES_FIGURES = (
    "energy_tce",
    "energy_tce_generation",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "output_value_wan_yuan",
)


def restatement_list() -> QuerySet[Restatement]:
    return Restatement.objects.select_related("created_by").order_by("-created_at", "-id")


def restatement_years() -> list[int]:
    """Years with verified enterprise figures: the years that can be restated."""
    years = (
        EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    return list(years)


def basis_label(basis: RestatementBasis | str, context: dict[str, Any] | None = None) -> str:
    """A basis in the reader's language (from the basis, or from a stored restatement's key
    and context when the library no longer offers it)."""
    if isinstance(basis, RestatementBasis):
        key, year, edition, gwp = (
            basis.key,
            basis.context.year,
            basis.context.ghg_edition,
            basis.context.gwp,
        )
    else:
        context = context or {}
        key, year, edition, gwp = (
            basis,
            context.get("year"),
            context.get("ghg_edition"),
            context.get("gwp"),
        )
    kind = key.split("-", 1)[0]
    if kind == "electricity":
        return _("Factors of %(year)s (the newest electricity factor year)") % {"year": year}
    if kind == "gbt32150":
        return _("GB/T 32150-%(edition)s fuel defaults") % {"edition": edition}
    if kind == "gwp":
        return _("%(gwp)s global warming potentials") % {"gwp": gwp}
    if kind == "newest":
        return _("All of the newest: factors of %(year)s, GB/T 32150-%(edition)s, %(gwp)s") % {
            "year": year,
            "edition": edition,
            "gwp": gwp,
        }
    return key


def basis_choices() -> list[tuple[str, str]]:
    return [(b.key, basis_label(b)) for b in available_bases()]


def basis_of(restatement: Restatement) -> RestatementBasis | None:
    """The basis a restatement used, if the library still offers it (for its sources)."""
    key = str(restatement.context.get("basis", ""))
    return next((b for b in available_bases() if b.key == key), None)


@dataclass(frozen=True)
class FigureRow:
    name: str
    label: str
    verified: float | None
    restated: float | None

    @property
    def difference(self) -> float | None:
        if self.verified is None or self.restated is None:
            return None
        return self.restated - self.verified

    @property
    def percent(self) -> float | None:
        """The difference in % of the verified figure (None when that is zero)."""
        difference = self.difference
        if difference is None or not self.verified:
            return None
        return 100.0 * difference / self.verified


def _label(name: str) -> str:
    return str(RestatedFact._meta.get_field(name).verbose_name)


def _intensity(totals: dict[str, Any], name: str) -> float | None:
    value = totals.get("output_value_wan_yuan")
    figure = totals.get(name)
    if not value or figure is None:
        return None
    return float(figure) / float(value)


def figure_rows(totals: dict[str, Any]) -> list[FigureRow]:
    """Verified and restated totals of a restatement, figure by figure, with the intensities
    per 10^4 yuan of output value."""
    verified = totals.get("verified") or {}
    restated = totals.get("restated") or {}
    rows = [
        FigureRow(name, _label(name), verified.get(name), restated.get(name)) for name in TOTALLED
    ]
    rows.append(
        FigureRow(
            "tce_per_wan_yuan",
            _("energy intensity (tce per 10^4 yuan)"),
            _intensity(verified, "energy_tce"),
            _intensity(restated, "energy_tce"),
        )
    )
    rows.append(
        FigureRow(
            "co2e_t_per_wan_yuan",
            _("CO2 intensity (tCO2e per 10^4 yuan)"),
            _intensity(verified, "gbt32150_co2e_t"),
            _intensity(restated, "gbt32150_co2e_t"),
        )
    )
    return rows


def restatement_detail(restatement: Restatement) -> dict[str, Any]:
    """What the detail page and the API show: the basis, its sources, which data and rule
    versions produced each side, the figures side by side, and how many enterprises' verified
    figures have changed since (a correction verified after the restatement)."""
    changed = (
        RestatedFact.objects.filter(restatement=restatement)
        .exclude(
            version_id__in=EnterpriseYearFact.objects.filter(
                year=restatement.year, basis=FactBasis.VERIFIED, version__isnull=False
            ).values("version_id")
        )
        .count()
    )
    verified_versions = (
        EnterpriseYearFact.objects.filter(year=restatement.year, basis=FactBasis.VERIFIED)
        .exclude(factor_set_version="")
        .values_list("factor_set_version", "method_version")
        .distinct()
    )
    return {
        "restatement": restatement,
        "basis_key": restatement.context.get("basis", ""),
        "basis_label": basis_label(str(restatement.context.get("basis", "")), restatement.context),
        "basis": basis_of(restatement),
        "rows": figure_rows(restatement.totals),
        "changed_since": changed,
        "verified_versions": sorted(set(verified_versions)),
    }


def restated_enterprises(restatement: Restatement) -> QuerySet[RestatedFact]:
    """Each enterprise's restated figures beside its verified ones (annotations ``verified_*``
    and ``difference_t``), the largest differences first."""
    verified = EnterpriseYearFact.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        year=restatement.year,
        basis=FactBasis.VERIFIED,
    )

    def of(name: str) -> Subquery:
        return Subquery(verified.values(name)[:1], output_field=FloatField())

    return (
        RestatedFact.objects.filter(restatement=restatement)
        .select_related("organisation", "version")
        .annotate(
            verified_gbt32150_co2e_t=of("gbt32150_co2e_t"),
            verified_scope2_location_t=of("scope2_location_t"),
            verified_energy_tce=of("energy_tce"),
            difference_t=F("gbt32150_co2e_t") - of("gbt32150_co2e_t"),
        )
        .order_by(Abs("difference_t").desc(nulls_last=True), "organisation_id")
    )


def restated_series(restatement: Restatement) -> list[dict[str, Any]]:
    """Like-for-like trend: for every year with verified figures, the verified totals and the
    totals of the newest restatement of that year on the same basis (None where that year has
    not been restated on it; this restatement for its own year)."""
    verified = {
        row["year"]: row
        for row in EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED)
        .values("year")
        .annotate(**{name: Sum(name) for name in SERIES_FIGURES})
        .order_by("year")
    }
    key = restatement.context.get("basis")
    same_basis = Restatement.objects.filter(context__basis=key).order_by("created_at", "id")
    restated: dict[int, Restatement] = {}
    for other in same_basis.only("id", "year", "totals", "created_at"):
        restated[other.year] = other
    restated[restatement.year] = restatement
    series = []
    for year in sorted(set(verified) | set(restated)):
        other = restated.get(year)
        totals = (other.totals.get("restated") or {}) if other else None
        series.append(
            {
                "year": year,
                "verified": {n: verified.get(year, {}).get(n) for n in SERIES_FIGURES}
                if year in verified
                else None,
                "restated": {n: totals.get(n) for n in SERIES_FIGURES} if totals else None,
                "restatement_id": other.pk if other else None,
            }
        )
    return series


__all__ = [
    "FACT_FIGURES",
    "FigureRow",
    "available_bases_described",
    "basis_choices",
    "basis_label",
    "basis_of",
    "figure_rows",
    "restated_enterprises",
    "restated_series",
    "restatement_detail",
    "restatement_list",
    "restatement_years",
]


def available_bases_described() -> list[dict[str, Any]]:
    """Each basis the library offers, labelled in the reader's language, with its sources."""
    return [
        {"basis": b, "label": basis_label(b), "sources": b.sources, "unconfirmed": b.unconfirmed}
        for b in available_bases()
    ]
