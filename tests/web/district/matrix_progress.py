"""Authorization-matrix rows of the district progress pages, the public aggregates, the annual
report and their API operations.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The progress, coverage and report pages are the staff's: other signed-in users get 403 (the
page exists, the per-enterprise accounts are not theirs), anonymous visitors are sent to sign
in (302). A site that is not an industrial park, or a year without verified facts, is 404 for
the staff. The published aggregates (page, CSV, XLSX, API) answer everybody.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.web.conftest import World
from tests.web.matrix_support import Row, expect

REPORT_YEAR = 2024


def fact_year(world: World) -> int:
    """A verified fact of company A in the park, so the report has a year to render."""
    from greenledger.web.district.models import EnterpriseYearFact, FactBasis

    EnterpriseYearFact.objects.get_or_create(
        organisation=world.company_a,
        year=REPORT_YEAR,
        defaults={
            "basis": FactBasis.VERIFIED,
            "park": world.park,
            "output_value_wan_yuan": 1000.0,
            "energy_tce": 120.0,
            "gbt32150_co2e_t": 300.0,
            "energy_co2e_t": 300.0,
            "refreshed_at": timezone.now(),
        },
    )
    return REPORT_YEAR


STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)
NOT_FOUND_FOR_STAFF = expect(403, 403, 403, 404, 404, 403, 403, 302)
EVERYONE = expect(200, 200, 200, 200, 200, 200, 200, 200)
WITH_FACT: dict[str, Any] = {"year": fact_year}
NO_FACT: dict[str, Any] = {"year": lambda w: 1999}

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "district/": [
        Row(STAFF_PAGE),
        Row(STAFF_PAGE, body=lambda w: {"year": fact_year(w), "base": 2020, "pollutant": "SO2"}),
    ],
    "district/parks/<int:site_id>/": [
        Row(STAFF_PAGE, params={"site_id": "park"}),
        Row(NOT_FOUND_FOR_STAFF, params={"site_id": "site_a"}),
    ],
    "district/coverage/": [
        Row(STAFF_PAGE),
        Row(STAFF_PAGE, body=lambda w: {"year": fact_year(w), "park": w.park.pk}),
    ],
    "district/public/": [Row(EVERYONE), Row(EVERYONE, body=lambda w: (fact_year(w), {})[1])],
    "district/public/aggregates.csv": [Row(EVERYONE)],
    "district/public/aggregates.xlsx": [Row(EVERYONE)],
    "district/report/<int:year>.pdf": [
        Row(STAFF_PAGE, params=WITH_FACT),
        Row(NOT_FOUND_FOR_STAFF, params=NO_FACT),
    ],
    "district/report/<int:year>.xlsx": [
        Row(STAFF_PAGE, params=WITH_FACT),
        Row(NOT_FOUND_FOR_STAFF, params=NO_FACT),
    ],
}  # fmt: skip

API = "/api/district"
API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", f"{API}/progress"): Row(expect(403, 403, 403, 200, 200, 403, 403, 403)),
    ("GET", f"{API}/public"): Row(EVERYONE),
}  # fmt: skip
