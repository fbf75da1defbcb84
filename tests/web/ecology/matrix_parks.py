"""Authorization-matrix rows of the park pages and API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The park is the world's 丙园区 (company C's); A's 甲工厂 is in it, and B has a factory in it
(``matrix_listings.b_factory``, built with the active exchange of ``matrix_records``). Its
tenants' users and the staff see the park and the list; the evaluator, the analyst and the
public 403; anonymous visitors asking for a page are sent to sign in (the API: 403).
"""

from __future__ import annotations

from tests.web.ecology.matrix_records import an_active_exchange
from tests.web.matrix_support import Row, expect

PARK = {"pk": lambda w: (an_active_exchange(w), w.park.pk)[1]}
API_PARK = {"park_id": lambda w: (an_active_exchange(w), w.park.pk)[1]}
READERS = expect(200, 200, 403, 200, 200, 403, 403, 302)
API_READERS = expect(200, 200, 403, 200, 200, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "ecology/parks/": [Row(READERS)],
    "ecology/parks/<int:pk>/": [Row(READERS, params=PARK)],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/ecology/parks"): Row(API_READERS),
    ("GET", "/api/ecology/parks/{park_id}"): Row(API_READERS, params=API_PARK),
}  # fmt: skip
