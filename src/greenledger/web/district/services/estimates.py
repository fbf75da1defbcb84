"""Estimates for member enterprises that did not report a year.

An estimate copies the figures of the enterprise's nearest verified year ("carry_forward"), or
scales them by the ratio of the output values ("output_scaled": the missing year's output
value, given by the secretariat, over the source year's). The row is labelled
``basis=estimated`` with its method and source year; the selectors keep it apart from the
verified totals, and a verified fact for the same enterprise-year replaces it.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append
from greenledger.web.district.models import (
    FACT_FIGURES,
    CarrierFact,
    EnterpriseYearFact,
    FactBasis,
)
from greenledger.web.district.services.facts import fact_state
from greenledger.web.members.models import Organisation, OrganisationKind
from greenledger.web.reporting.services._common import now, require

Method = Literal["carry_forward", "output_scaled"]
METHODS: tuple[str, ...] = ("carry_forward", "output_scaled")
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def _source(organisation: Organisation, year: int, from_year: int | None) -> EnterpriseYearFact:
    verified = EnterpriseYearFact.objects.filter(
        organisation=organisation, basis=FactBasis.VERIFIED
    )
    if from_year is not None:
        fact = verified.filter(year=from_year).first()
        if fact is None:
            raise _invalid(
                "from_year",
                _("%(name)s has no verified figures for %(year)s to estimate from.")
                % {"name": organisation.name_zh, "year": from_year},
            )
        return fact
    years = list(verified.values_list("year", flat=True))
    if not years:
        raise _invalid(
            "organisation",
            _("%(name)s has no verified year to estimate %(year)s from.")
            % {"name": organisation.name_zh, "year": year},
        )
    nearest = min(years, key=lambda y: (abs(y - year), y))  # a tie goes to the earlier year
    return verified.get(year=nearest)


def _scale(
    method: str, source: EnterpriseYearFact, output_value_wan_yuan: float | None
) -> tuple[float, float | None]:
    """(factor applied to every figure, output value of the estimated year)."""
    if method == "carry_forward":
        return 1.0, source.output_value_wan_yuan
    if output_value_wan_yuan is None or not math.isfinite(output_value_wan_yuan):
        raise _invalid(
            "output_value_wan_yuan",
            _("Give the output value (10^4 yuan) of the estimated year to scale by."),
        )
    if output_value_wan_yuan < 0:
        raise _invalid(
            "output_value_wan_yuan",
            _("The output value cannot be negative (%(value)s).")
            % {"value": output_value_wan_yuan},
        )
    base = source.output_value_wan_yuan
    if not base:
        raise _invalid(
            "method",
            _("%(year)s has no output value to scale from; estimate by carrying forward.")
            % {"year": source.year},
        )
    return output_value_wan_yuan / base, output_value_wan_yuan


@transaction.atomic
def fact_estimate(
    *,
    actor: Any,
    organisation: Organisation,
    year: int,
    method: Method = "carry_forward",
    from_year: int | None = None,
    output_value_wan_yuan: float | None = None,
) -> EnterpriseYearFact:
    """Estimate a missing enterprise-year from a verified one (the nearest, or ``from_year``).

    Refused naming the field: a year outside 2000..2100, an unknown method, an organisation
    that is not an enterprise, an enterprise-year that is verified, no verified year to start
    from, and for "output_scaled" a missing or negative output value or a source year without
    one. A new estimate replaces an earlier estimate of the same enterprise-year. Audited as
    "district.fact.estimate"."""
    require(
        permissions.can_manage_district_accounts(actor),
        _("Only the secretariat estimates missing figures."),
    )
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _invalid(
            "year",
            _("The year must be between %(first)s and %(last)s (got %(year)s).")
            % {"first": FIRST_YEAR, "last": LAST_YEAR, "year": year},
        )
    if method not in METHODS:
        raise _invalid(
            "method",
            _("Unknown estimation method %(method)s: carry_forward or output_scaled.")
            % {"method": method},
        )
    if organisation.kind != OrganisationKind.ENTERPRISE:
        raise _invalid(
            "organisation",
            _("%(name)s is not an enterprise; only enterprises report figures.")
            % {"name": organisation.name_zh},
        )
    existing = (
        EnterpriseYearFact.objects.select_for_update()
        .filter(organisation=organisation, year=year)
        .first()
    )
    if existing is not None and existing.basis == FactBasis.VERIFIED:
        raise _invalid(
            "year",
            _("%(name)s's %(year)s figures are verified; an estimate cannot replace them.")
            % {"name": organisation.name_zh, "year": year},
        )
    source = _source(organisation, year, from_year)
    factor, output = _scale(method, source, output_value_wan_yuan)
    values: dict[str, Any] = {
        "basis": FactBasis.ESTIMATED,
        "submission": None,
        "version": None,
        "version_number": None,
        "estimate_method": method,
        "estimated_from_year": source.year,
        "park_id": source.park_id,
        "industry_code": source.industry_code,
        "industry_section": source.industry_section,
        "industry_division": source.industry_division,
        "key_unit_status": source.key_unit_status,
        "output_value_wan_yuan": output,
        **{name: getattr(source, name) * factor for name in FACT_FIGURES},
        "factor_set_version": source.factor_set_version,
        "method_version": source.method_version,
        "context": source.context,
        "refreshed_at": now(),
    }
    before = fact_state(existing)
    if existing is None:
        fact = EnterpriseYearFact.objects.create(organisation=organisation, year=year, **values)
    else:
        fact = existing
        for name, value in values.items():
            setattr(fact, name, value)
        fact.save()
        CarrierFact.objects.filter(fact=fact).delete()
    CarrierFact.objects.bulk_create(
        CarrierFact(
            fact=fact,
            carrier=carrier.carrier,
            energy_tce=carrier.energy_tce * factor,
            energy_co2e_t=carrier.energy_co2e_t * factor,
        )
        for carrier in source.carriers.all()
    )
    audit_append(
        actor=actor,
        action="district.fact.estimate",
        obj=fact,
        before=before,
        after={**(fact_state(fact) or {}), "scale": factor},
    )
    return fact
