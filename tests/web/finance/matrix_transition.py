"""Authorization-matrix rows of the transition-loan KPI page and API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

As the portfolio: the institution's own transition loans, read by its analysts only; every
other signed-in user gets 403 (nothing of anybody else's behind the address to hide), anonymous
visitors asking for the page are sent to sign in, the API's anonymous caller gets 403.
"""

from __future__ import annotations

from tests.web.matrix_support import Row, expect

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/portfolio/transition/": [Row(expect(403, 403, 403, 403, 403, 200, 403, 302))],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/finance/portfolio/transition"): Row(
        expect(403, 403, 403, 403, 403, 200, 403, 403)),
}  # fmt: skip
