"""Authorization-matrix rows of the PACT API (/pact/) and the supplier's PACT clients page.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The PACT API knows no session: whoever is signed in, a request without the client's bearer
token is the spec's BadRequest (400), and a token request without HTTP Basic client
credentials is RFC 6749's ``invalid_client`` (400); other methods are 405. The clients page:
each enterprise's users see their own enterprise's clients; the staff, the evaluator, the
analyst and the public 403. Its conformance
(tokens, every action and error) is ``test_pact_api`` / ``test_pact_conformance``.
"""

from __future__ import annotations

import uuid

from tests.web.conftest import World
from tests.web.matrix_support import Row, expect

ALL_400 = expect(400, 400, 400, 400, 400, 400, 400, 400)
ALL_405 = expect(405, 405, 405, 405, 405, 405, 405, 405)
PF = {"pf_id": lambda w: str(uuid.uuid4())}
PAGE = expect(200, 200, 403, 403, 403, 403, 403, 302)


def a_client(world: World) -> int:
    """A PACT client of company A (created through the service, as its manager would)."""
    from greenledger.web.products.services.pact import pact_client_create

    client, _secret = pact_client_create(
        actor=world.users["enterprise_a"], organisation=world.company_a, name="Matrix importer"
    )
    return client.pk


def a_product(world: World) -> int:
    """A product of company A's site (the statements' form posts to it)."""
    from django.utils import timezone

    from greenledger.web.products.models import Product

    now = timezone.now()
    return Product.objects.create(
        organisation=world.company_a,
        site=world.site_a,
        name="Matrix billet",
        unit="t",
        cpc_code="41231",
        created_by=world.users["enterprise_a"],
        created_at=now,
        updated_at=now,
    ).pk


#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "pact/auth/token": [
        Row(ALL_405),
        Row(ALL_400, method="post", body=lambda w: {"grant_type": "client_credentials"}),
    ],
    "pact/2/footprints": [Row(ALL_400), Row(ALL_405, method="post", body=lambda w: {})],
    "pact/2/footprints/<str:pf_id>": [Row(ALL_400, params=PF)],
    "pact/2/events": [Row(ALL_405), Row(ALL_400, method="post", body=lambda w: {})],
    # the supplier's page: each enterprise its own clients (B's manager creates one of B's)
    "products/pact/": [
        Row(PAGE),
        Row(PAGE, method="post", body=lambda w: {"name": "Importer"}),
    ],
    "products/pact/<int:pk>/revoke/": [
        Row(expect(302, 404, 403, 403, 403, 403, 403, 404), method="post",
            params={"pk": a_client}, writes=True),
        Row(ALL_405, params={"pk": a_client}),
    ],
    # an empty form: A's manager is told what is missing (422, nothing saved)
    "products/pact/products/<int:pk>/statements/": [
        Row(expect(422, 404, 403, 403, 403, 403, 403, 404), method="post",
            params={"pk": a_product}, body=lambda w: {}),
        Row(ALL_405, params={"pk": a_product}),
    ],
}  # fmt: skip
