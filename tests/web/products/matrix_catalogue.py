"""Authorization-matrix rows of the products home, the product and process editor and the
products/processes/attribution API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A's product "矩阵钢坯" and its 2023 process (a stated key, half of A's verified 2023
inventory at 甲工厂: one coal line), and a second product "矩阵钢板" without a process, are
built through the services in the rows' params and bodies, before the matrix counts the
ledger. A's products and processes are seen by its users and the staff (read only: their
writes 403); company B gets 404; the evaluator, the analyst and the public 403 (the products
home lets the evaluator in, for CBAM); anonymous visitors asking for a page are sent to sign in.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.products.models import Process, Product
from greenledger.web.products.services import catalogue as services
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import Submission, SubmissionStatus
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached

YEAR = 2023
KEY = {"key": "days", "value": 50, "of": 100}


def _verified_2023(world: World) -> None:
    if Submission.objects.filter(
        organisation=world.company_a, year=YEAR, status=SubmissionStatus.VERIFIED
    ).exists():
        return
    manager = world.users["enterprise_a"]
    submission = reporting.submission_create_draft(
        actor=manager, organisation=world.company_a, year=YEAR
    )
    reporting.record_create(
        actor=manager, submission=submission, site="甲工厂", period="2023-06",
        activity="原煤", quantity="1000", unit="t",
    )  # fmt: skip
    reporting.submission_submit(actor=manager, submission=submission)
    reporting.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission,
        evaluator=world.users["evaluator"],
    )  # fmt: skip
    submission.refresh_from_db()
    reporting.submission_verify(actor=world.users["evaluator"], submission=submission)


def a_product(world: World) -> Product:
    def build() -> Product:
        return services.product_create(
            actor=world.users["enterprise_a"], site=world.site_a, name="矩阵钢坯", unit="t"
        )

    return _cached(world, "products_product", build)  # type: ignore[no-any-return]


def a_bare_product(world: World) -> Product:
    def build() -> Product:
        return services.product_create(
            actor=world.users["enterprise_a"], site=world.site_a, name="矩阵钢板", unit="t"
        )

    return _cached(world, "products_bare_product", build)  # type: ignore[no-any-return]


def a_process(world: World) -> Process:
    def build() -> Process:
        _verified_2023(world)
        return services.process_save(
            actor=world.users["enterprise_a"], product=a_product(world), year=YEAR,
            name="矩阵连铸", annual_output=1000, attribution_basis="stated", attribution=KEY,
        )  # fmt: skip

    return _cached(world, "products_process", build)  # type: ignore[no-any-return]


def product_form(world: World) -> dict[str, Any]:
    return {"site": world.site_a.pk, "name": "矩阵新品", "unit": "t"}


def product_edit_form(world: World) -> dict[str, Any]:
    a_product(world)
    return {"name": "矩阵钢坯", "unit": "kg"}


def process_form(world: World) -> dict[str, Any]:
    _verified_2023(world)
    a_bare_product(world)
    return {
        "name": "矩阵轧制", "annual_output": "500", "attribution_basis": "stated",
        "key": "days", "key_value": "10", "key_of": "100", "input-count": "0", "year": YEAR,
    }  # fmt: skip


def process_edit_form(world: World) -> dict[str, Any]:
    a_process(world)
    return {
        "action": "save", "name": "矩阵连铸", "annual_output": "1200",
        "attribution_basis": "stated", "key": "days", "key_value": "40", "key_of": "100",
        "input-count": "0",
    }  # fmt: skip


def product_body(world: World) -> dict[str, Any]:
    return {"site_id": world.site_a.pk, "name": "矩阵新品", "unit": "t"}


def process_body(world: World) -> dict[str, Any]:
    _verified_2023(world)
    return {
        "product_id": a_bare_product(world).pk, "year": YEAR, "name": "矩阵轧制",
        "annual_output": 500, "attribution_basis": "stated", "attribution": KEY,
    }  # fmt: skip


def process_put_body(world: World) -> dict[str, Any]:
    return {
        "product_id": a_product(world).pk, "year": YEAR, "name": "矩阵连铸",
        "annual_output": 900, "attribution_basis": "stated", "attribution": KEY,
    }  # fmt: skip


PRODUCT = {"pk": lambda w: a_product(w).pk}
BARE = {"pk": lambda w: a_bare_product(w).pk}
PROCESS = {"pk": lambda w: a_process(w).pk}
API_PRODUCT = {"product_id": lambda w: a_product(w).pk}
API_PROCESS = {"process_id": lambda w: a_process(w).pk}
SITE = {"site_id": lambda w: (a_process(w), w.site_a.pk)[1]}

READERS = expect(200, 200, 403, 200, 200, 403, 403, 302)
OWN_READERS = expect(200, 404, 403, 200, 200, 403, 403, 302)
OWN_WRITE = expect(302, 404, 403, 403, 403, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "products/": [Row(expect(200, 200, 200, 200, 200, 403, 403, 302))],
    "products/catalogue/": [Row(READERS)],
    "products/catalogue/new/": [
        Row(expect(200, 200, 403, 403, 403, 403, 403, 302)),
        Row(expect(302, 200, 403, 403, 403, 403, 403, 403), method="post", writes=True,
            body=product_form),  # B: A's site is not among B's (the form answers again)
    ],
    "products/catalogue/<int:pk>/": [
        Row(OWN_READERS, params=PRODUCT),
        Row(OWN_WRITE, method="post", writes=True, params=PRODUCT, body=product_edit_form),
    ],
    "products/catalogue/<int:pk>/processes/new/": [
        Row(expect(200, 404, 403, 403, 403, 403, 403, 302), params=BARE),
        Row(OWN_WRITE, method="post", writes=True, params=BARE, body=process_form),
    ],
    "products/processes/<int:pk>/": [
        Row(OWN_READERS, params=PROCESS),
        Row(OWN_WRITE, method="post", writes=True, params=PROCESS, body=process_edit_form),
    ],
}  # fmt: skip

API_READERS = expect(200, 200, 403, 200, 200, 403, 403, 403)
API_OWN = expect(200, 404, 403, 200, 200, 403, 403, 403)
API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/products/products"): Row(API_READERS),
    ("POST", "/api/products/products"): Row(expect(201, 422, 403, 403, 403, 403, 403, 403),
                                            body=product_body),
    ("GET", "/api/products/products/{product_id}"): Row(API_OWN, params=API_PRODUCT),
    ("PATCH", "/api/products/products/{product_id}"): Row(
        expect(200, 404, 403, 403, 403, 403, 403, 403), params=API_PRODUCT,
        body=lambda w: {"unit": "kg"}),
    ("GET", "/api/products/processes"): Row(API_READERS),
    ("POST", "/api/products/processes"): Row(expect(201, 422, 403, 403, 403, 403, 403, 403),
                                             body=process_body),
    ("GET", "/api/products/processes/{process_id}"): Row(API_OWN, params=API_PROCESS),
    ("PUT", "/api/products/processes/{process_id}"): Row(
        expect(200, 404, 403, 403, 403, 403, 403, 403), params=API_PROCESS,
        body=process_put_body),
    ("DELETE", "/api/products/processes/{process_id}"): Row(
        expect(204, 404, 403, 403, 403, 403, 403, 403), params=API_PROCESS),
    ("GET", "/api/products/sites/{site_id}/attribution"): Row(API_OWN, params=SITE),
}  # fmt: skip
