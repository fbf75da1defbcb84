"""Authorization-matrix rows of the footprint pages (footprints, computing them, one version,
the supply chain) and the footprint API, with the rows that prove a footprint not shared is
invisible to other members and that a share's end closes it at once (the attempt logged).

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A's product "矩阵足迹产品" with a 2024 process (10 t a year, 5 tCO2e direct given as
figures, no inputs) and its computed footprint (0.5 tCO2e/t, version 1) are built in the rows'
params and bodies, before the matrix counts the ledger. A's footprint is read by A's users and
the staff; company B gets 404 unless A shares it with B (then B's read is logged on the share);
after A revokes the share, B gets 404 again and the attempt is logged as refused. Evaluators,
analysts and the public get 403; anonymous visitors asking for a page are sent to sign in.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from greenledger.web.products.models import (
    AttributionBasis,
    Footprint,
    FootprintRead,
    FootprintShare,
    Process,
    Product,
)
from greenledger.web.products.services.footprints import footprint_compute
from greenledger.web.products.services.shares import share_grant, share_revoke
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached

YEAR = 2024


def fp_product(world: World) -> Product:
    def build() -> Product:
        now = timezone.now()
        manager = world.users["enterprise_a"]
        product = Product.objects.create(
            organisation=world.company_a, site=world.site_a, name="矩阵足迹产品", unit="t",
            created_by=manager, created_at=now, updated_at=now,
        )  # fmt: skip
        Process.objects.create(
            organisation=world.company_a, site=world.site_a, year=YEAR, name="矩阵足迹工序",
            product=product, annual_output=10.0, attribution_basis=AttributionBasis.STATED,
            attribution={"key": "days", "value": 1, "of": 1}, direct_tco2e=5.0,
            created_by=manager, created_at=now, updated_at=now,
        )  # fmt: skip
        return product

    return _cached(world, "footprints_product", build)  # type: ignore[no-any-return]


def fp_footprint(world: World) -> Footprint:
    def build() -> Footprint:
        fp_product(world)
        [made] = footprint_compute(
            actor=world.users["enterprise_a"], organisation=world.company_a, year=YEAR
        )
        return made

    return _cached(world, "footprints_footprint", build)  # type: ignore[no-any-return]


def fp_share(world: World) -> FootprintShare:
    """A's footprint shared with company B, in force."""

    def build() -> FootprintShare:
        return share_grant(
            actor=world.users["enterprise_a"], product=fp_product(world),
            customer=world.company_b, purpose="矩阵",
        )  # fmt: skip

    return _cached(world, "footprints_share", build)  # type: ignore[no-any-return]


def shared(world: World) -> int:
    footprint = fp_footprint(world)
    fp_share(world)
    return footprint.pk


def revoked(world: World) -> int:
    footprint = fp_footprint(world)
    share = fp_share(world)
    share.refresh_from_db()
    if share.revoked_at is None:
        share_revoke(actor=world.users["enterprise_a"], share=share)
    return footprint.pk


def read_logged(world: World, persona: str) -> None:
    reads = [(r.user.get_username(), r.refused) for r in FootprintRead.objects.all()]  # type: ignore[union-attr]
    if persona == "enterprise_b":
        assert reads == [(world.users["enterprise_b"].get_username(), False)], reads
    else:
        assert reads == [], f"{persona}'s request was logged as a customer's read"


def refused_logged(world: World, persona: str) -> None:
    reads = [(r.user.get_username(), r.refused) for r in FootprintRead.objects.all()]  # type: ignore[union-attr]
    if persona == "enterprise_b":
        assert reads == [(world.users["enterprise_b"].get_username(), True)], reads
    else:
        assert reads == [], f"{persona}'s request was logged as a customer's read"


def compute_body(world: World) -> dict[str, Any]:
    fp_product(world)
    return {"year": YEAR}


FOOTPRINT = {"footprint_id": lambda w: fp_footprint(w).pk}
PAGE = expect(200, 200, 403, 200, 200, 403, 403, 302)
API = expect(200, 200, 403, 200, 200, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "products/footprints/": [Row(PAGE)],
    "products/footprints/compute/": [
        # B has no process in 2024: the page again with the reason, nothing written
        Row(expect(302, 200, 403, 403, 403, 403, 403, 403), method="post", writes=True,
            body=compute_body),
    ],
    "products/footprints/<int:footprint_id>/": [
        Row(expect(200, 404, 403, 200, 200, 403, 403, 302), params=FOOTPRINT),  # not shared
        Row(PAGE, params={"footprint_id": shared}, after=read_logged),
        Row(expect(200, 404, 403, 200, 200, 403, 403, 302), params={"footprint_id": revoked},
            after=refused_logged),
    ],
    "products/supply-chain/": [Row(PAGE)],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/products/footprints"): Row(API),
    ("POST", "/api/products/footprints/compute"):
        Row(expect(201, 422, 403, 403, 403, 403, 403, 403), body=compute_body),
    ("GET", "/api/products/footprints/notices"): Row(API),
    ("GET", "/api/products/footprints/{footprint_id}"):
        Row(expect(200, 404, 403, 200, 200, 403, 403, 403), params=FOOTPRINT),
    ("GET", "/api/products/supply-chain"): Row(API),
}  # fmt: skip
