"""Personas for the web tests: who is asking, and a small district they ask about.

- ``enterprise_a``: energy manager of company A (unpublished)
- ``enterprise_b``: energy manager of company B (unpublished), A's competitor
- ``evaluator``: third-party evaluator assigned to company A
- ``secretariat``: the alliance secretariat
- ``district_admin``: the district administrator
- ``analyst``: financial analyst at a bank company A shares its data with
- ``public``: a registered member of the public
- ``anonymous``: a visitor who has not signed in
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

import pytest
from django.db import transaction
from django.test import Client

from greenledger.core.registry.credit_code import make_code
from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import ApiToken, Role, User
from greenledger.web.members import services
from greenledger.web.members.models import (
    Designation,
    Membership,
    Organisation,
    OrganisationKind,
    Site,
    SiteKind,
)

T = TypeVar("T")

DISTRICT = "东江新区"
OTHER_DISTRICT = "西岭区"
PASSWORD = "persona-password-2025"

PERSONAS = (
    "enterprise_a",
    "enterprise_b",
    "evaluator",
    "secretariat",
    "district_admin",
    "analyst",
    "public",
    "anonymous",
)


def credit_code(number: int, category: str = "1") -> str:
    return make_code(authority="9", category=category, division="310199", org_body=f"{number:08d}")


def organisation_values(number: int, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": OrganisationKind.ENTERPRISE,
        "name_zh": f"测试企业{number}号有限公司",
        "name_en": f"Test Enterprise No. {number} Co., Ltd.",
        "credit_code": credit_code(number),
        "industry_code": "C3825",
        "district": DISTRICT,
    }
    values.update(overrides)
    return values


@dataclass
class World:
    company_a: Organisation
    company_b: Organisation
    company_c: Organisation  # published
    bank: Organisation
    site_a: Site
    site_b: Site
    park: Site
    designation_a: Designation
    designation_b: Designation
    membership_a: Membership
    users: dict[str, User]
    tokens: dict[str, str]
    token_a: ApiToken
    objects: dict[str, Any] = field(default_factory=dict)

    def client(self, persona: str) -> Client:
        """A browser session: signed in as the persona (or anonymous)."""
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client

    def api_headers(self, persona: str) -> dict[str, str]:
        if persona == "anonymous":
            return {}
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[persona]}"}


def build_world() -> World:
    create = services.organisation_create
    company_a = create(actor=None, **organisation_values(1, name_zh="甲公司", name_en="Company A"))
    company_b = create(actor=None, **organisation_values(2, name_zh="乙公司", name_en="Company B"))
    company_c = create(
        actor=None, published=True, **organisation_values(3, name_zh="丙公司", name_en="Company C")
    )
    bank = create(
        actor=None,
        published=True,
        **organisation_values(
            4, name_zh="测试绿色银行", name_en="Test Green Bank", kind="financial_institution"
        ),
    )
    park = services.site_create(
        actor=None, organisation=company_c, kind=SiteKind.PARK, name_zh="丙园区", name_en="C Park"
    )
    site_a = services.site_create(
        actor=None,
        organisation=company_a,
        kind=SiteKind.FACTORY,
        name_zh="甲工厂",
        parent_park=park,
    )
    site_b = services.site_create(
        actor=None,
        organisation=company_b,
        kind=SiteKind.DATA_CENTRE,
        name_zh="乙数据中心",
        it_load_kw=Decimal("1500"),
    )
    common = {
        "level": "national",
        "year": 2020,
        "issuing_body": "工业和信息化部",
        "valid_from": dt.date(2020, 12, 1),
    }
    designation_a = services.designation_create(
        actor=None, organisation=company_a, type="green_supply_chain", **common
    )
    designation_b = services.designation_create(
        actor=None, organisation=company_b, site=site_b, type="zero_carbon_data_center", **common
    )
    membership_a = services.membership_create(
        actor=None, organisation=company_a, joined_on=dt.date(2021, 3, 1)
    )
    services.membership_create(actor=None, organisation=company_b, joined_on=dt.date(2021, 3, 1))

    homes = {
        "enterprise_a": (Role.ENTERPRISE_MANAGER, company_a),
        "enterprise_b": (Role.ENTERPRISE_MANAGER, company_b),
        "evaluator": (Role.EVALUATOR, None),
        "secretariat": (Role.SECRETARIAT, None),
        "district_admin": (Role.DISTRICT_ADMIN, None),
        "analyst": (Role.FINANCIAL_ANALYST, bank),
        "public": (Role.PUBLIC, None),
    }
    users: dict[str, User] = {}
    tokens: dict[str, str] = {}
    for persona, (role, organisation) in homes.items():
        users[persona] = account_services.user_create(
            actor=None,
            username=persona.replace("_", "-"),
            password=PASSWORD,
            role=role,
            organisation=organisation,
        )
        tokens[persona] = account_services.api_token_create(
            actor=users[persona], name="tests"
        ).token
    account_services.assignment_create(
        actor=None, evaluator=users["evaluator"], organisation=company_a
    )
    account_services.data_sharing_grant(actor=None, organisation=company_a, institution=bank)
    token_a = ApiToken.objects.get(user=users["enterprise_a"])
    return World(
        company_a=company_a,
        company_b=company_b,
        company_c=company_c,
        bank=bank,
        site_a=site_a,
        site_b=site_b,
        park=park,
        designation_a=designation_a,
        designation_b=designation_b,
        membership_a=membership_a,
        users=users,
        tokens=tokens,
        token_a=token_a,
    )


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@contextmanager
def kept_for_the_module(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """Data for many tests: built once inside an outer transaction that is rolled back at the end.

    As Django's ``TestCase.setUpTestData``: each test's own transaction (pytest-django's ``db``)
    nests as a savepoint inside this one and rolls back, so every test starts from the same data
    without rebuilding it. Use it from a module-scoped fixture of a module whose tests all use
    the plain ``db`` fixture and all want the data (a transactional test would commit through the
    outer block; a test wanting an empty database would find the data).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def world_kept_for_the_module(django_db_blocker: Any) -> Any:
    """The personas' small district, kept for a module (see ``kept_for_the_module``)."""
    return kept_for_the_module(django_db_blocker, build_world)


def fresh_copy(world: World) -> World:
    """A copy of a kept world for one test: its own model instances and an empty object cache."""
    copied = copy.deepcopy(world)
    copied.objects = {}
    return copied


@pytest.fixture
def english() -> Any:
    """Messages in English (the default language is Simplified Chinese)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """The login throttle counts in the cache; every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A clock the test moves: ``clock.set("2027-01-01 00:10")`` (the district's time zone)."""
    from tests.web.ops.clock import Clock

    return Clock(monkeypatch)


@pytest.fixture
def no_page_cache(settings: Any) -> None:
    """Pages rendered on every request (the query-count tests count a page's own queries)."""
    settings.GREENLEDGER_PAGE_CACHE = False


class SharedDemoDistrict:
    """The demo district, loaded once per test process for the modules that check it.

    Loaded by the first test that asks for it, inside an outer transaction (as
    ``kept_for_the_module``: each test's own transaction nests as a savepoint and rolls back);
    rolled back as soon as the next test to run is not one of the demo modules, so other
    modules never see it. ``tests/conftest.py`` schedules the demo modules as one unit, so a
    parallel run loads the district once.
    """

    def __init__(self) -> None:
        self.report: Any = None
        self._outer: Any = None
        self._settings: Any = None
        self._blocker: Any = None

    def acquire(self, blocker: Any, private_root: Any) -> Any:
        if self.report is None:
            from django.core.cache import cache
            from django.test import override_settings

            from greenledger.web.members.demo import demo_load

            cache.clear()
            self._blocker = blocker
            self._settings = override_settings(PRIVATE_MEDIA_ROOT=private_root)
            self._settings.enable()
            with blocker.unblock():
                self._outer = transaction.atomic()
                self._outer.__enter__()
                try:
                    self.report = demo_load()
                except BaseException:
                    self.release()
                    raise
        return self.report

    def release(self) -> None:
        if self._outer is None:
            return
        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._outer.__exit__(None, None, None)
        self._settings.disable()
        self.report = self._outer = self._settings = None


SHARED_DEMO_DISTRICT = SharedDemoDistrict()


@pytest.fixture(scope="module")
def demo_district(
    request: pytest.FixtureRequest,
    django_db_setup: Any,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Any:
    """The demo district's load report, shared by the demo modules (``SharedDemoDistrict``);
    their tests use the plain ``db`` fixture, and whatever a test writes rolls back."""
    from tests.conftest import DEMO_DISTRICT_MODULES

    module = request.node.nodeid.split("::", 1)[0]
    assert module in DEMO_DISTRICT_MODULES, (
        f"{module} uses the shared demo district: add it to tests/conftest.py"
    )
    private = tmp_path_factory.mktemp("demo-district") / "private"
    return SHARED_DEMO_DISTRICT.acquire(django_db_blocker, private)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    result = yield
    if SHARED_DEMO_DISTRICT.report is not None and (
        nextitem is None or "demo_district" not in getattr(nextitem, "fixturenames", ())
    ):
        SHARED_DEMO_DISTRICT.release()
    return result
