"""CBAM installations and their reports per period (Regulation (EU) 2023/956), computed by the
core (``core.products.cbam.compute``): the web gathers the inputs, never redoes the arithmetic.

- ``installation_save``: a site of the enterprise as a CBAM installation (English name and
  address, UN/LOCODE, production route; the coordinates are the site's).
- ``cbam_report_save``: the report of a period: its goods, each either one of the site's
  processes of the period's year (``{"process": <id>}``: the good, its CN code, activity level,
  attributed direct emissions and electricity are the process's, no retyping; its precursors
  come from the process's inputs unless given; ``supplier_precursors`` given with it replace
  the precursors of its suppliers' inputs) or typed in full; precursors from another good
  of the report (``{"good": <id>}``), from a supplier's product shared with the enterprise
  (``{"supplier_product": <id>}``: the SEEs of the supplier's verified CBAM report of the
  period), from SEEs a supplier communicated (``supplier_see_direct``/``_indirect``), or from
  default values (``default_see_direct``/``_indirect``, or ``default_cn_code`` and ``country``)
  with the year's mark-up; the electricity factor (tCO2/MWh) and its source; the carbon price
  paid in China. All-or-nothing: every problem named with its good and field.
- ``cbam_report_submit`` -> the evaluator assigned to the enterprise ``cbam_report_verify`` or
  ``cbam_report_return`` (with a note); a returned or verified report saved again becomes a
  new draft version. Every step is audited.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.core.products import cbam as core
from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Assignment
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Site
from greenledger.web.products.models import (
    CbamReport,
    CbamStatus,
    Installation,
)
from greenledger.web.products.selectors import cbam as selectors
from greenledger.web.products.services.cbam_inputs import (
    carbon_price,
    core_goods,
    number,
    resolve_goods,
)
from greenledger.web.reporting.services._common import require
from greenledger.web.ui.core_messages import render

_LOCODE = re.compile(r"^[A-Z]{2}[A-Z2-9]{3}$")
_PERIOD = re.compile(r"^(\d{4})(-Q[1-4])?$")
EDITABLE = (CbamStatus.DRAFT, CbamStatus.RETURNED, CbamStatus.VERIFIED)


def _state(report: CbamReport) -> dict[str, Any]:
    return snapshot(report, ["status", "version", "review_note"])


# ---------------------------------------------------------------- installations


@transaction.atomic
def installation_save(
    *,
    actor: Any,
    site: Site,
    name_en: str,
    address_en: str = "",
    unlocode: str = "",
    production_route: str = "",
    installation: Installation | None = None,
) -> Installation:
    """Create (or, given ``installation``, update) the CBAM installation of ``site``."""
    require(
        permissions.can_manage_products(actor, site.organisation),
        _("Only the enterprise's manager keeps its CBAM installations."),
    )
    errors: dict[str, list[str]] = {}
    name_en = (name_en or "").strip()
    if not name_en:
        errors["name_en"] = [_("Give the installation's name in English.")]
    code = (unlocode or "").replace(" ", "").upper()
    if code and not _LOCODE.match(code):
        errors["unlocode"] = [
            _("A UN/LOCODE is the country's two letters and three characters, e.g. CNSHA.")
        ]
    if installation is None and Installation.objects.filter(site=site).exists():
        errors["site"] = [_("This site is a CBAM installation already.")]
    if installation is not None and installation.site_id != site.pk:
        errors["site"] = [_("An installation stays on its site.")]
    if errors:
        raise ValidationError(errors)
    values = {
        "name_en": name_en,
        "address_en": (address_en or "").strip(),
        "unlocode": code,
        "production_route": (production_route or "").strip(),
    }
    fields = list(values)
    if installation is None:
        installation = Installation.objects.create(
            organisation=site.organisation,
            site=site,
            created_by=actor,
            created_at=timezone.now(),
            **values,
        )
        audit_append(
            actor=actor,
            action="cbam.installation.create",
            obj=installation,
            after=snapshot(installation, ["site", *fields]),
        )
        return installation
    before = snapshot(installation, fields)
    for key, value in values.items():
        setattr(installation, key, value)
    installation.save(update_fields=fields)
    audit_append(
        actor=actor,
        action="cbam.installation.update",
        obj=installation,
        before=before,
        after=snapshot(installation, fields),
    )
    return installation


# ---------------------------------------------------------------- reports


def _problems(error: InputError, goods: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The core's problems as field errors: ``goods[n].column`` where the good is known."""
    rows = {g["id"]: n for n, g in enumerate(goods, start=1)}
    errors: dict[str, list[str]] = {}
    for problem in error.problems:
        process = problem.message.params.get("process") if problem.message.params else None
        n = rows.get(str(process)) if process is not None else None
        field = problem.column or "__all__"
        if n is not None:
            field = f"goods[{n}].{problem.column}" if problem.column else f"goods[{n}]"
        errors.setdefault(field, []).append(render(problem.message))
    return errors


def compute_inputs(inputs: Mapping[str, Any], period: str) -> core.CbamResult:
    """The core's result of stored inputs (InputError as the core raises it)."""
    price = inputs.get("carbon_price")
    return core.compute(
        period,
        inputs["electricity_ef_tco2_per_mwh"],
        core_goods(inputs["goods"]),
        carbon_price=None if price is None else core.CarbonPrice(**price),
        electricity_ef_source=inputs.get("electricity_ef_source") or None,
    )


def result_json(result: core.CbamResult, installation: Installation) -> dict[str, Any]:
    return {
        **core.goods_json(result),
        "uses_defaults": result.uses_defaults,
        "communication": core.communication(result, selectors.core_installation(installation)),
    }


# ---------------------------------------------------------------- reports: writes


def _period_year(period: str) -> int:
    found = _PERIOD.match(str(period or "").strip())
    if found is None or not 2023 <= int(found.group(1)) <= 2100:
        raise ValidationError(
            {"period": [_("Give the reporting period as a year (e.g. 2026) or YYYY-Qn.")]}
        )
    return int(found.group(1))


@transaction.atomic
def cbam_report_save(
    *, actor: Any, installation: Installation, period: str, inputs: Mapping[str, Any]
) -> CbamReport:
    """Save and compute the installation's report of ``period`` (created, or replaced while a
    draft or returned; a verified one becomes a new draft version). All or nothing."""
    require(
        permissions.can_manage_products(actor, installation.organisation),
        _("Only the enterprise's manager keeps its CBAM reports."),
    )
    period = str(period or "").strip()
    year = _period_year(period)
    report = (
        CbamReport.objects.select_for_update()
        .filter(installation=installation, period=period)
        .first()
    )
    if report is not None and report.status not in EDITABLE:
        raise ValidationError(
            {"status": [_("The report is with the evaluator; wait for the verification.")]}
        )
    errors: dict[str, list[str]] = {}
    factor = number(
        errors, "electricity_ef_tco2_per_mwh", inputs.get("electricity_ef_tco2_per_mwh")
    )
    source = str(inputs.get("electricity_ef_source") or "").strip()
    if factor and not source:
        errors["electricity_ef_source"] = [_("Name the electricity factor's source.")]
    raw_goods = inputs.get("goods") or []
    if not isinstance(raw_goods, list) or not raw_goods:
        errors["goods"] = [_("Choose at least one good (a process of the site) or give one.")]
        raw_goods = []
    goods, good_errors = resolve_goods(actor, installation, year, raw_goods)
    errors.update(good_errors)
    price = carbon_price(inputs.get("carbon_price"), errors)
    if errors:
        raise ValidationError(errors)
    stored = {
        "electricity_ef_tco2_per_mwh": factor,
        "electricity_ef_source": source,
        "carbon_price": price,
        "goods": goods,
    }
    try:
        result = compute_inputs(stored, period)
    except InputError as error:
        raise ValidationError(_problems(error, goods)) from None
    overflow = {
        f"goods[{n}].activity_level_t": [_("The activity level is too small for a finite SEE.")]
        for n, good in enumerate(result.goods, start=1)
        if not (math.isfinite(good.see_direct) and math.isfinite(good.see_indirect))
    }
    if overflow:
        raise ValidationError(overflow)
    computed = result_json(result, installation)
    try:
        json.dumps(computed, allow_nan=False)
    except ValueError:  # e.g. a carbon price or electricity per tonne past a float's range
        raise ValidationError(
            {"__all__": [_("A figure of the result is not finite: check the magnitudes given.")]}
        ) from None
    moment = timezone.now()
    if report is None:
        report = CbamReport.objects.create(
            installation=installation,
            period=period,
            inputs=stored,
            result=computed,
            created_by=actor,
            created_at=moment,
            updated_at=moment,
        )
        audit_append(actor=actor, action="cbam.report.create", obj=report, after=_state(report))
        return report
    before = _state(report)
    if report.status != CbamStatus.DRAFT:
        report.version += 1
        report.status = CbamStatus.DRAFT
        report.submitted_at = None
        report.verified_by = None
        report.verified_at = None
    report.inputs = stored
    report.result = computed
    report.updated_at = moment
    report.save()
    audit_append(
        actor=actor, action="cbam.report.update", obj=report, before=before, after=_state(report)
    )
    return report


def _locked(report: CbamReport) -> CbamReport:
    return CbamReport.objects.select_for_update().select_related("installation").get(pk=report.pk)


@transaction.atomic
def cbam_report_submit(*, actor: Any, report: CbamReport) -> CbamReport:
    """Hand a draft to the evaluator assigned to the enterprise."""
    report = _locked(report)
    require(
        permissions.can_manage_products(actor, report.installation.organisation),
        _("Only the enterprise's manager submits its CBAM reports."),
    )
    if report.status != CbamStatus.DRAFT:
        raise ValidationError({"status": [_("Only a draft can be submitted.")]})
    assigned = Assignment.objects.filter(
        organisation_id=report.installation.organisation_id, ended_at__isnull=True
    ).exists()
    if not assigned:
        raise ValidationError(
            {"status": [_("No evaluator is assigned to the enterprise; ask the secretariat.")]}
        )
    before = _state(report)
    report.status = CbamStatus.SUBMITTED
    report.submitted_at = report.updated_at = timezone.now()
    report.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_append(
        actor=actor, action="cbam.report.submit", obj=report, before=before, after=_state(report)
    )
    return report


def _reviewable(actor: Any, report: CbamReport) -> None:
    require(
        permissions.can_verify_cbam(actor, report),
        _("Only the evaluator assigned to the enterprise verifies its CBAM reports."),
    )
    if report.status != CbamStatus.SUBMITTED:
        raise ValidationError({"status": [_("The report is not submitted for verification.")]})


@transaction.atomic
def cbam_report_verify(*, actor: Any, report: CbamReport, note: str = "") -> CbamReport:
    report = _locked(report)
    _reviewable(actor, report)
    before = _state(report)
    report.status = CbamStatus.VERIFIED
    report.verified_by = actor
    report.verified_at = report.updated_at = timezone.now()
    report.review_note = (note or "").strip()[:5000]
    report.save(update_fields=["status", "verified_by", "verified_at", "updated_at", "review_note"])
    audit_append(
        actor=actor, action="cbam.report.verify", obj=report, before=before, after=_state(report)
    )
    return report


@transaction.atomic
def cbam_report_return(*, actor: Any, report: CbamReport, note: str) -> CbamReport:
    report = _locked(report)
    _reviewable(actor, report)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what is to be corrected.")]})
    before = _state(report)
    report.status = CbamStatus.RETURNED
    report.review_note = note[:5000]
    report.updated_at = timezone.now()
    report.save(update_fields=["status", "review_note", "updated_at"])
    audit_append(
        actor=actor, action="cbam.report.return", obj=report, before=before, after=_state(report)
    )
    return report
