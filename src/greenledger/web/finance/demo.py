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

- The secretariat sets screening values for thresholds the catalogues do not publish (the
  green catalogue's minimum energy saving for 节能降碳产业, the transition catalogue's entry and
  advanced carbon intensity for chemicals), each with a source note saying they are the demo's
  fictional values, not the catalogues'; the enterprise uploads a (fictional) energy audit
  report to the green project, so its energy-saving criterion has the evidence it asks for.
  The bank's loans name the projects they finance, so the transition loan is tracked.

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
# Screening values (catalogue, threshold path, value): the demo's fictional choices, not the
# catalogues' published values (which the platform does not hold), said so in the source note.
SETTINGS = (
    ("green_finance_2025", "categories.1.energy_saving.threshold", 50.0),
    ("shanghai_transition_2024", "categories.C26.carbon_intensity.threshold", 2.0),
    ("shanghai_transition_2024", "categories.C26.carbon_intensity.advanced", 1.6),
)
SETTING_NOTE = "演示数据：虚构的筛选值，并非目录公布值，仅用于演示平台功能"
AUDIT_TITLE = "电机系统与冷站节能审计报告（演示，虚构）"
AUDIT_ISSUER = "东江示范节能服务有限公司（虚构）"

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
    names = ("manager", "analyst", "secretariat")
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    manager, analyst = users.get("manager"), users.get("analyst")
    if manager is None or analyst is None or analyst.organisation is None:
        return
    if "secretariat" in users:
        _settings(report, users["secretariat"])
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
    _audit_report(report, manager, green)  # runs the green project's pre-check
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


def _settings(report: Any, secretariat: User) -> None:
    from greenledger.web.finance.models import CatalogueSetting

    for catalogue, path, value in SETTINGS:
        if CatalogueSetting.objects.filter(catalogue=catalogue, path=path).exists():
            continue
        from greenledger.web.finance.services.settings import catalogue_setting_set

        catalogue_setting_set(
            actor=secretariat, catalogue=catalogue, path=path, value=value,
            source_note=SETTING_NOTE,
        )  # fmt: skip
        report.count("screening values")


def demo_pdf(title: str) -> bytes:
    """A one-page PDF saying it is a fictional demo document (ASCII text, built by hand)."""
    text = f"GreenLedger demo: fictional document ({title})".encode("ascii", "replace")
    text = text.replace(b"\\", b"").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _audit_report(report: Any, manager: User, project: Project) -> None:
    from greenledger.web.finance.models import EvidenceKind, ProjectEvidence

    if ProjectEvidence.objects.filter(project=project, kind=EvidenceKind.ENERGY_AUDIT).exists():
        return
    import io

    from greenledger.web.finance.services.evidence import project_evidence_add

    project_evidence_add(
        actor=manager, project=project, kind=EvidenceKind.ENERGY_AUDIT, title=AUDIT_TITLE,
        issued_by=AUDIT_ISSUER, issued_on=timezone.localdate() - dt.timedelta(days=30),
        upload=io.BytesIO(demo_pdf("energy audit report")), filename="energy-audit-demo.pdf",
    )  # fmt: skip
    report.count("project evidence")


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
                   "use_of_proceeds": green.name, "project": green.pk},
        "TL-002": {"use_of_proceeds": transition.name, "project": transition.pk},
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
