"""The demo district's finance story (called from ``members.demo.demo_load`` after planning).

- The demo manager's enterprise turns measures of its committed plan (planning/demo.py) into
  two financing projects: a green one (variable-speed pumps and fans and a chiller-plant
  optimisation, claimed under 节能降碳产业 of the 2025 green finance catalogue) and a transition
  one (a condensing economiser and an electrode boiler with heat storage on its steam supply;
  the enterprise's industry, synthetic materials C2653, falls under the Shanghai transition
  catalogue's chemicals). Both get the eligibility pre-check against every catalogue; the green
  one is listed in the green project pool.
- The demo bank (the ``analyst`` persona's institution) holds two consents of the enterprise,
  both valid through the end of next year: due diligence of the green project (its projects and
  verified inventories) and portfolio carbon accounting (verified inventories). Its analyst
  expresses interest in the listed project, and the enterprise accepts it.
- The bank keeps a 2025 and a 2026 portfolio: a green loan and a transition loan to the member
  enterprise (its verified inventory gives the emissions, PCAF score 1), a listed share, a
  corporate bond, a solar project financing, a commercial building and a mortgage (outside
  borrowers with reported emissions or energy data). 2026 is the same book a year on (loans
  amortised, new reported figures), so the pages show the year-on-year change.

The outside borrowers, their amounts and their emissions are the demo's own figures (fictional,
labelled so in their names); the member's emissions are its verified inventory's. Everything
goes through the finance services, as a user's clicks would (audit entries and access-log rows
included). Idempotent: each record is looked up by its natural key first, so a second load
writes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from greenledger.web.accounts.models import DataSharing, SharingPurpose, User
from greenledger.web.finance.models import EligibilityCheck, Interest, Position, Project
from greenledger.web.members.models import Organisation
from greenledger.web.planning import demo as planning_demo
from greenledger.web.planning.models import Plan

GREEN_NAME = "电机系统与冷站节能改造（演示）"
GREEN_MEASURES = ("vsd_pumps_fans", "chiller_plant_optimisation")
GREEN_CATEGORIES = {"green_finance_2025": "1"}
TRANSITION_NAME = "蒸汽系统低碳转型（演示）"
TRANSITION_MEASURES = ("boiler_condensing_economiser", "electrode_boiler_with_storage")
TRANSITION_CATEGORIES = {"shanghai_transition_2024": "C26"}
TIMELINE = ({"year": 2026, "milestone": "设备采购"}, {"year": 2027, "milestone": "投运验收"})
INTEREST_MESSAGE = "我行拟为该项目提供绿色贷款，请提供节能量测算依据。"
DECISION_NOTE = "同意，已授权尽职调查所需数据。"
YEARS = (2025, 2026)

# The bank's book: (position, borrower or None for the member enterprise, asset class, fields
# by year). Outside borrowers and their figures are fictional (the demo's own choice).
_MEMBER = None
BOOK: tuple[tuple[str, str | None, str, dict[int, dict[str, Any]]], ...] = (
    (
        "GL-001", _MEMBER, "business_loan",
        {
            2025: {"outstanding_yuan": 30_000_000, "equity_yuan": 120_000_000,
                   "debt_yuan": 60_000_000, "revenue_yuan": 420_000_000},
            2026: {"outstanding_yuan": 25_000_000, "equity_yuan": 130_000_000,
                   "debt_yuan": 55_000_000, "revenue_yuan": 440_000_000},
        },
    ),
    (
        "TL-002", _MEMBER, "business_loan",
        {
            2025: {"outstanding_yuan": 12_000_000, "equity_yuan": 120_000_000,
                   "debt_yuan": 60_000_000, "revenue_yuan": 420_000_000},
            2026: {"outstanding_yuan": 10_000_000, "equity_yuan": 130_000_000,
                   "debt_yuan": 55_000_000, "revenue_yuan": 440_000_000},
        },
    ),
    (
        "EQ-003", "东海示范化工股份有限公司（虚构）", "listed_equity",
        {
            2025: {"outstanding_yuan": 8_000_000, "evic_yuan": 2_000_000_000,
                   "revenue_yuan": 1_500_000_000, "emissions_tco2e": 320_000,
                   "emissions_basis": "reported", "sector": "C26"},
            2026: {"outstanding_yuan": 8_000_000, "evic_yuan": 2_400_000_000,
                   "revenue_yuan": 1_600_000_000, "emissions_tco2e": 300_000,
                   "emissions_basis": "reported", "sector": "C26"},
        },
    ),
    (
        "BD-004", "东海示范能源集团（虚构）", "corporate_bond",
        {
            2025: {"outstanding_yuan": 20_000_000, "evic_yuan": 5_000_000_000,
                   "revenue_yuan": 3_000_000_000, "emissions_tco2e": 850_000,
                   "emissions_basis": "reported", "sector": "D44"},
            2026: {"outstanding_yuan": 20_000_000, "evic_yuan": 5_000_000_000,
                   "revenue_yuan": 3_100_000_000, "emissions_tco2e": 810_000,
                   "emissions_basis": "reported", "sector": "D44"},
        },
    ),
    (
        "PF-005", "东江屋顶光伏项目公司（虚构）", "project_finance",
        {
            2025: {"outstanding_yuan": 45_000_000, "equity_yuan": 30_000_000,
                   "debt_yuan": 70_000_000, "revenue_yuan": 12_000_000,
                   "emissions_tco2e": 200, "emissions_basis": "reported", "sector": "D44",
                   "catalogue_code": "4", "carbon_effect": "direct",
                   "use_of_proceeds": "屋顶分布式光伏电站"},
            2026: {"outstanding_yuan": 40_000_000, "equity_yuan": 30_000_000,
                   "debt_yuan": 65_000_000, "revenue_yuan": 13_000_000,
                   "emissions_tco2e": 190, "emissions_basis": "reported", "sector": "D44",
                   "catalogue_code": "4", "carbon_effect": "direct",
                   "use_of_proceeds": "屋顶分布式光伏电站"},
        },
    ),
    (
        "RE-006", "东江示范商务楼宇（虚构）", "commercial_real_estate",
        {
            2025: {"outstanding_yuan": 60_000_000, "property_value_yuan": 150_000_000,
                   "emissions_tco2e": 1_800, "emissions_basis": "energy",
                   "sector": "real_estate"},
            2026: {"outstanding_yuan": 56_000_000, "property_value_yuan": 150_000_000,
                   "emissions_tco2e": 1_650, "emissions_basis": "energy",
                   "sector": "real_estate"},
        },
    ),
    (
        "MG-007", "个人住房按揭（虚构）", "mortgage",
        {
            2025: {"outstanding_yuan": 1_200_000, "property_value_yuan": 3_000_000,
                   "emissions_tco2e": 6, "emissions_basis": "energy", "sector": "real_estate"},
            2026: {"outstanding_yuan": 1_100_000, "property_value_yuan": 3_000_000,
                   "emissions_tco2e": 6, "emissions_basis": "energy", "sector": "real_estate"},
        },
    ),
)  # fmt: skip


def load(*, report: Any) -> None:
    """Load (or complete) the finance story; the planning story must be loaded first."""
    users = {u.username: u for u in User.objects.filter(username__in=("manager", "analyst"))}
    manager, analyst = users.get("manager"), users.get("analyst")
    if manager is None or analyst is None or analyst.organisation is None:
        return
    plan = Plan.objects.filter(
        organisation=manager.organisation, name=planning_demo.PLAN_NAME
    ).first()
    if plan is None:
        return
    green = _project(report, manager, plan, GREEN_NAME, "green", GREEN_MEASURES, GREEN_CATEGORIES)
    transition = _project(
        report, manager, plan, TRANSITION_NAME, "transition", TRANSITION_MEASURES,
        TRANSITION_CATEGORIES,
    )  # fmt: skip
    for project in (green, transition):
        _checked(report, manager, project)
    _listed(report, manager, green)
    _consents(report, manager, analyst.organisation, green)
    _interest(report, manager, analyst, green)
    for year in YEARS:
        _book(report, analyst, manager.organisation, year, green, transition)


def valid_until() -> dt.date:
    """The consents' last day: the end of next year."""
    return dt.date(timezone.localdate().year + 1, 12, 31)


def _project(
    report: Any,
    manager: User,
    plan: Plan,
    name: str,
    kind: str,
    measures: tuple[str, ...],
    categories: dict[str, str],
) -> Project:
    found = Project.objects.filter(organisation=manager.organisation, name=name).first()
    if found is not None:
        return found
    from greenledger.web.finance.services import projects as services
    from greenledger.web.members.models import Site, SiteKind

    site = (
        Site.objects.filter(organisation=manager.organisation, kind=SiteKind.FACTORY)
        .order_by("pk")
        .first()
    )
    project = services.project_create(
        actor=manager, organisation=manager.organisation, plan=plan, measure_ids=list(measures),
        name=name, kind=kind, site=site, timeline=TIMELINE, categories=categories,
    )  # fmt: skip
    report.count("financing projects")
    return project


def _checked(report: Any, manager: User, project: Project) -> None:
    if EligibilityCheck.objects.filter(project=project).exists():
        return
    from greenledger.web.finance.services.eligibility import eligibility_run

    eligibility_run(actor=manager, project=project)
    report.count("eligibility pre-checks")


def _listed(report: Any, manager: User, project: Project) -> None:
    if project.listed:
        return
    from greenledger.web.finance.services.pool import project_list

    project_list(actor=manager, project=project)
    project.refresh_from_db()
    report.count("projects listed in the pool")


def _consents(report: Any, manager: User, bank: Organisation, project: Project) -> None:
    from greenledger.web.finance.services.consent import consent_grant

    wanted = (
        (SharingPurpose.DUE_DILIGENCE, ("projects", "inventories"), project.pk),
        (SharingPurpose.PORTFOLIO, ("inventories",), None),
    )
    for purpose, data, project_id in wanted:
        if DataSharing.objects.filter(
            organisation=manager.organisation, institution=bank, purpose=purpose,
            project_ref=project_id, revoked_at__isnull=True,
        ).exists():  # fmt: skip
            continue
        consent_grant(
            actor=manager, organisation=manager.organisation, institution_id=bank.pk,
            purpose=purpose, data=data, expires_on=valid_until(), project_id=project_id,
        )  # fmt: skip
        report.count("consents")


def _interest(report: Any, manager: User, analyst: User, project: Project) -> None:
    if Interest.objects.filter(project=project, institution=analyst.organisation).exists():
        return
    from greenledger.web.finance.services.pool import interest_decide, interest_express

    interest = interest_express(actor=analyst, project=project, message=INTEREST_MESSAGE)
    interest_decide(actor=manager, interest=interest, accept=True, note=DECISION_NOTE)
    report.count("interests")


def _book(
    report: Any,
    analyst: User,
    member: Organisation,
    year: int,
    green: Project,
    transition: Project,
) -> None:
    bank = analyst.organisation
    assert bank is not None
    if Position.objects.filter(institution=bank, year=year).exists():
        return
    from greenledger.web.finance.services.portfolio import position_save

    member_rows = {
        "GL-001": {"catalogue_code": "1", "carbon_effect": "direct",
                   "use_of_proceeds": green.name},
        "TL-002": {"use_of_proceeds": transition.name},
    }  # fmt: skip
    for position, borrower, asset_class, by_year in BOOK:
        fields: dict[str, Any] = {"position": position, "asset_class": asset_class}
        if borrower is _MEMBER:
            # the member's verified inventory replaces the emissions (basis verified)
            fields |= {
                "borrower": member.name_zh, "borrower_code": member.credit_code,
                "emissions_basis": "reported", "sector": member.industry_code,
                **member_rows[position],
            }  # fmt: skip
        else:
            fields["borrower"] = borrower
        fields |= by_year[year]
        position_save(actor=analyst, institution=bank, year=year, **fields)
        report.count("portfolio positions")
