"""Authorization-matrix rows of the ecology home page and the park map.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Both pages are for the roles that have ecology pages: enterprise users, the staff (and
researchers, not a persona here); the evaluator, the analyst and the public get 403; anonymous
visitors are sent to sign in. Neither page writes anything. The map's API operation answers
the same roles (403 for the others, anonymous callers included).
"""

from __future__ import annotations

from tests.web.matrix_support import Row, expect

#                                                     ent_a ent_b eval secr admin anal publ anon
URL_ROWS: dict[str, list[Row]] = {
    "ecology/": [Row(expect(200, 200, 403, 200, 200, 403, 403, 302))],
    "ecology/map/": [Row(expect(200, 200, 403, 200, 200, 403, 403, 302))],
}

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/ecology/map"): Row(expect(200, 200, 403, 200, 200, 403, 403, 403)),
}
