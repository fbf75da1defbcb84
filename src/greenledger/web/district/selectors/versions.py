"""Which factor set and method versions produced the verified figures of each year (the fact
table carries them per enterprise-year): every figure on the progress pages, the API and the
annual report names them."""

from __future__ import annotations

from collections import defaultdict

from greenledger.web.district.models import EnterpriseYearFact, FactBasis
from greenledger.web.members.models import Site


def fact_versions(*, park: Site | None = None) -> dict[int, dict[str, list[str]]]:
    """Year -> {"factor_set_versions": [...], "method_versions": [...]} (distinct, sorted) of
    the verified facts of the district (or of ``park``). One query."""
    facts = EnterpriseYearFact.objects.filter(basis=FactBasis.VERIFIED)
    if park is not None:
        facts = facts.filter(park=park)
    found: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for year, factor_set, method in (
        facts.values_list("year", "factor_set_version", "method_version").distinct().order_by()
    ):
        if factor_set:
            found[year][0].add(factor_set)
        if method:
            found[year][1].add(method)
    return {
        year: {"factor_set_versions": sorted(sets), "method_versions": sorted(methods)}
        for year, (sets, methods) in sorted(found.items())
    }
