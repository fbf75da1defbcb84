"""The district fact table, kept current from verified inventories.

A verified fact copies the figures of the newest *verified* version of an enterprise-year: the
inventory's per-line results (its Parquet file) go through the core's ``fact_frames`` (the
same function the ``greenledger progress`` CLI uses), so the web and the CLI add up the same
lines the same way. A version that was never verified never reaches the table: while a
correction is in progress (the submission is a draft again, or submitted, or under
verification) the fact stays on the last verified version, found from the ledger's
``submission.verify`` entries, which record the version number.

- ``facts_refresh``: one enterprise-year (called by ``submission_verify`` in its transaction).
- ``facts_rebuild``: every verified enterprise-year at once, in Polars and bulk writes (one
  scan of the Parquet files, one insert per batch of rows), for the demo and the bench.

A verified fact replaces an estimate for the same enterprise-year; the ledger says so.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from greenledger.core.model import LINE_FIGURES
from greenledger.core.progress.accounts import fact_frames
from greenledger.core.progress.keyunits import classify_key_unit
from greenledger.web.accounts import permissions
from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.services import audit_append
from greenledger.web.district.models import (
    FACT_FIGURES,
    CarrierFact,
    EnterpriseYearFact,
    FactBasis,
)
from greenledger.web.district.services._bulk import datetime_text, insert_frame
from greenledger.web.members.models import Organisation, Site, SiteKind
from greenledger.web.reporting.models import (
    InventoryResult,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)
from greenledger.web.reporting.services._common import now, require

BUDGETS_MODULE = "greenledger.web.district.services.budgets"
BATCH_ROWS = 2000
SMALL_SELECTION = 500
# Sites whose park is the enterprise's park (an office in a park does not place the enterprise).
PRODUCTION_SITES = (SiteKind.FACTORY, SiteKind.DATA_CENTRE)
_LINE_COLUMNS = ("enterprise", "year", "activity", "category", "quantity")
_SOURCE_SCHEMA = {
    "organisation_id": pl.Int64,
    "year": pl.Int64,
    "submission_id": pl.Int64,
    "version_id": pl.Int64,
    "version_number": pl.Int64,
    "lines_path": pl.String,
    "name": pl.String,
    "inventory_id": pl.Int64,
    "factor_set_version": pl.String,
    "method_version": pl.String,
    "context": pl.String,  # JSON text, as stored
}


def industry_parts(code: str) -> tuple[str, str]:
    """GB/T 4754-2017 code -> (section letter, two-digit division); blank parts when the code
    does not carry them (e.g. "C3011" -> ("C", "30"), "C" -> ("C", ""))."""
    code = (code or "").strip().upper()
    section = code[:1] if code[:1].isalpha() else ""
    division = code[1:3] if section and code[1:3].isdigit() and len(code[1:3]) == 2 else ""
    return section, division


def last_verified_number(submission: Submission) -> int | None:
    """The version number verified last: the current version while the submission is
    verified; during a correction, the number the ledger's last ``submission.verify`` entry
    records; None when no version was ever verified."""
    if submission.status == SubmissionStatus.VERIFIED:
        number = (
            SubmissionVersion.objects.filter(submission=submission)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        return int(number) if number is not None else None
    after = (
        AuditEntry.objects.filter(
            action="submission.verify",
            object_type="reporting.submission",
            object_id=str(submission.pk),
        )
        .order_by("-sequence")
        .values_list("after", flat=True)
        .first()
    )
    if not isinstance(after, dict) or after.get("version") is None:
        return None
    return int(after["version"])


def _verified_numbers(submission_ids: list[int] | None = None) -> dict[int, int]:
    """submission id -> last verified version number, for every submission ever verified
    (two queries, whatever the number of submissions)."""
    current = Submission.objects.filter(status=SubmissionStatus.VERIFIED)
    corrected = Submission.objects.exclude(status=SubmissionStatus.VERIFIED)
    if submission_ids is not None:
        current = current.filter(pk__in=submission_ids)
        corrected = corrected.filter(pk__in=submission_ids)
    numbers: dict[int, int] = {}
    rows = SubmissionVersion.objects.filter(submission__in=current).values_list(
        "submission_id", "number"
    )
    for submission_id, number in rows:
        numbers[submission_id] = max(number, numbers.get(submission_id, 0))
    entries = (
        AuditEntry.objects.filter(action="submission.verify", object_type="reporting.submission")
        .filter(object_id__in=[str(pk) for pk in corrected.values_list("pk", flat=True)])
        .order_by("sequence")
        .values_list("object_id", "after")
    )
    for object_id, after in entries:  # the last entry wins
        if isinstance(after, dict) and after.get("version") is not None:
            numbers[int(object_id)] = int(after["version"])
    return numbers


def _sources(numbers: dict[int, int]) -> pl.DataFrame:
    """One row per verified enterprise-year: where its inventory's lines are."""
    if not numbers:
        return pl.DataFrame(schema=_SOURCE_SCHEMA)
    inventories = InventoryResult.objects.all()
    if len(numbers) <= SMALL_SELECTION:  # a few: filtered in SQL; many: in Python below
        inventories = inventories.filter(version__submission_id__in=list(numbers))
    rows = (
        inventories.annotate(context_text=Cast("context", TextField()))
        .values_list(
            "version__submission__organisation_id",
            "version__submission__year",
            "version__submission_id",
            "version_id",
            "version__number",
            "lines_path",
            "version__submission__organisation__name_zh",
            "pk",
            "factor_set_version",
            "method_version",
            "context_text",
        )
        .order_by("version__submission_id")
    )
    chosen = [row for row in rows if numbers.get(row[2]) == row[4]]
    return pl.DataFrame(chosen, schema=_SOURCE_SCHEMA, orient="row")


def _read_lines(sources: pl.DataFrame) -> pl.DataFrame:
    """The per-line results of every source, with ``enterprise`` set to the organisation id
    and a ``year`` of the source. A file holding one enterprise-year is matched by its path; a
    file shared by several (a batch) by the enterprise's name and the year as well."""
    paths = sources.get_column("lines_path").unique().to_list()
    if not paths:
        return pl.DataFrame()
    columns = [*_LINE_COLUMNS, *LINE_FIGURES]
    lines = (
        pl.scan_parquet(paths, include_file_paths="lines_path")
        .select(*columns, "lines_path")
        .with_columns(pl.col("year").cast(pl.Int64), pl.col("enterprise").cast(pl.String))
        .collect()
    )
    shared = sources.group_by("lines_path").len().filter(pl.col("len") > 1)
    keys = sources.select("lines_path", "name", "year", "organisation_id")
    alone = keys.join(shared, on="lines_path", how="anti").drop("name", "year")
    together = keys.join(shared.select("lines_path"), on="lines_path", how="semi")
    single = lines.join(alone, on="lines_path", how="inner")
    batch = lines.join(
        together,
        left_on=["lines_path", "enterprise", "year"],
        right_on=["lines_path", "name", "year"],
    )
    return pl.concat([single, batch], how="diagonal_relaxed").with_columns(
        pl.col("organisation_id").cast(pl.String).alias("enterprise")
    )


def _attributes(organisation_ids: list[int] | None) -> pl.DataFrame:
    """Per organisation: its park (the parent park of its first factory or data centre that
    has one), its GB/T 4754 code, section and division."""
    sites = Site.objects.filter(kind__in=PRODUCTION_SITES, parent_park__isnull=False)
    organisations = Organisation.objects.all()
    if organisation_ids is not None:
        sites = sites.filter(organisation_id__in=organisation_ids)
        organisations = organisations.filter(pk__in=organisation_ids)
    parks: dict[int, int] = {}
    for organisation_id, park_id in sites.order_by("-id").values_list(
        "organisation_id", "parent_park_id"
    ):
        parks[organisation_id] = park_id  # ordered newest first: the oldest site wins
    rows = []
    for pk, code in organisations.values_list("pk", "industry_code"):
        section, division = industry_parts(code)
        rows.append((pk, parks.get(pk), (code or "").strip().upper(), section, division))
    schema = {
        "organisation_id": pl.Int64,
        "park_id": pl.Int64,
        "industry_code": pl.String,
        "industry_section": pl.String,
        "industry_division": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def build_frames(
    sources: pl.DataFrame, attributes: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Fact rows (one per source) and carrier rows from the sources' per-line results."""
    lines = _read_lines(sources)
    if lines.is_empty():
        lines = pl.DataFrame(schema={c: pl.String for c in ("enterprise", "activity", "category")})
        lines = lines.with_columns(
            pl.lit(None, pl.Int64).alias("year"),
            pl.lit(None, pl.Float64).alias("quantity"),
            *(pl.lit(None, pl.Float64).alias(c) for c in LINE_FIGURES),
        )
    frames = fact_frames(lines.drop("lines_path", "organisation_id", strict=False))
    keyed = sources.with_columns(pl.col("organisation_id").cast(pl.String).alias("enterprise"))
    figures = frames.enterprise_years.select(
        "enterprise", "year", "output_value_wan_yuan", *FACT_FIGURES
    ).with_columns(pl.col("year").cast(pl.Int64))
    # A verified inventory with no lines is a fact of zeros, not a missing year.
    facts = (
        keyed.join(figures, on=["enterprise", "year"], how="left")
        .with_columns(pl.col(c).fill_null(0.0) for c in FACT_FIGURES)
        .join(attributes, on="organisation_id", how="left")
    )
    carriers = frames.energy.select(
        pl.col("enterprise").cast(pl.Int64).alias("organisation_id"),
        pl.col("year").cast(pl.Int64),
        "carrier",
        "energy_tce",
        "energy_co2e_t",
    )
    return facts, carriers


def _fact_values(row: dict[str, Any]) -> dict[str, Any]:
    energy = float(row["energy_tce"])
    status = classify_key_unit(str(row["organisation_id"]), int(row["year"]), energy).status
    return {
        "organisation_id": row["organisation_id"],
        "year": row["year"],
        "basis": FactBasis.VERIFIED,
        "submission_id": row["submission_id"],
        "version_id": row["version_id"],
        "version_number": row["version_number"],
        "estimate_method": "",
        "estimated_from_year": None,
        "park_id": row["park_id"],
        "industry_code": row["industry_code"] or "",
        "industry_section": row["industry_section"] or "",
        "industry_division": row["industry_division"] or "",
        "key_unit_status": status,
        "output_value_wan_yuan": row["output_value_wan_yuan"],
        **{name: float(row[name]) for name in FACT_FIGURES},
        "factor_set_version": row["factor_set_version"],
        "method_version": row["method_version"],
        "context": json.loads(row["context"]) if row["context"] else {},
    }


def fact_state(fact: EnterpriseYearFact | None) -> dict[str, Any] | None:
    """What the ledger records of a fact row."""
    if fact is None:
        return None
    return {
        "organisation": fact.organisation_id,
        "year": fact.year,
        "basis": fact.basis,
        "version": fact.version_number,
        "estimate_method": fact.estimate_method,
        "estimated_from_year": fact.estimated_from_year,
        "energy_tce": fact.energy_tce,
        "gbt32150_co2e_t": fact.gbt32150_co2e_t,
        "output_value_wan_yuan": fact.output_value_wan_yuan,
    }


def _check_budgets(fact: EnterpriseYearFact) -> None:
    """The carbon dual-control alerts for the new fact, once the budgets part is installed
    (``services/budgets.py`` is written beside this module; until it exists there is
    nothing to check against)."""
    if importlib.util.find_spec(BUDGETS_MODULE) is None:
        return
    from greenledger.web.district.services.budgets import (  # type: ignore[import-not-found,unused-ignore]
        budget_alerts_check,
    )

    budget_alerts_check(fact=fact)


@transaction.atomic
def facts_refresh(*, actor: Any, submission: Submission) -> EnterpriseYearFact | None:
    """Write (or replace) the verified fact of ``submission``'s enterprise-year from its
    newest verified version; None when no version of it was ever verified (an estimate, if
    any, stays). Audited as "district.fact.refresh"."""
    number = last_verified_number(submission)
    if number is None:
        return None
    sources = _sources({submission.pk: number})
    if sources.is_empty():
        return None  # a verified version always has an inventory; nothing to copy otherwise
    attributes = _attributes([submission.organisation_id])
    facts, carriers = build_frames(sources, attributes)
    row = facts.row(0, named=True)
    values = _fact_values(row)
    previous = (
        EnterpriseYearFact.objects.select_for_update()
        .filter(organisation_id=submission.organisation_id, year=submission.year)
        .first()
    )
    before = fact_state(previous)
    if previous is None:
        fact = EnterpriseYearFact.objects.create(refreshed_at=now(), **values)
    else:
        fact = previous
        for name, value in values.items():
            setattr(fact, name, value)
        fact.refreshed_at = now()
        fact.save()
        CarrierFact.objects.filter(fact=fact).delete()
    CarrierFact.objects.bulk_create(
        CarrierFact(
            fact=fact,
            carrier=carrier["carrier"],
            energy_tce=carrier["energy_tce"],
            energy_co2e_t=carrier["energy_co2e_t"],
        )
        for carrier in carriers.iter_rows(named=True)
    )
    after = fact_state(fact) or {}
    if before is not None and before["basis"] == FactBasis.ESTIMATED:
        after["replaces_estimate"] = True
    audit_append(actor=actor, action="district.fact.refresh", obj=fact, before=before, after=after)
    _check_budgets(fact)
    return fact


def _fact_table(facts: pl.DataFrame) -> pl.DataFrame:
    """The verified rows as the fact table's columns, in their database form."""
    keys = facts.select("organisation_id", "year", "energy_tce").iter_rows()
    status = [classify_key_unit(str(org), int(year), float(e)).status for org, year, e in keys]
    text = ("industry_code", "industry_section", "industry_division")
    return facts.with_columns(
        pl.lit(FactBasis.VERIFIED.value).alias("basis"),
        pl.lit("").alias("estimate_method"),
        pl.lit(None, pl.Int64).alias("estimated_from_year"),
        pl.Series("key_unit_status", status, dtype=pl.String),
        pl.lit(datetime_text(now())).alias("refreshed_at"),
        *(pl.col(name).fill_null("") for name in text),
        pl.col("context").fill_null("{}"),
    ).select(
        "organisation_id",
        "year",
        "basis",
        "submission_id",
        "version_id",
        "version_number",
        "estimate_method",
        "estimated_from_year",
        "park_id",
        *text,
        "key_unit_status",
        "refreshed_at",
        "output_value_wan_yuan",
        *FACT_FIGURES,
        "factor_set_version",
        "method_version",
        "context",
    )


def _delete_verified() -> None:
    """Remove every verified row (carriers first) in two statements."""
    CarrierFact.objects.filter(fact__basis=FactBasis.VERIFIED).delete()
    table = connection.ops.quote_name(EnterpriseYearFact._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE basis = %s", [FactBasis.VERIFIED.value])


@transaction.atomic
def facts_rebuild(*, actor: Any) -> int:
    """Rebuild every verified fact from the newest verified version of each enterprise-year;
    estimates for the enterprise-years now verified are dropped. Returns the number of
    verified facts; one "district.facts.rebuild" ledger entry holds the counts."""
    if getattr(actor, "is_authenticated", False):
        require(
            permissions.can_manage_district_accounts(actor),
            _("Only the secretariat refreshes the district accounts."),
        )
    sources = _sources(_verified_numbers())
    facts, carriers = build_frames(sources, _attributes(None))
    before = EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED).count()
    _delete_verified()
    verified_keys = {(r[0], r[1]) for r in facts.select("organisation_id", "year").iter_rows()}
    estimates = EnterpriseYearFact.objects.filter(basis=FactBasis.ESTIMATED).values_list(
        "pk", "organisation_id", "year"
    )
    replaced = [pk for pk, org, year in estimates if (org, year) in verified_keys]
    for start in range(0, len(replaced), BATCH_ROWS):
        EnterpriseYearFact.objects.filter(pk__in=replaced[start : start + BATCH_ROWS]).delete()
    insert_frame(EnterpriseYearFact._meta.db_table, _fact_table(facts))
    ids = pl.DataFrame(
        list(
            EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED).values_list(
                "organisation_id", "year", "pk"
            )
        ),
        schema={"organisation_id": pl.Int64, "year": pl.Int64, "fact_id": pl.Int64},
        orient="row",
    )
    rows = carriers.join(ids, on=["organisation_id", "year"], how="inner").select(
        "fact_id", "carrier", "energy_tce", "energy_co2e_t"
    )
    insert_frame(CarrierFact._meta.db_table, rows)
    counts = {
        "verified_facts": facts.height,
        "carrier_facts": rows.height,
        "replaced_verified_facts": before,
        "replaced_estimates": len(replaced),
        "estimated_facts": EnterpriseYearFact.objects.filter(basis=FactBasis.ESTIMATED).count(),
    }
    audit_append(
        actor=actor,
        action="district.facts.rebuild",
        object_type="district.enterpriseyearfact",
        after=counts,
    )
    return facts.height
