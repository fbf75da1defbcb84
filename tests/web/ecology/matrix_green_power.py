"""Authorization-matrix rows of the green-power pages and API (a site's supplies, certificates,
storage and hourly-matching runs).

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The site asked about is company A's factory (``site_a``): its enterprise's users and the staff
see its green power (``can_view_green_power``); anybody else gets 404 (the site is hidden). Only
A's manager keeps it: the staff's writes answer 403. The list of sites is for enterprise users
and the staff (403 for the others). A run without A's meter series is refused with the reason
(422); so is a supply upload without a file.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.ecology.services import green_power
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect

YEAR = 2025
PAGE = expect(200, 404, 404, 200, 200, 404, 404, 302)
READ_API = expect(200, 404, 404, 200, 200, 404, 404, 404)


def _year(world: World) -> int:
    return YEAR


def a_flat_supply(world: World) -> int:
    supply = green_power.green_supply_flat(
        actor=world.users["enterprise_a"], site=world.site_a, year=YEAR, source="matrix PPA",
        annual_mwh=100,
    )  # fmt: skip
    return supply.pk


def site_with_storage(world: World) -> int:
    green_power.storage_save(
        actor=world.users["enterprise_a"], site=world.site_a, name="matrix battery",
        capacity_mwh=4, power_mw=2, round_trip_efficiency=0.9,
    )  # fmt: skip
    return world.site_a.pk


def _contract(world: World) -> dict[str, Any]:
    return {"source": "matrix wind", "annual_mwh": 50}


def _certificate(world: World) -> dict[str, Any]:
    return {"month": "2025-03", "mwh": 10}


def _storage(world: World) -> dict[str, Any]:
    return {"name": "matrix store", "capacity_mwh": 2, "power_mw": 1, "round_trip_efficiency": 0.9}


def _write(status_a: int) -> dict[str, int]:
    """A's manager gets ``status_a``; the staff 403; everybody else 404 (hidden site)."""
    return expect(status_a, 404, 404, 403, 403, 404, 404, 404)


YEAR_PARAM = {"year": _year}
BASE = "ecology/green-power/<int:site_id>/<int:year>/"

#                                                  ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "ecology/green-power/": [Row(expect(200, 200, 403, 200, 200, 403, 403, 302))],
    BASE: [Row(PAGE, params=YEAR_PARAM)],
    BASE + "supplies/": [Row(_write(422), method="post", params=YEAR_PARAM)],  # no file
    BASE + "supplies/<int:supply_id>/delete/": [
        Row(_write(302), method="post", writes=True,
            params={"year": _year, "supply_id": a_flat_supply}),
    ],
    BASE + "contracts/": [
        Row(_write(302), method="post", writes=True, params=YEAR_PARAM, body=_contract),
    ],
    BASE + "certificates/": [
        Row(_write(302), method="post", writes=True, params=YEAR_PARAM, body=_certificate),
    ],
    BASE + "storage/": [
        Row(_write(302), method="post", writes=True, params=YEAR_PARAM, body=_storage),
    ],
    BASE + "run/": [Row(_write(422), method="post", params=YEAR_PARAM)],  # no meter series
}  # fmt: skip

API = "/api/ecology/green-power/{site_id}"
API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", API + "/{year}"): Row(READ_API, params=YEAR_PARAM),
    ("POST", API + "/{year}/supplies"): Row(_write(422), params=YEAR_PARAM),  # no file
    ("POST", API + "/{year}/contracts"): Row(_write(201), params=YEAR_PARAM, body=_contract),
    ("DELETE", API + "/{year}/supplies/{supply_id}"): Row(
        _write(204), params={"year": _year, "supply_id": a_flat_supply}),
    ("POST", API + "/{year}/certificates"): Row(
        _write(200), params=YEAR_PARAM, body=_certificate),
    ("POST", API + "/{year}/certificates/imports"): Row(_write(422), params=YEAR_PARAM),
    ("PUT", API + "/storage"): Row(_write(200), body=_storage),
    ("DELETE", API + "/storage"): Row(_write(204), params={"site_id": site_with_storage}),
    ("POST", API + "/{year}/runs"): Row(_write(422), params=YEAR_PARAM),  # no meter series
}  # fmt: skip
