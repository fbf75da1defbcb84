"""Loading many enterprise-years of activity records at once: earlier years' verified inventories
taken over by the secretariat (and the demo district's history).

The same states and the same audit entries as the workflow in ``submissions.py`` (create, version,
submit, assign the evaluator, verify), but in bulk: one insert of all records, one ``compute_batch``
call per reporting year for all enterprises of that year (each year is accounted under its own
national factors, as ``inventory.accounting_context`` does for one version), and each version's
share of the result stored as its ``InventoryResult`` exactly as ``inventory_store`` would.
All or nothing: any problem refuses the whole load, naming the organisation, year and field.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.batch import BatchResult, aggregate, compute_batch
from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Assignment, Role
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation, Site
from greenledger.web.reporting import storage
from greenledger.web.reporting.models import Submission, SubmissionStatus, SubmissionVersion
from greenledger.web.reporting.services._common import library, now, require
from greenledger.web.reporting.services.inventory import (
    accounting_context,
    canonical_frame,
    inventory_save,
)

# The columns a caller gives: one row per activity line, keyed by organisation and year.
INPUT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "organisation_id": pl.Int64,
    "year": pl.Int32,
    "site_id": pl.Int64,
    "period": pl.String,
    "activity": pl.String,
    "quantity": pl.Float64,
    "instrument": pl.String,
    "removal_efficiency": pl.Float64,
    "sulfur_percent": pl.Float64,
    "technology": pl.String,
    "product": pl.String,
    "product_unit": pl.String,
}
MAX_PROBLEMS = 20


@dataclass(frozen=True)
class BatchLoad:
    submissions: int
    records: int
    verified: int


def frame_sha256(records: pl.DataFrame) -> str:
    """``submissions.content_sha256`` of a version whose records are ``records`` (with
    storage.RECORD_COLUMNS), computed before they are read back."""
    frame = records.select(pl.col(c).cast(t) for c, t in storage.RECORD_SCHEMA.items()).drop(
        "version_id", "import_job_id"
    )
    frame = frame.sort(list(frame.columns), nulls_last=True)
    digest = hashlib.sha256()
    for part in frame.iter_slices(100_000):
        digest.update(part.write_csv(include_header=False).encode())
    return digest.hexdigest()


def _problems(lines: pl.DataFrame, organisations: dict[int, Organisation]) -> list[str]:
    """What is wrong with the lines, each naming the organisation, year and field."""
    problems: list[str] = []

    def name(pk: int) -> str:
        found = organisations.get(pk)
        return found.name_zh if found else str(pk)

    def add(frame: pl.DataFrame, field: str, reason: str) -> None:
        shown = frame.select("organisation_id", "year", pl.col(field).alias("_value"))
        for pk, year, value in shown.unique(maintain_order=True).head(MAX_PROBLEMS).iter_rows():
            problems.append(
                _("%(organisation)s, %(year)s, %(field)s %(value)s: %(reason)s")
                % {"organisation": name(pk), "year": year, "field": field,
                   "value": value, "reason": reason}
            )  # fmt: skip

    add(lines.filter(~pl.col("organisation_id").is_in(list(organisations))), "organisation_id",
        _("no such organisation"))  # fmt: skip
    add(lines.filter(~pl.col("year").is_between(1990, 2100)), "year",
        _("the reporting year must lie between 1990 and 2100"))  # fmt: skip
    add(lines.filter(pl.col("period").str.slice(0, 4) != pl.col("year").cast(pl.String)),
        "period", _("the period lies outside the reporting year"))  # fmt: skip
    known = list(library().activities)
    add(lines.filter(~pl.col("activity").is_in(known)), "activity", _("unknown activity"))
    bad = ~pl.col("quantity").is_finite() | (pl.col("quantity") < 0) | pl.col("quantity").is_null()
    add(lines.filter(bad), "quantity", _("the quantity must be a number of zero or more"))
    owners = dict(
        Site.objects.filter(pk__in=lines["site_id"].drop_nulls().unique().to_list()).values_list(
            "pk", "organisation_id"
        )
    )
    site_owner = pl.col("site_id").replace_strict(owners, default=None, return_dtype=pl.Int64)
    foreign = pl.col("site_id").is_not_null() & (site_owner != pl.col("organisation_id")).fill_null(
        True
    )
    add(lines.filter(foreign), "site_id", _("the site does not belong to the organisation"))
    keys = lines.select("organisation_id", "year").unique()
    taken = Submission.objects.filter(
        organisation_id__in=keys["organisation_id"].unique().to_list(),
        year__in=keys["year"].unique().to_list(),
    ).values_list("organisation_id", "year")
    existing = pl.DataFrame(list(taken), schema={"organisation_id": pl.Int64, "year": pl.Int32},
                            orient="row")  # fmt: skip
    clash = lines.join(existing, on=["organisation_id", "year"], how="semi")
    add(clash, "year", _("the organisation already has a submission for that year"))
    return problems[:MAX_PROBLEMS]


def _check_people(actor: Any, evaluator: Any, organisation_ids: list[int]) -> None:
    require(
        permissions.can_assign_evaluators(actor),
        _("Only the alliance secretariat loads verified inventories in bulk."),
    )
    if getattr(evaluator, "role", None) != Role.EVALUATOR or not evaluator.is_active:
        raise ValidationError(
            {"evaluator": [_("The user is not an active third-party evaluator.")]}
        )
    if evaluator.organisation_id in organisation_ids or evaluator.pk == getattr(actor, "pk", None):
        raise ValidationError(
            {"evaluator": [_("An evaluator cannot verify the organisation they belong to.")]}
        )
    assigned = set(
        Assignment.objects.filter(
            evaluator=evaluator, organisation_id__in=organisation_ids, ended_at__isnull=True
        ).values_list("organisation_id", flat=True)
    )
    missing = sorted(set(organisation_ids) - assigned)
    if missing:
        names = Organisation.objects.filter(pk__in=missing[:5]).values_list("name_zh", flat=True)
        raise ValidationError(
            {"evaluator": [_("The evaluator is not assigned to %(names)s (%(count)s in all).")
                           % {"names": "、".join(names), "count": len(missing)}]}
        )  # fmt: skip


@transaction.atomic
def inventories_load(
    *, actor: Any, evaluator: Any, lines: pl.DataFrame, verify: bool = True
) -> BatchLoad:
    """Load the lines (INPUT_SCHEMA) as one submitted version per organisation and year, give
    each to ``evaluator`` and, with ``verify``, record the evaluator's verification.

    ``actor`` (registry staff) submits on the enterprises' behalf; ``evaluator`` must be assigned
    to every organisation and belong to none of them (four eyes).
    """
    lines = lines.select(pl.col(c).cast(t) for c, t in INPUT_SCHEMA.items())
    if lines.is_empty():
        return BatchLoad(0, 0, 0)
    ids = lines["organisation_id"].unique().sort().to_list()
    _check_people(actor, evaluator, ids)
    organisations = Organisation.objects.in_bulk(ids)
    problems = _problems(lines, organisations)
    if problems:
        raise ValidationError({"lines": problems})
    moment = now()
    keys = lines.select("organisation_id", "year").unique(maintain_order=True)
    final = SubmissionStatus.VERIFIED if verify else SubmissionStatus.UNDER_VERIFICATION
    submissions = Submission.objects.bulk_create(
        Submission(organisation_id=pk, year=year, status=final, evaluator=evaluator,
                   created_at=moment, updated_at=moment)
        for pk, year in keys.iter_rows()
    )  # fmt: skip
    units = {a.id: a.canonical_unit for a in library().activities.values()}
    versions_frame = pl.DataFrame(
        {"organisation_id": [s.organisation_id for s in submissions],
         "year": [s.year for s in submissions]},
        schema={"organisation_id": pl.Int64, "year": pl.Int32},
    )  # fmt: skip
    records = lines.with_columns(
        pl.when(pl.col("product_unit").fill_null("") != "")
        .then(pl.col("product_unit"))
        .otherwise(pl.col("activity").replace_strict(units, default="", return_dtype=pl.String))
        .alias("unit"),
        pl.lit("").alias("original_quantity"),
        pl.lit("").alias("original_unit"),
        pl.lit(None, dtype=pl.Int64).alias("import_job_id"),
        (pl.int_range(pl.len()).over("organisation_id", "year") + 1).alias("source_row"),
        pl.col("removal_efficiency").fill_null(0.0),
        *(pl.col(c).fill_null("") for c in ("instrument", "technology", "product", "product_unit")),
    )
    digests = {
        (pk, year): frame_sha256(part.with_columns(pl.lit(0, dtype=pl.Int64).alias("version_id")))
        for (pk, year), part in records.partition_by(
            ["organisation_id", "year"], as_dict=True, maintain_order=True
        ).items()
    }
    versions = SubmissionVersion.objects.bulk_create(
        SubmissionVersion(submission=s, number=1, created_by=actor, created_at=moment,
                          submitted_at=moment, submitted_by=actor, frozen=True,
                          content_sha256=digests[(s.organisation_id, s.year)])
        for s in submissions
    )  # fmt: skip
    versions_frame = versions_frame.with_columns(
        pl.Series("version_id", [v.pk for v in versions], dtype=pl.Int64)
    )
    records = records.join(versions_frame, on=["organisation_id", "year"], maintain_order="left")
    storage.insert_records(records.select(storage.RECORD_COLUMNS))
    inventories = _compute(records, versions, organisations)
    for submission, version in zip(submissions, versions, strict=True):
        _audit(actor, evaluator, submission, version, inventories[version.pk], verify=verify)
    return BatchLoad(len(submissions), records.height, len(submissions) if verify else 0)


def _compute(
    records: pl.DataFrame,
    versions: list[SubmissionVersion],
    organisations: dict[int, Organisation],
) -> dict[int, str]:
    """One compute_batch per year; each version's lines stored as its inventory. Returns the
    factor set version per version id."""
    site_names = dict(
        Site.objects.filter(organisation_id__in=list(organisations)).values_list("pk", "name_zh")
    )
    names = {pk: o.name_zh for pk, o in organisations.items()}
    by_pk = {v.pk: v for v in versions}
    factor_sets: dict[int, str] = {}
    for (year,), part in records.partition_by("year", as_dict=True, maintain_order=True).items():
        frame = canonical_frame(part, enterprise="", site_names=site_names).with_columns(
            part["organisation_id"]
            .replace_strict(names, return_dtype=pl.String)
            .alias("enterprise"),
            part["version_id"].alias("_version"),
        )
        some_version = by_pk[int(part["version_id"][0])]
        result = compute_batch(frame, library(), accounting_context(some_version))
        for (version_id,), own in result.lines.partition_by(
            "_version", as_dict=True, maintain_order=True
        ).items():
            own = own.drop("_version")
            used = own["lineage_key"].unique()
            share = BatchResult(
                lines=own,
                lineage=result.lineage.filter(pl.col("lineage_key").is_in(used.implode())),
                totals=aggregate(own, ["enterprise", "period"]),
                context=result.context,
                factor_set_version=result.factor_set_version,
                method_version=result.method_version,
            )
            inventory_save(by_pk[int(version_id)], share)  # type: ignore[call-overload]
            factor_sets[int(version_id)] = result.factor_set_version  # type: ignore[call-overload]
        del year
    return factor_sets


def _audit(
    actor: Any,
    evaluator: Any,
    submission: Submission,
    version: SubmissionVersion,
    factor_set_version: str,
    *,
    verify: bool,
) -> None:
    """The entries the workflow writes, in its order, with the states it passes through."""

    def state(status: str, evaluator_id: int | None) -> dict[str, Any]:
        return {"status": status, "evaluator_id": evaluator_id}

    draft = state(SubmissionStatus.DRAFT, None)
    submitted = state(SubmissionStatus.SUBMITTED, None)
    under = state(SubmissionStatus.UNDER_VERIFICATION, evaluator.pk)
    audit_append(actor=actor, action="submission.create", obj=submission, after=draft)
    audit_append(
        actor=actor,
        action="submission_version.create",
        obj=version,
        after=snapshot(version, ["number", "reason"]),
    )
    audit_append(
        actor=actor,
        action="submission.submit",
        obj=submission,
        before=draft,
        after={**submitted, "version": version.number, "content_sha256": version.content_sha256,
               "factor_set_version": factor_set_version},
    )  # fmt: skip
    audit_append(
        actor=actor, action="submission.assign_evaluator", obj=submission, before=submitted,
        after=under,
    )  # fmt: skip
    if verify:
        audit_append(
            actor=evaluator,
            action="submission.verify",
            obj=submission,
            before=under,
            after={**state(SubmissionStatus.VERIFIED, evaluator.pk), "version": version.number,
                   "content_sha256": version.content_sha256, "open_comments": 0},
        )  # fmt: skip


__all__ = ["INPUT_SCHEMA", "BatchLoad", "frame_sha256", "inventories_load"]
