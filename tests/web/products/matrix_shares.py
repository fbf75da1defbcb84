"""Authorization-matrix rows of the footprint-share pages (shares, sharing a footprint,
revoking a share) and the share API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Shares are an enterprise's: its users see them (B its own, empty), its manager shares and
revokes; the staff and every other role get 403; A's share answers B 404; B's attempt to share
A's product is refused on the field (the page again, 422 in the API), nothing written.
"""

from __future__ import annotations

from typing import Any

from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.products.matrix_footprints import fp_product, fp_share


def share_form(world: World) -> dict[str, Any]:
    return {"product": fp_product(world).pk, "customer": world.company_b.pk, "purpose": "矩阵"}


def share_body(world: World) -> dict[str, Any]:
    return {"product_id": fp_product(world).pk, "customer_id": world.company_b.pk, "purpose": "x"}


SHARE = {"share_id": lambda w: fp_share(w).pk}
PAGE = expect(200, 200, 403, 403, 403, 403, 403, 302)
API = expect(200, 200, 403, 403, 403, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "products/shares/": [Row(PAGE)],
    "products/shares/new/": [
        Row(PAGE),
        Row(expect(302, 200, 403, 403, 403, 403, 403, 403), method="post", writes=True,
            body=share_form),
    ],
    "products/shares/<int:share_id>/revoke/": [
        Row(expect(302, 404, 403, 403, 403, 403, 403, 403), method="post", writes=True,
            params=SHARE),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/products/shares"): Row(API),
    ("POST", "/api/products/shares"):
        Row(expect(201, 422, 403, 403, 403, 403, 403, 403), body=share_body),
    ("POST", "/api/products/shares/{share_id}/revoke"):
        Row(expect(200, 404, 403, 403, 403, 403, 403, 403), params=SHARE),
    ("GET", "/api/products/shares/reads"): Row(API),
}  # fmt: skip
