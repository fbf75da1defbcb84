"""An ecology world: the personas' district (``tests.web.conftest``) with coordinates, a park
with three enterprises' factories, their offers and needs, a researcher and the staff.

=================  =========================================================================
park               丙园区 (``world.park``, company C's), 31.2000 N 121.6000 E (Pudong)
site_a             甲工厂 (company A, in the park), 31.2050 N 121.6000 E
site_b             乙工厂 (company B, in the park, new here), 31.2100 N 121.6100 E
site_d             丁工厂 (company D, in the park, new here), 31.1950 N 121.5950 E
heat_offer         A offers waste heat: hot water at 120 °C, returning at 70 °C, 2 MW,
                   8,000 MWh a year, 2026-01 .. 2028-12 (not anonymous)
heat_need          B needs process heat at 80 °C or more: 6,000 MWh a year, 2026-01 .. 2028-12
oil_offer          D offers waste mineral oil 900-249-08 (HW08), 50 t a year, ANONYMOUS
users              ``users``: "a" (A's energy manager), "b" (B's), "d" (D's), "researcher"
                   (a research institution's), "staff" (the secretariat), "admin" (the
                   district administrator), "analyst" (the bank's)
=================  =========================================================================

Site A to site B: 1.1016 km great-circle (haversine, R = 6,371.0088 km).

``ecology_world`` is built once per test module and rolled back after each test (as
``finance_world``): a module using it must not combine it with ``world`` and its tests use the
plain ``db`` fixture. ``build_ecology_world(world)`` builds one inside a test (e.g. on the
matrix's ``world``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role, User
from greenledger.web.ecology.models import Need, Offer
from greenledger.web.ecology.services import listings
from greenledger.web.members import services as member_services
from greenledger.web.members.models import Organisation, Site, SiteKind
from tests.web.conftest import World, build_world, kept_for_the_module, organisation_values

PARK_LATLON = (31.2000, 121.6000)
A_LATLON = (31.2050, 121.6000)
B_LATLON = (31.2100, 121.6100)
D_LATLON = (31.1950, 121.5950)
PERIOD = {"start_month": "2026-01", "end_month": "2028-12"}


@dataclass
class EcologyWorld:
    world: World
    company_d: Organisation
    research: Organisation
    site_b: Site  # B's factory in the park (world.site_b is B's data centre, not in a park)
    site_d: Site
    heat_offer: Offer
    heat_need: Need
    oil_offer: Offer
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def park(self) -> Site:
        return self.world.park

    @property
    def site_a(self) -> Site:
        return self.world.site_a

    @property
    def company_a(self) -> Organisation:
        return self.world.company_a

    @property
    def company_b(self) -> Organisation:
        return self.world.company_b

    def client(self, user: str) -> Client:
        """A browser session signed in as ``users[user]`` ("anonymous": nobody)."""
        client = Client()
        if user != "anonymous":
            client.force_login(self.users[user])
        return client

    def api_headers(self, user: str) -> dict[str, str]:
        """API headers of ``users[user]`` (its token; "anonymous": none)."""
        if user == "anonymous":
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[user]}"}


def place(site: Site, latlon: tuple[float, float]) -> Site:
    Site.objects.filter(pk=site.pk).update(latitude=latlon[0], longitude=latlon[1])
    site.refresh_from_db()
    return site


def build_ecology_world(world: World) -> EcologyWorld:
    create = member_services.organisation_create
    company_d = create(actor=None, **organisation_values(5, name_zh="丁公司", name_en="Company D"))
    research = create(
        actor=None,
        **organisation_values(
            6, name_zh="测试研究院", name_en="Test Institute", kind="research_institution"
        ),
    )
    place(world.park, PARK_LATLON)
    place(world.site_a, A_LATLON)
    site_b = member_services.site_create(
        actor=None, organisation=world.company_b, kind=SiteKind.FACTORY, name_zh="乙工厂",
        name_en="B Factory", parent_park=world.park,
    )  # fmt: skip
    site_d = member_services.site_create(
        actor=None, organisation=company_d, kind=SiteKind.FACTORY, name_zh="丁工厂",
        name_en="D Factory", parent_park=world.park,
    )  # fmt: skip
    place(site_b, B_LATLON)
    place(site_d, D_LATLON)
    users = {
        "a": world.users["enterprise_a"],
        "b": world.users["enterprise_b"],
        "staff": world.users["secretariat"],
        "admin": world.users["district_admin"],
        "analyst": world.users["analyst"],
    }
    users["d"] = account_services.user_create(
        actor=None, username="enterprise-d", password="persona-password-2025",
        role=Role.ENTERPRISE_MANAGER, organisation=company_d,
    )  # fmt: skip
    users["researcher"] = account_services.user_create(
        actor=None, username="researcher", password="persona-password-2025",
        role=Role.RESEARCHER, organisation=research,
    )  # fmt: skip
    persona = {"a": "enterprise_a", "b": "enterprise_b", "staff": "secretariat",
               "admin": "district_admin", "analyst": "analyst"}  # fmt: skip
    tokens = {key: world.tokens[name] for key, name in persona.items()}
    for key in ("d", "researcher"):
        tokens[key] = account_services.api_token_create(actor=users[key], name="tests").token
    heat_offer = listings.offer_create(
        actor=users["a"], site=world.site_a, kind="heat", name="余热热水",
        supply_temp_c=120, return_temp_c=70, medium="hot water", capacity_mw=2,
        quantity=8000, **PERIOD,
    )  # fmt: skip
    heat_need = listings.need_create(
        actor=users["b"], site=site_b, kind="heat", name="工艺用热", process="process_heat",
        min_temp_c=80, quantity=6000, **PERIOD,
    )  # fmt: skip
    oil_offer = listings.offer_create(
        actor=users["d"], site=site_d, kind="hazardous_waste", name="废矿物油",
        code="900-249-08", quantity=50, anonymous=True, **PERIOD,
    )  # fmt: skip
    return EcologyWorld(
        world=world, company_d=company_d, research=research, site_b=site_b, site_d=site_d,
        heat_offer=heat_offer, heat_need=heat_need, oil_offer=oil_offer, users=users, tokens=tokens,
    )  # fmt: skip


@pytest.fixture(scope="module")
def kept_ecology_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[EcologyWorld]:
    with kept_for_the_module(django_db_blocker, lambda: build_ecology_world(build_world())) as data:
        yield data


@pytest.fixture
def ecology_world(kept_ecology_world: EcologyWorld, db: None) -> EcologyWorld:
    """The park, its three factories, A's heat offer, B's heat need and D's anonymous waste oil
    (see the module docstring); each test's writes roll back, and it gets its own instances."""
    copied = copy.deepcopy(kept_ecology_world)
    copied.world.objects = {}
    return copied
