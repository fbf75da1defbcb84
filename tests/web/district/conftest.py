"""A small district with verified inventories 2020-2022, built through the real reporting
services (CSV import, submit, assign evaluator, verify: the verify hook writes the facts).

The district (``DistrictData``) extends the personas' world (``tests.web.conftest``): two
industrial parks owned by a park developer, five member enterprises with a factory or data
centre, each reporting coal, purchased electricity and output value once a year:

================  ========  =====  ===========================================================
enterprise        code      park   2020 / 2021 / 2022: coal t, electricity 10^4 kWh, output
================  ========  =====  ===========================================================
e1 东一水泥       C3011     east   15000/14000/13000 t, 100/110/120, 10000/11000/12000
e2 东二化工       C2614     east   300/300/200 t, 50/60/70, 4000/4500/5000
e3 西三电子       C3825     west   no coal, 80/90/100, 8000/9000/10000
e4 西四建材       C3021     west   500/-/400 t, 20/-/20, 3000/-/3000 (did not report 2021)
e5 南五数据       I6531     none   no coal, 200/220/240, 1000/1100/1200 (a data centre)
================  ========  =====  ===========================================================

The personas' company A and B are members too (they report nothing here: coverage counts them
as missing). Hand figures: raw coal 0.7143 tce/t and 1.9144640188 tCO2e/t (CO2 1.90029885 +
CH4 and N2O, AR5), purchased electricity 1.229 tce per 10^4 kWh and 10 MWh x the national
grid factor (2021 factor 0.5568 for 2020 and 2021, 0.5366 for 2022; 2020 has none of its own).

Two ways to get it: ``district`` (built once per test module and rolled back after each test,
see ``tests.web.conftest.kept_for_the_module``; do not combine with the ``world`` fixture: the
district holds its own world as ``district.world``) and ``build_district(world, tmp)`` for a
test that wants its own.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role, User
from greenledger.web.members import services as members
from greenledger.web.members.models import Organisation, Site, SiteKind
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import Submission
from tests.web.conftest import World, build_world, kept_for_the_module, organisation_values

YEARS = (2020, 2021, 2022)
COAL_TCE_PER_T = 0.7143
COAL_CO2E_PER_T = 1.9144640188
ELECTRICITY_TCE_PER_WAN_KWH = 1.229
GRID_T_PER_MWH = {2020: 0.5568, 2021: 0.5568, 2022: 0.5366}

# key: (name_zh, name_en, industry code, park key or None, site kind, {year: (coal t, 10^4 kWh,
# output 10^4 yuan)})
ENTERPRISES: dict[str, tuple[str, str, str, str | None, str, dict[int, tuple[float, float, float]]]]
ENTERPRISES = {
    "e1": ("东一水泥有限公司", "East One Cement", "C3011", "east", SiteKind.FACTORY,
           {2020: (15000, 100, 10000), 2021: (14000, 110, 11000), 2022: (13000, 120, 12000)}),
    "e2": ("东二化工有限公司", "East Two Chemicals", "C2614", "east", SiteKind.FACTORY,
           {2020: (300, 50, 4000), 2021: (300, 60, 4500), 2022: (200, 70, 5000)}),
    "e3": ("西三电子有限公司", "West Three Electronics", "C3825", "west", SiteKind.FACTORY,
           {2020: (0, 80, 8000), 2021: (0, 90, 9000), 2022: (0, 100, 10000)}),
    "e4": ("西四建材有限公司", "West Four Materials", "C3021", "west", SiteKind.FACTORY,
           {2020: (500, 20, 3000), 2022: (400, 20, 3000)}),
    "e5": ("南五数据有限公司", "South Five Data", "I6531", None, SiteKind.DATA_CENTRE,
           {2020: (0, 200, 1000), 2021: (0, 220, 1100), 2022: (0, 240, 1200)}),
}  # fmt: skip


def energy_tce(coal_t: float, electricity_wan_kwh: float) -> float:
    return coal_t * COAL_TCE_PER_T + electricity_wan_kwh * ELECTRICITY_TCE_PER_WAN_KWH


def gbt32150_t(coal_t: float, electricity_wan_kwh: float, year: int) -> float:
    return coal_t * COAL_CO2E_PER_T + electricity_wan_kwh * 10 * GRID_T_PER_MWH[year]


@dataclass
class DistrictData:
    world: World
    parks: dict[str, Site]
    enterprises: dict[str, Organisation]
    sites: dict[str, Site]
    managers: dict[str, User]
    submissions: dict[tuple[str, int], Submission] = field(default_factory=dict)
    tmp: Path = Path()

    @property
    def evaluator(self) -> User:
        return self.world.users["evaluator"]

    @property
    def secretariat(self) -> User:
        return self.world.users["secretariat"]


def annual_rows(
    name: str, site: str, year: int, coal_t: float, electricity: float, output: float
) -> str:
    rows = ["enterprise,site,period,activity,quantity,unit"]
    period = f"{year}-12"
    if coal_t:
        rows.append(f"{name},{site},{period},原煤,{coal_t},t")
    rows.append(f"{name},{site},{period},外购电力,{electricity},万kWh")
    rows.append(f"{name},{site},{period},output_value,{output},万元")
    return "\n".join(rows) + "\n"


def report(
    data: DistrictData, key: str, year: int, values: tuple[float, float, float]
) -> Submission:
    """Import one enterprise-year's lines as a draft and submit it (not verified)."""
    organisation, manager, site = data.enterprises[key], data.managers[key], data.sites[key]
    submission = reporting.submission_create_draft(
        actor=manager, organisation=organisation, year=year
    )
    path = data.tmp / f"{key}-{year}.csv"
    path.write_text(
        annual_rows(organisation.name_zh, site.name_zh, year, *values), encoding="utf-8"
    )
    job = reporting.import_job_create(
        actor=manager, submission=submission, upload=path, filename=path.name
    )
    outcome = reporting.import_job_run(job.pk)
    job.refresh_from_db()
    assert outcome == "succeeded", job.problems
    reporting.submission_submit(actor=manager, submission=submission)
    reporting.submission_assign_evaluator(
        actor=data.secretariat, submission=submission, evaluator=data.evaluator
    )
    submission.refresh_from_db()
    data.submissions[key, year] = submission
    return submission


def verify(data: DistrictData, submission: Submission) -> Submission:
    verified = reporting.submission_verify(actor=data.evaluator, submission=submission)
    verified.refresh_from_db()
    return verified


def build_district(world: World, tmp: Path, *, verified: bool = True) -> DistrictData:
    """The district of the module docstring; every enterprise-year verified unless
    ``verified`` is False (then submitted and under verification only)."""
    tmp.mkdir(parents=True, exist_ok=True)
    developer = members.organisation_create(
        actor=None,
        **organisation_values(
            90, name_zh="东江园区开发公司", name_en="Dongjiang Park Developer",
            kind="social_organisation", industry_code="",
        ),
    )  # fmt: skip
    parks = {
        key: members.site_create(
            actor=None, organisation=developer, kind=SiteKind.PARK, name_zh=zh, name_en=en
        )
        for key, zh, en in (("east", "东园", "East Park"), ("west", "西园", "West Park"))
    }
    data = DistrictData(world, parks, {}, {}, {}, tmp=tmp)
    for number, (key, (zh, en, code, park, kind, _years)) in enumerate(ENTERPRISES.items(), 91):
        organisation = members.organisation_create(
            actor=None,
            **organisation_values(number, name_zh=zh, name_en=en, industry_code=code),
        )
        members.membership_create(
            actor=None, organisation=organisation, joined_on=dt.date(2019, 1, 1)
        )
        extra: dict[str, Any] = {"parent_park": parks[park]} if park else {}
        if kind == SiteKind.DATA_CENTRE:
            extra["it_load_kw"] = Decimal("800")
        data.sites[key] = members.site_create(
            actor=None, organisation=organisation, kind=kind, name_zh=f"{zh[:4]}厂区", **extra
        )
        data.enterprises[key] = organisation
        data.managers[key] = account_services.user_create(
            actor=None,
            username=f"manager-{key}",
            password="district-password-2025",
            role=Role.ENTERPRISE_MANAGER,
            organisation=organisation,
        )
        account_services.assignment_create(
            actor=None, evaluator=data.evaluator, organisation=organisation
        )
    for key, (*_rest, years) in ENTERPRISES.items():
        for year, values in years.items():
            submission = report(data, key, year, values)
            if verified:
                data.submissions[key, year] = verify(data, submission)
    return data


def district_settings(tmp: Path) -> Any:
    return override_settings(
        PRIVATE_MEDIA_ROOT=tmp / "private",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )


@pytest.fixture(scope="module")
def kept_district(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DistrictData]:
    tmp = tmp_path_factory.mktemp("district")
    with (
        district_settings(tmp),
        kept_for_the_module(django_db_blocker, lambda: build_district(build_world(), tmp)) as data,
    ):
        yield data


@pytest.fixture
def district(kept_district: DistrictData, db: None, tmp_path: Path) -> DistrictData:
    """The verified district; each test's writes roll back with its savepoint, and it gets its
    own copies of the model instances (changing one does not leak into the next test)."""
    copied = copy.deepcopy(kept_district)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied
