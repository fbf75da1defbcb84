"""Authorization-matrix rows of the portfolio report (XLSX and PDF pages, the API operation).

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

As the portfolio: the institution's own book, read by its analysts only; every other signed-in
user gets 403, anonymous visitors asking for a page are sent to sign in, the API's anonymous
caller gets 403. A year without positions answers the analyst 404.
"""

from __future__ import annotations

from tests.web.finance.matrix_portfolio import a_year_with_a_position
from tests.web.matrix_support import Row, expect

REPORT = expect(403, 403, 403, 403, 403, 200, 403, 302)
NO_YEAR = expect(403, 403, 403, 403, 403, 404, 403, 302)
WITH_POSITIONS = {"year": a_year_with_a_position}
EMPTY_YEAR = {"year": lambda w: 2019}

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/portfolio/<int:year>/report.xlsx": [
        Row(REPORT, params=WITH_POSITIONS),
        Row(NO_YEAR, params=EMPTY_YEAR),
    ],
    "finance/portfolio/<int:year>/report.pdf": [
        Row(REPORT, params=WITH_POSITIONS),
        Row(NO_YEAR, params=EMPTY_YEAR),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/finance/portfolio/{year}/report"): Row(
        expect(403, 403, 403, 403, 403, 200, 403, 403), params=WITH_POSITIONS),
}  # fmt: skip
