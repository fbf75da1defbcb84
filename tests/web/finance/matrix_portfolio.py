"""Authorization-matrix rows of the portfolio pages (the year's figures, a position by form, the
import) and the portfolio API.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The portfolio is the analyst's own institution's book: only the analyst reads and writes it;
every other signed-in user gets 403 (there is no other institution's book behind the address to
hide), anonymous visitors asking for a page are sent to sign in (an anonymous
write: 404, as elsewhere). The API's anonymous caller has
no institution either (403). The import without a file is refused at its field (422).
"""

from __future__ import annotations

from typing import Any

from greenledger.web.finance.services.portfolio import position_save
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect

YEAR = 2025


def _position_fields(name: str) -> dict[str, Any]:
    return {
        "position": name, "borrower": "矩阵外部公司", "asset_class": "listed_equity",
        "outstanding_yuan": 1_000_000, "evic_yuan": 50_000_000, "emissions_tco2e": 2_000,
        "emissions_basis": "reported", "sector": "C26",
    }  # fmt: skip


def a_year_with_a_position(world: World) -> int:
    position_save(
        actor=world.users["analyst"], institution=world.bank, year=YEAR,
        **_position_fields("MATRIX-1"),
    )  # fmt: skip
    return YEAR


def a_position_id(world: World) -> int:
    a_year_with_a_position(world)
    return world.bank.positions.get(year=YEAR, position="MATRIX-1").pk  # type: ignore[no-any-return]


def position_form(world: World) -> dict[str, Any]:
    return {"year": YEAR, **_position_fields("MATRIX-FORM"), "carbon_effect": ""}


ANALYST_PAGE = expect(403, 403, 403, 403, 403, 200, 403, 302)
ANALYST_API = expect(403, 403, 403, 403, 403, 200, 403, 403)
YEAR_PARAM = {"year": lambda w: YEAR}

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/portfolio/": [Row(ANALYST_PAGE)],
    "finance/portfolio/positions/new/": [
        Row(ANALYST_PAGE),
        Row(expect(403, 403, 403, 403, 403, 302, 403, 404), method="post", writes=True,
            body=position_form),
    ],
    "finance/portfolio/import/": [
        Row(ANALYST_PAGE),
        Row(expect(403, 403, 403, 403, 403, 200, 403, 404), method="post"),  # no file: the form
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/finance/portfolio/{year}/positions"): Row(ANALYST_API, params=YEAR_PARAM),
    ("POST", "/api/finance/portfolio/{year}/positions"): Row(
        expect(403, 403, 403, 403, 403, 201, 403, 403), params=YEAR_PARAM,
        body=lambda w: _position_fields("MATRIX-API")),
    ("POST", "/api/finance/portfolio/{year}/imports"): Row(
        expect(403, 403, 403, 403, 403, 422, 403, 403), params=YEAR_PARAM),
    ("DELETE", "/api/finance/portfolio/{year}/positions/{position_id}"): Row(
        expect(403, 403, 403, 403, 403, 204, 403, 403),
        params={"year": lambda w: YEAR, "position_id": a_position_id}),
    ("GET", "/api/finance/portfolio/{year}"): Row(
        ANALYST_API, params={"year": a_year_with_a_position}),
}  # fmt: skip
