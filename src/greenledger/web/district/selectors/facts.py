"""Reads of the district fact table: yearly series, coverage, breakdowns, core frames.

Aggregates are computed in the database (``Sum``/``Count`` grouped by year, park or industry)
or read with one query per table into Polars; the decomposition and coordinated reduction
call the core on those frames. Only verified rows count in the figures; estimates are kept
apart (``yearly_series``'s "estimated" entry, ``coverage``'s estimated list) and are never
summed into the verified totals.

In the core frames (``frames``), ``enterprise`` is the organisation's id as text, ``park``
the park's id as text ("" outside any park) and ``industry`` the GB/T 4754 section and
division (e.g. "C30"; the section alone when the division is unknown).

Intensities (``tce_per_wan_yuan``, ``co2e_t_per_wan_yuan``) are ratios of sums over the
enterprises that reported an output value (an enterprise without one would otherwise count in
the numerator only); None when no enterprise reported output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl
from django.db.models import Case, Count, Q, QuerySet, Sum, Value, When
from django.db.models.fields import BooleanField

from greenledger.core.progress.accounts import ENERGY_COLUMNS, ENTERPRISE_YEAR_COLUMNS, FactFrames
from greenledger.core.progress.coordinated import CoordinatedReduction, coordinated_reduction
from greenledger.core.progress.decomposition import Decomposition, EnterpriseYear
from greenledger.core.progress.frames import decompose_frames
from greenledger.web.district.models import (
    FACT_FIGURES,
    CarrierFact,
    EnterpriseYearFact,
    FactBasis,
)
from greenledger.web.members.models import (
    MembershipStatus,
    Organisation,
    OrganisationKind,
    Site,
    SiteKind,
)
from greenledger.web.reporting.models import SubmissionStatus

Basis = Literal["verified", "estimated", "all"]
BreakdownKey = Literal["park", "industry_section", "industry_division"]

#: summed in ``yearly_series`` and ``breakdown``
SERIES_FIGURES = (
    "energy_tce",
    "energy_tce_generation",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "so2_t",
    "nox_t",
    "pm_t",
    "vocs_t",
)
ESTIMATED_FIGURES = ("energy_tce", "gbt32150_co2e_t", "output_value_wan_yuan")
# fact column -> the core's pollutant name (core.progress.coordinated.POLLUTANTS)
POLLUTANTS = {"so2_t": "SO2", "nox_t": "NOx", "pm_t": "PM", "vocs_t": "VOCs"}


def _facts(park: Site | None = None) -> QuerySet[EnterpriseYearFact]:
    queryset = EnterpriseYearFact.objects.all()
    if park is not None:
        queryset = queryset.filter(park=park)
    return queryset


def _verified(park: Site | None = None) -> QuerySet[EnterpriseYearFact]:
    return _facts(park).filter(basis=FactBasis.VERIFIED)


def _bases(basis: Basis) -> list[str]:
    if basis == "verified":
        return [FactBasis.VERIFIED]
    if basis == "estimated":
        return [FactBasis.ESTIMATED]
    if basis == "all":
        return [FactBasis.VERIFIED, FactBasis.ESTIMATED]
    raise ValueError(f"unknown basis {basis!r}: verified, estimated or all")


def _sums() -> dict[str, Any]:
    """Aggregates named ``sum_<field>`` (an alias may not shadow a field it sums)."""
    with_output = Q(output_value_wan_yuan__isnull=False)
    return {
        "sum_enterprises": Count("id"),
        **{f"sum_{name}": Sum(name) for name in (*SERIES_FIGURES, "output_value_wan_yuan")},
        "sum_energy_with_output": Sum("energy_tce", filter=with_output),
        "sum_co2e_with_output": Sum("gbt32150_co2e_t", filter=with_output),
    }


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return float(numerator) / float(denominator)


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row = {k.removeprefix("sum_"): v for k, v in row.items()}
    energy = row.pop("energy_with_output")
    co2e = row.pop("co2e_with_output")
    for name in SERIES_FIGURES:
        row[name] = float(row[name] or 0.0)
    output = row["output_value_wan_yuan"]
    row["output_value_wan_yuan"] = float(output) if output is not None else None
    row["tce_per_wan_yuan"] = _ratio(energy, output)
    row["co2e_t_per_wan_yuan"] = _ratio(co2e, output)
    return row


def fact_years() -> list[int]:
    """The years with at least one verified fact, oldest first."""
    years = _verified().values_list("year", flat=True).distinct().order_by("year")
    return [int(y) for y in years]


def yearly_series(*, park: Site | None = None, basis: Basis = "verified") -> list[dict[str, Any]]:
    """One dict per year (oldest first): the sums of ``basis`` rows ("verified" by default;
    "all" adds the estimates in, labelled by the caller) and, kept apart, "estimated": the
    estimated rows' enterprises, energy, emissions and output value. Two queries."""
    bases = _bases(basis)
    rows = {
        row["year"]: _finish(row)
        for row in _facts(park)
        .filter(basis__in=bases)
        .values("year")
        .annotate(**_sums())
        .order_by("year")
    }
    estimated = {
        row["year"]: row
        for row in _facts(park)
        .filter(basis=FactBasis.ESTIMATED)
        .values("year")
        .annotate(sum_enterprises=Count("id"), **{f"sum_{n}": Sum(n) for n in ESTIMATED_FIGURES})
        .order_by("year")
    }
    estimated = {y: {k.removeprefix("sum_"): v for k, v in r.items()} for y, r in estimated.items()}
    series = []
    for year in sorted(set(rows) | set(estimated)):
        row = rows.get(year) or _finish({"year": year, **_empty()})
        extra = estimated.get(year, {})
        row["estimated"] = {
            "enterprises": int(extra.get("enterprises") or 0),
            "energy_tce": float(extra.get("energy_tce") or 0.0),
            "gbt32150_co2e_t": float(extra.get("gbt32150_co2e_t") or 0.0),
            "output_value_wan_yuan": (
                float(extra["output_value_wan_yuan"])
                if extra.get("output_value_wan_yuan") is not None
                else None
            ),
        }
        row["basis"] = basis
        series.append(row)
    return series


def _empty() -> dict[str, Any]:
    return {
        "enterprises": 0,
        **dict.fromkeys(SERIES_FIGURES, 0.0),
        "output_value_wan_yuan": None,
        "energy_with_output": None,
        "co2e_with_output": None,
    }


@dataclass(frozen=True)
class Coverage:
    """Who was expected to report for a year and who did.

    ``expected``: the member enterprises (kind enterprise, active membership), in the park when
    one is given (by a factory or data centre in it, or a fact placing them there).
    ``reported``: organisations with a verified fact that year (members or not). ``missing``:
    expected organisations without a verified fact; ``estimated``: those of them with an
    estimate (a subset of ``missing``). ``in_correction``: reported organisations whose
    submission is being corrected (their fact stays on the last verified version)."""

    year: int
    park_id: int | None
    expected: list[Organisation]
    reported: list[Organisation]
    missing: list[Organisation]
    estimated: list[Organisation]
    in_correction: list[Organisation] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "expected": len(self.expected),
            "reported": len(self.reported),
            "missing": len(self.missing),
            "estimated": len(self.estimated),
            "in_correction": len(self.in_correction),
        }

    @property
    def share_reported(self) -> float | None:
        """Share of the expected enterprises that reported (None when none is expected)."""
        expected = {o.pk for o in self.expected}
        if not expected:
            return None
        return len(expected & {o.pk for o in self.reported}) / len(expected)


def member_enterprises(*, park: Site | None = None) -> QuerySet[Organisation]:
    """The enterprises expected to report: alliance members of kind enterprise with an active
    membership that run a factory or a data centre (in ``park`` when given). A park's developer
    or an enterprise with offices only has no production energy use to report."""
    production = {"sites__kind__in": (SiteKind.FACTORY, SiteKind.DATA_CENTRE)}
    if park is not None:
        production["sites__parent_park"] = park
    queryset = Organisation.objects.filter(
        kind=OrganisationKind.ENTERPRISE, membership__status=MembershipStatus.ACTIVE, **production
    )
    return queryset.distinct().order_by("id")


def coverage(*, year: int, park: Site | None = None) -> Coverage:
    """Reported, missing and estimated enterprises for ``year`` (four queries)."""
    facts = list(
        _facts(park)
        .filter(year=year)
        .annotate(correcting=_correcting())
        .values_list("organisation_id", "basis", "correcting")
    )
    verified = {org for org, basis, _c in facts if basis == FactBasis.VERIFIED}
    estimates = {org for org, basis, _c in facts if basis == FactBasis.ESTIMATED}
    correcting = {org for org, basis, c in facts if basis == FactBasis.VERIFIED and c}
    expected = list(member_enterprises(park=park))
    expected_ids = {o.pk for o in expected}
    # Organisations placed in the park by their fact count as expected there too.
    extra_ids = (verified | estimates) - expected_ids
    by_id = {o.pk: o for o in expected}
    if extra_ids:
        by_id.update(Organisation.objects.in_bulk(list(extra_ids)))
    if park is not None:
        expected = expected + [by_id[pk] for pk in sorted(estimates - expected_ids)]
        expected_ids |= estimates
    reported = [by_id[pk] for pk in sorted(verified)]
    missing = [o for o in expected if o.pk not in verified]
    return Coverage(
        year=year,
        park_id=park.pk if park is not None else None,
        expected=expected,
        reported=reported,
        missing=missing,
        estimated=[o for o in missing if o.pk in estimates],
        in_correction=[by_id[pk] for pk in sorted(correcting)],
    )


def _correcting() -> Case:
    """True for a verified fact whose submission is no longer verified (a correction is in
    progress; the fact shows the last verified version)."""
    return Case(
        When(
            Q(basis=FactBasis.VERIFIED) & ~Q(submission__status=SubmissionStatus.VERIFIED),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def breakdown(*, year: int, by: BreakdownKey, park: Site | None = None) -> list[dict[str, Any]]:
    """Verified sums for ``year`` per park, GB/T 4754 section or division (one query; plus
    one for the parks' names), largest GB/T 32150 emissions first. ``key`` is the park id
    (None: outside any park), the section letter or the division ("C30": section and
    division); ``label`` the park's name or the code."""
    if by == "park":
        column = "park_id"
    elif by == "industry_section":
        column = "industry_section"
    elif by == "industry_division":
        column = "industry_division"
    else:
        raise ValueError(f"unknown breakdown {by!r}: park, industry_section or industry_division")
    group = [column] if by != "industry_division" else ["industry_section", column]
    rows = [
        _finish(row) for row in _verified(park).filter(year=year).values(*group).annotate(**_sums())
    ]
    names: dict[int, tuple[str, str]] = {}
    if by == "park":
        ids = [r["park_id"] for r in rows if r["park_id"] is not None]
        names = {
            pk: (zh, en)
            for pk, zh, en in Site.objects.filter(pk__in=ids).values_list(
                "pk", "name_zh", "name_en"
            )
        }
    result = []
    for row in rows:
        if by == "park":
            key: Any = row.pop("park_id")
            zh, en = names.get(key, ("", "")) if key is not None else ("", "")
            row.update(key=key, label=zh, label_en=en or zh)
        elif by == "industry_section":
            key = row.pop("industry_section")
            row.update(key=key, label=key, label_en=key)
        else:
            key = f"{row.pop('industry_section')}{row.pop('industry_division')}"
            row.update(key=key, label=key, label_en=key)
        row["year"] = year
        result.append(row)
    result.sort(key=lambda r: (-r["gbt32150_co2e_t"], str(r["key"])))
    return result


def _industry() -> pl.Expr:
    return pl.concat_str(pl.col("industry_section"), pl.col("industry_division"))


def frames(*, years: Iterable[int], park: Site | None = None) -> FactFrames:
    """The verified facts of ``years`` as the core's ``FactFrames`` (two queries)."""
    wanted = sorted({int(y) for y in years})
    facts = _verified(park).filter(year__in=wanted)
    columns = ("organisation_id", "year", "output_value_wan_yuan", *FACT_FIGURES)
    schema: dict[str, Any] = {
        "organisation_id": pl.Int64,
        "year": pl.Int64,
        "output_value_wan_yuan": pl.Float64,
        **dict.fromkeys(FACT_FIGURES, pl.Float64),
        "park_id": pl.Int64,
        "industry_section": pl.String,
        "industry_division": pl.String,
    }
    rows = list(facts.values_list(*columns, "park_id", "industry_section", "industry_division"))
    table = pl.DataFrame(rows, schema=schema, orient="row")
    enterprise_years = table.with_columns(
        pl.col("organisation_id").cast(pl.String).alias("enterprise"),
        pl.col("park_id").cast(pl.String).fill_null("").alias("park"),
        _industry().alias("industry"),
    ).select(pl.col(n).cast(t) for n, t in ENTERPRISE_YEAR_COLUMNS.items())
    carrier_rows = list(
        CarrierFact.objects.filter(fact__in=facts).values_list(
            "fact__organisation_id", "fact__year", "carrier", "energy_tce", "energy_co2e_t"
        )
    )
    energy = pl.DataFrame(
        carrier_rows,
        schema={
            "enterprise": pl.Int64,
            "year": pl.Int64,
            "carrier": pl.String,
            "energy_tce": pl.Float64,
            "energy_co2e_t": pl.Float64,
        },
        orient="row",
    ).select(pl.col(n).cast(t) for n, t in ENERGY_COLUMNS.items())
    return FactFrames(
        enterprise_years=enterprise_years.sort("enterprise", "year"),
        energy=energy.sort("enterprise", "year", "carrier"),
    )


def decomposition(
    *, base_year: int, year: int, park: Site | None = None, tables: FactFrames | None = None
) -> Decomposition:
    """The core's LMDI decomposition of the verified facts from ``base_year`` to ``year``
    (``tables``: those years' ``frames``, when the caller has read them already)."""
    tables = tables or frames(years=[base_year, year], park=park)
    return decompose_frames(tables.enterprise_years, tables.energy, base_year=base_year, year=year)


def coordinated(
    *, base_year: int, year: int, park: Site | None = None, tables: FactFrames | None = None
) -> CoordinatedReduction:
    """The core's coordinated reduction (CO2e beside SO2, NOx, PM, VOCs) of the verified facts
    from ``base_year`` to ``year``; enterprises keyed by organisation id as text (``tables``:
    those years' ``frames``, when the caller has read them already)."""
    enterprise_years = (tables or frames(years=[base_year, year], park=park)).enterprise_years
    records = [
        EnterpriseYear(
            enterprise=row["enterprise"],
            year=row["year"],
            output_value_wan_yuan=row["output_value_wan_yuan"],
            # One carrier is enough here: only the GB/T 32150 total is compared.
            energy_tce={"energy": row["energy_tce"]},
            energy_co2e_t={"energy": row["energy_co2e_t"]},
            non_energy_co2e_t=row["non_energy_co2e_t"],
            exported_co2e_t=row["exported_co2e_t"],
            park=row["park"],
            industry=row["industry"],
            pollutants_t={name: row[column] for column, name in POLLUTANTS.items()},
        )
        for row in enterprise_years.iter_rows(named=True)
    ]
    return coordinated_reduction(records, base_year=base_year, year=year)


def enterprise_facts(organisation: Organisation) -> list[EnterpriseYearFact]:
    """Every fact of one organisation (verified and estimated), oldest year first, with its
    carriers; each has ``correction_in_progress`` (bool): its submission is being corrected
    and the row shows the last verified version."""
    return list(
        EnterpriseYearFact.objects.filter(organisation=organisation)
        .select_related("park")
        .prefetch_related("carriers")
        .annotate(correction_in_progress=_correcting())
        .order_by("year")
    )


def fact_for(organisation: Organisation, year: int) -> EnterpriseYearFact | None:
    """One enterprise-year's fact (verified or estimated), or None."""
    return (
        EnterpriseYearFact.objects.filter(organisation=organisation, year=year)
        .annotate(correction_in_progress=_correcting())
        .first()
    )


__all__ = [
    "Coverage",
    "breakdown",
    "coordinated",
    "coverage",
    "decomposition",
    "enterprise_facts",
    "fact_for",
    "fact_years",
    "frames",
    "member_enterprises",
    "yearly_series",
]
