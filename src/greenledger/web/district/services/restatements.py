"""Restating a year: every verified enterprise-year of the year recomputed under a newer basis.

``restatement_run`` reads the per-line results of the verified versions behind the year's
verified facts (one Parquet per version, scanned in one go), recomputes them all at once with
the core batch engine (``core.progress.restate``), sums them per enterprise with the core
``fact_frames`` and stores one ``Restatement`` with a ``RestatedFact`` per enterprise, bulk.
It never touches ``EnterpriseYearFact`` rows, versions or their inventories: a restatement sits
beside the verified figures (the GHG Protocol's base-year recalculation, for like-for-like
trends).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.core.context import AccountingContext
from greenledger.core.progress.accounts import fact_frames
from greenledger.core.progress.restate import (
    RestatementBasis,
    combine_alike,
    restate_lines,
    restatement_bases,
    restatement_basis,
)
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.district.models import EnterpriseYearFact, FactBasis, Restatement
from greenledger.web.district.services.restatement_storage import (
    ORGANISATION,
    TOTALLED,
    insert_restated,
    restated_frame,
    sums,
    verified_lines,
)
from greenledger.web.reporting.services._common import library, now, require

_FACT_SCHEMA: dict[str, Any] = {
    "organisation_id": pl.Int64,
    "version_id": pl.Int64,
    **{name: pl.Float64 for name in TOTALLED},
}


def verified_base() -> AccountingContext:
    """The context verified inventories are accounted under, less the year (each line's own
    reporting year): ``reporting.services.inventory.accounting_context``."""
    return AccountingContext.from_names(region="national")


def available_bases() -> tuple[RestatementBasis, ...]:
    return restatement_bases(library(), base=verified_base())


@transaction.atomic
def restatement_run(*, actor: Any, year: int, basis: str) -> Restatement:
    """Restate ``year`` under ``basis`` (a key of ``available_bases()``); the staff only.

    ValidationError names ``year`` (no verified facts) or ``basis`` (unknown) with the reason."""
    require(
        permissions.can_manage_district_accounts(actor),
        _("Only the district administrator and the secretariat restate a year."),
    )
    chosen = restatement_basis(library(), str(basis or ""), base=verified_base())
    facts = pl.DataFrame(
        list(
            EnterpriseYearFact.objects.filter(
                year=year, basis=FactBasis.VERIFIED, version__isnull=False
            )
            .order_by("organisation_id")
            .values_list("organisation_id", "version_id", *TOTALLED)
        ),
        schema=_FACT_SCHEMA,
        orient="row",
    )
    errors: dict[str, list[str]] = {}
    if chosen is None:
        choices = ", ".join(b.key for b in available_bases())
        errors["basis"] = [
            _("There is no basis “%(basis)s” to restate with; choose one of: %(choices)s.")
            % {"basis": basis, "choices": choices}
        ]
    if facts.is_empty():
        errors["year"] = [
            _("%(year)s has no verified enterprise figures: there is nothing to restate.")
            % {"year": year}
        ]
    if errors:
        raise ValidationError(errors)
    assert chosen is not None
    lines = verified_lines(facts, year)
    # Lines alike but for their quantity are summed first (core.progress.restate.combine_alike):
    # the same per-enterprise figures from a fraction of the rows.
    result = restate_lines(combine_alike(lines), library(), chosen.context)
    frames = fact_frames(
        result.lines.with_columns(
            pl.col(ORGANISATION).cast(pl.String).alias("enterprise"),
            pl.lit(year, dtype=pl.Int32).alias("year"),
        )
    )
    rows = restated_frame(facts, frames.enterprise_years, frames.energy)
    context = {"basis": chosen.key, **dataclasses.asdict(chosen.context)}
    totals = {"restated": sums(rows), "verified": sums(facts)}
    restatement = Restatement.objects.create(
        year=year,
        label=f"{year}: {chosen.describe()}"[:200],
        context=context,
        factor_set_version=result.factor_set_version,
        method_version=result.method_version,
        enterprise_count=facts.height,
        line_count=lines.height,
        totals=totals,
        created_by=actor,
        created_at=now(),
    )
    insert_restated(
        rows,
        restatement_id=restatement.pk,
        common={
            "factor_set_version": restatement.factor_set_version,
            "method_version": restatement.method_version,
            "context": context,
        },
    )
    audit_append(
        actor=actor,
        action="district.restatement.run",
        obj=restatement,
        after={
            "year": year,
            "basis": chosen.key,
            "context": context,
            "factor_set_version": restatement.factor_set_version,
            "enterprises": restatement.enterprise_count,
            "lines": restatement.line_count,
            "gbt32150_co2e_t": {
                "verified": totals["verified"]["gbt32150_co2e_t"],
                "restated": totals["restated"]["gbt32150_co2e_t"],
            },
        },
    )
    return restatement
