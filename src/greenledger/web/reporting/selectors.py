"""Reads of the reporting app: versions and their differences, inventories and trends."""

from __future__ import annotations

from typing import Any

import polars as pl

from greenledger.web.reporting import storage
from greenledger.web.reporting.models import (
    InventoryResult,
    Submission,
    SubmissionStatus,
    SubmissionVersion,
)

DIFF_KEY = ("site_id", "period", "activity", "instrument", "product", "technology")
DIFF_VALUES = ("quantity", "unit", "removal_efficiency", "sulfur_percent", "product_unit")
TREND_FIGURES = (
    "energy_tce",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "output_value_wan_yuan",
)
DIFF_LISTED = 500


def version_diff(old: SubmissionVersion, new: SubmissionVersion) -> dict[str, Any]:
    """Records added, removed and changed between two versions, matched by their key."""
    columns = [*DIFF_KEY, *DIFF_VALUES]
    a = storage.version_records(old.pk).select(columns)
    b = storage.version_records(new.pk).select(columns)
    key = list(DIFF_KEY)
    added = b.join(a, on=key, how="anti", nulls_equal=True)
    removed = a.join(b, on=key, how="anti", nulls_equal=True)
    both = a.join(b, on=key, how="inner", suffix="_new", nulls_equal=True)
    differs = pl.lit(False)
    for name in DIFF_VALUES:
        differs = differs | pl.col(name).ne_missing(pl.col(f"{name}_new"))
    changed = both.filter(differs)
    return {
        "from_version": old.number,
        "to_version": new.number,
        "added_count": added.height,
        "removed_count": removed.height,
        "changed_count": changed.height,
        "added": added.head(DIFF_LISTED).to_dicts(),
        "removed": removed.head(DIFF_LISTED).to_dicts(),
        "changed": [
            {
                **{k: row[k] for k in DIFF_KEY},
                "before": {n: row[n] for n in DIFF_VALUES},
                "after": {n: row[f"{n}_new"] for n in DIFF_VALUES},
            }
            for row in changed.head(DIFF_LISTED).to_dicts()
        ],
    }


def latest_inventory(submission: Submission) -> InventoryResult | None:
    """The inventory of the newest version that has one."""
    return (
        InventoryResult.objects.filter(version__submission=submission)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )


def newest_verified_inventory(organisation: Any) -> InventoryResult | None:
    """The inventory of the organisation's newest verified reporting year (its latest
    version), or None when nothing is verified yet."""
    submission = (
        Submission.objects.filter(organisation=organisation, status=SubmissionStatus.VERIFIED)
        .order_by("-year")
        .first()
    )
    return latest_inventory(submission) if submission is not None else None


def submission_inventories(submissions: Any) -> list[tuple[Submission, InventoryResult]]:
    pairs = []
    for submission in submissions.order_by("year"):
        inventory = latest_inventory(submission)
        if inventory is not None:
            pairs.append((submission, inventory))
    return pairs


def organisation_trends(submissions: Any) -> dict[str, Any]:
    """Monthly and yearly energy and CO2e, by source and scope, year-over-year change, and
    intensities per output value and per product, from the stored inventories."""
    monthly: list[dict[str, Any]] = []
    yearly: list[dict[str, Any]] = []
    by_source: list[dict[str, Any]] = []
    for submission, inventory in submission_inventories(submissions):
        for row in inventory.totals:
            monthly.append({"period": row["period"], **{n: row.get(n) for n in TREND_FIGURES}})
        totals = inventory.enterprise_totals
        yearly.append(
            {
                "year": submission.year,
                "version": inventory.version.number,
                "status": submission.status,
                **{n: totals.get(n) for n in TREND_FIGURES},
                "tce_per_wan_yuan": totals.get("tce_per_wan_yuan"),
                "co2e_t_per_wan_yuan": totals.get("co2e_t_per_wan_yuan"),
                "product_output": totals.get("product_output"),
                "product_unit": totals.get("product_unit"),
                "tce_per_product_unit": totals.get("tce_per_product_unit"),
            }
        )
        for row in inventory.by_source:
            by_source.append({"year": submission.year, **row})
    for previous, current in zip(yearly, yearly[1:], strict=False):
        for name in ("energy_tce", "gbt32150_co2e_t"):
            before, after = previous.get(name), current.get(name)
            current[f"{name}_change_percent"] = (
                100.0 * (after - before) / before if before and after is not None else None
            )
    return {"monthly": monthly, "yearly": yearly, "by_source": by_source}
