"""Authorization-matrix rows of the offer and need pages and API, and their matches.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Company A offers 120 °C waste heat from 甲工厂 (placed in the park); company B needs 80 °C heat
at a factory of its own in the park. The lists and a listing are for enterprise users, the
staff (and researchers, not a persona here): the evaluator, the analyst and the public get 403,
anonymous visitors asking for a page are sent to sign in. Declaring is an enterprise user's for
its own sites (the staff 403); B posting A's site into the form gets the form back (200), in
the API 422. Closing: the listing's enterprise (302 / 200); a listing the user sees is 403 for
others, 404 for those who see none. Matches: the listing's enterprise and the staff.
"""

from __future__ import annotations

from typing import Any

from greenledger.web.ecology.models import Need, Offer
from greenledger.web.ecology.services import listings
from greenledger.web.members.models import Site, SiteKind
from greenledger.web.members.services import site_create
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect
from tests.web.planning.matrix_plans import _cached

PERIOD = {"start_month": "2026-01", "end_month": "2027-12"}


def placed_site_a(world: World) -> Site:
    def build() -> Site:
        Site.objects.filter(pk=world.site_a.pk).update(latitude=31.205, longitude=121.6)
        world.site_a.refresh_from_db()
        return world.site_a

    return _cached(world, "ecology_site_a", build)  # type: ignore[no-any-return]


def b_factory(world: World) -> Site:
    def build() -> Site:
        site = site_create(
            actor=None, organisation=world.company_b, kind=SiteKind.FACTORY,
            name_zh="乙矩阵工厂", parent_park=world.park,
        )  # fmt: skip
        Site.objects.filter(pk=site.pk).update(latitude=31.21, longitude=121.61)
        site.refresh_from_db()
        return site

    return _cached(world, "ecology_site_b", build)  # type: ignore[no-any-return]


def an_offer(world: World) -> Offer:
    def build() -> Offer:
        return listings.offer_create(
            actor=world.users["enterprise_a"], site=placed_site_a(world), kind="heat",
            name="矩阵余热", supply_temp_c=120, return_temp_c=70, quantity=8000, **PERIOD,
        )  # fmt: skip

    return _cached(world, "ecology_offer", build)  # type: ignore[no-any-return]


def a_need(world: World) -> Need:
    def build() -> Need:
        return listings.need_create(
            actor=world.users["enterprise_b"], site=b_factory(world), kind="heat",
            name="矩阵用热", process="process_heat", min_temp_c=80, quantity=6000, **PERIOD,
        )  # fmt: skip

    return _cached(world, "ecology_need", build)  # type: ignore[no-any-return]


def offer_form(world: World) -> dict[str, Any]:
    return {"site": placed_site_a(world).pk, "kind": "water", "name": "矩阵中水",
            "quantity": "100", "quality_grade": "3", **PERIOD}  # fmt: skip


def need_form(world: World) -> dict[str, Any]:
    return {"site": b_factory(world).pk, "kind": "water", "name": "矩阵补水",
            "process": "industrial_water_reuse", "quantity": "100", "quality_grade": "3",
            **PERIOD}  # fmt: skip


def offer_body(world: World) -> dict[str, Any]:
    form = offer_form(world)
    return {**form, "site_id": form.pop("site"), "quantity": 100, "quality_grade": 3}


def need_body(world: World) -> dict[str, Any]:
    form = need_form(world)
    return {**form, "site_id": form.pop("site"), "quantity": 100, "quality_grade": 3}


OFFER = {"pk": lambda w: an_offer(w).pk}
NEED = {"pk": lambda w: a_need(w).pk}
API_OFFER = {"offer_id": lambda w: an_offer(w).pk}
API_NEED = {"need_id": lambda w: a_need(w).pk}
READERS_PAGE = expect(200, 200, 403, 200, 200, 403, 403, 302)
DECLARE_PAGE = expect(200, 200, 403, 403, 403, 403, 403, 302)
READERS = expect(200, 200, 403, 200, 200, 403, 403, 403)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "ecology/matches/": [Row(DECLARE_PAGE)],
    "ecology/offers/": [Row(READERS_PAGE)],
    "ecology/needs/": [Row(READERS_PAGE)],
    "ecology/offers/new/": [
        Row(DECLARE_PAGE),
        Row(expect(302, 200, 403, 403, 403, 403, 403, 404), method="post", writes=True,
            body=offer_form),
    ],
    "ecology/needs/new/": [
        Row(DECLARE_PAGE),
        Row(expect(200, 302, 403, 403, 403, 403, 403, 404), method="post", writes=True,
            body=need_form),
    ],
    "ecology/offers/import/": [
        Row(DECLARE_PAGE),
        Row(expect(200, 200, 403, 403, 403, 403, 403, 404), method="post"),
    ],
    "ecology/needs/import/": [
        Row(DECLARE_PAGE),
        Row(expect(200, 200, 403, 403, 403, 403, 403, 404), method="post"),
    ],
    "ecology/offers/<int:pk>/": [Row(READERS_PAGE, params=OFFER)],
    "ecology/needs/<int:pk>/": [Row(READERS_PAGE, params=NEED)],
    "ecology/offers/<int:pk>/close/": [
        Row(expect(302, 403, 404, 403, 403, 404, 404, 404), method="post", writes=True,
            params=OFFER),
    ],
    "ecology/needs/<int:pk>/close/": [
        Row(expect(403, 302, 404, 403, 403, 404, 404, 404), method="post", writes=True,
            params=NEED),
    ],
    "ecology/offers/<int:pk>/matches/": [
        Row(expect(200, 403, 403, 200, 200, 403, 403, 302), params=OFFER),
    ],
    "ecology/needs/<int:pk>/matches/": [
        Row(expect(403, 200, 403, 200, 200, 403, 403, 302), params=NEED),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {
    ("GET", "/api/ecology/offers"): Row(READERS),
    ("GET", "/api/ecology/needs"): Row(READERS),
    ("POST", "/api/ecology/offers"): Row(expect(201, 422, 403, 403, 403, 403, 403, 403),
                                         body=offer_body),
    ("POST", "/api/ecology/needs"): Row(expect(422, 201, 403, 403, 403, 403, 403, 403),
                                        body=need_body),
    ("POST", "/api/ecology/offers/imports"): Row(expect(422, 422, 403, 403, 403, 403, 403, 403)),
    ("POST", "/api/ecology/needs/imports"): Row(expect(422, 422, 403, 403, 403, 403, 403, 403)),
    ("GET", "/api/ecology/offers/{offer_id}"): Row(READERS, params=API_OFFER),
    ("GET", "/api/ecology/needs/{need_id}"): Row(READERS, params=API_NEED),
    ("POST", "/api/ecology/offers/{offer_id}/close"): Row(
        expect(200, 403, 403, 403, 403, 403, 403, 403), params=API_OFFER),
    ("POST", "/api/ecology/needs/{need_id}/close"): Row(
        expect(403, 200, 403, 403, 403, 403, 403, 403), params=API_NEED),
    ("GET", "/api/ecology/offers/{offer_id}/matches"): Row(
        expect(200, 403, 403, 200, 200, 403, 403, 403), params=API_OFFER),
    ("GET", "/api/ecology/needs/{need_id}/matches"): Row(
        expect(403, 200, 403, 200, 200, 403, 403, 403), params=API_NEED),
}  # fmt: skip
