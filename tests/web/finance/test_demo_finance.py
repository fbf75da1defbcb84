"""The demo district's finance story (finance/demo.py): the demo enterprise's green and
transition projects from its committed plan, their pre-checks, the green one in the pool, the
bank's two consents (due diligence, portfolio accounting) and its accepted interest, and the
bank's 2025 and 2026 books.

The figures are checked against what they come from: each project's against the planning
engine on the plan (``measure_figures``), the member's positions against its verified
inventory, the outside positions' attribution factors and financed emissions by hand. The demo
is loaded once for the module (``tests.web.conftest.demo_district``, shared by the demo modules).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greenledger.web.accounts.models import DataAccess, DataSharing, SharingPurpose, User
from greenledger.web.finance import demo
from greenledger.web.finance.models import (
    CatalogueSetting,
    EligibilityCheck,
    Interest,
    InterestStatus,
    Position,
    Project,
    ProjectEvidence,
    ProjectStatus,
)
from greenledger.web.finance.services.consent import expiry_of
from greenledger.web.finance.services.projects import measure_figures
from greenledger.web.planning import demo as planning_demo
from greenledger.web.planning.models import Plan
from greenledger.web.reporting.models import InventoryResult, Submission, SubmissionStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CATALOGUES = {"green_finance_2025", "green_bond_2021", "shanghai_transition_2024"}
# attribution factors of the outside borrowers' positions, by hand from demo.BOOK:
# outstanding / EVIC (listed equity, bond), / (equity + debt) (project finance),
# / property value (commercial real estate, mortgage)
OUTSIDE = {
    2025: {
        "EQ-003": (8 / 2_000, 320_000),
        "BD-004": (20 / 5_000, 850_000),
        "PF-005": (45 / (30 + 70), 200),
        "RE-006": (60 / 150, 1_800),
        "MG-007": (1.2 / 3, 6),
    },
    2026: {
        "EQ-003": (8 / 2_400, 300_000),
        "BD-004": (20 / 5_000, 810_000),
        "PF-005": (40 / (30 + 65), 190),
        "RE-006": (56 / 150, 1_650),
        "MG-007": (1.1 / 3, 6),
    },
}
# the member's loans: outstanding / (equity + debt), in million yuan
MEMBER = {
    2025: {"GL-001": 30 / (120 + 60), "TL-002": 12 / (120 + 60)},
    2026: {"GL-001": 25 / (130 + 55), "TL-002": 10 / (130 + 55)},
}


@pytest.fixture
def loaded(demo_district: Any, db: None) -> None:
    """Each test starts from the loaded district; its writes roll back with its savepoint."""


def user(username: str) -> User:
    return User.objects.get(username=username)


def projects() -> tuple[Project, Project]:
    own = user("manager").organisation
    return (
        Project.objects.get(organisation=own, name=demo.GREEN_NAME),
        Project.objects.get(organisation=own, name=demo.TRANSITION_NAME),
    )


def verified_total() -> float:
    own = user("manager").organisation
    submission = Submission.objects.get(organisation=own, year=2025)
    assert submission.status == SubmissionStatus.VERIFIED
    inventory = InventoryResult.objects.filter(version__submission=submission).latest("pk")
    return float(inventory.enterprise_totals["gbt32150_co2e_t"])


def test_the_enterprise_makes_a_green_and_a_transition_project_from_its_plan(
    loaded: None,
) -> None:
    manager = user("manager")
    plan = Plan.objects.get(organisation=manager.organisation, name=planning_demo.PLAN_NAME)
    green, transition = projects()
    for project, kind, measures, categories in (
        (green, "green", demo.GREEN_MEASURES, demo.GREEN_CATEGORIES),
        (transition, "transition", demo.TRANSITION_MEASURES, demo.TRANSITION_CATEGORIES),
    ):
        assert (project.kind, project.plan_id, project.measure_ids) == (
            kind,
            plan.pk,
            list(measures),
        )
        assert project.categories == categories
        figures = measure_figures(plan, measures)
        assert project.capex_yuan == pytest.approx(figures["capex_yuan"])
        assert project.energy_saving_tce == pytest.approx(figures["energy_saving_tce"])
        assert project.abatement_t == pytest.approx(figures["abatement_t"])
        assert project.cost_per_t == pytest.approx(figures["cost_per_t"])
        assert project.abatement_t > 0 and project.capex_yuan > 0
        # the capex is the measures' own (the plan's catalogue sizing)
        by_id = {m.measure_id: m for m in plan.measures.all()}
        assert project.capex_yuan == pytest.approx(sum(by_id[m].capex_yuan for m in measures))
        # one pre-check per catalogue, with the verified inventory behind the figures
        checks = EligibilityCheck.objects.filter(project=project)
        assert {c.catalogue for c in checks} == CATALOGUES
        assert all(c.created_by == manager for c in checks)
        assert project.provenance["submission"] == plan.submission_id
    # the enterprise (synthetic materials, C2653) falls under the transition catalogue's C26
    transition_check = transition.checks.get(catalogue="shanghai_transition_2024")
    assert transition_check.category == "C26"
    assert green.checks.get(catalogue="green_finance_2025").category == "1"
    # the green project is in the pool, the transition one is not
    assert (green.listed, green.status) == (True, ProjectStatus.LISTED)
    assert (transition.listed, transition.status) == (False, ProjectStatus.DRAFT)


def test_screening_values_and_an_audit_report_make_the_green_project_eligible(
    loaded: None,
) -> None:
    secretariat = user("secretariat")
    rows = CatalogueSetting.objects.all()
    assert {(r.catalogue, r.path, r.value) for r in rows} == set(demo.SETTINGS)
    assert all((r.set_by, r.source_note) == (secretariat, demo.SETTING_NOTE) for r in rows)
    assert "虚构" in demo.SETTING_NOTE  # the note says the values are the demo's, not published
    green, transition = projects()
    evidence = ProjectEvidence.objects.get(project=green)
    assert (evidence.kind, evidence.title, evidence.content_type) == (
        "energy_audit", demo.AUDIT_TITLE, "application/pdf",
    )  # fmt: skip
    stored = Path(evidence.path).read_bytes()
    assert stored.startswith(b"%PDF-") and hashlib.sha256(stored).hexdigest() == evidence.sha256
    # the green catalogue's energy-saving criterion: the project's saving (the planning engine's)
    # against the 50 tce/yr screening value, with the energy audit it asks for
    check = green.checks.get(catalogue="green_finance_2025")
    (criterion,) = check.result["criteria"]
    assert criterion["metric"] == "energy_saving_tce_per_year"
    assert criterion["value"] == pytest.approx(green.energy_saving_tce)
    assert criterion["threshold"] == 50.0
    assert green.energy_saving_tce > 50.0 * 1.05  # beyond the 5 % borderline margin
    assert (criterion["outcome"], criterion["evidence_missing"]) == ("met", [])
    assert check.status == "eligible"
    # the transition check has the entry and advanced values, but no KPI from the enterprise
    kpi = transition.checks.get(catalogue="shanghai_transition_2024").result["criteria"][0]
    assert (kpi["threshold"], kpi["advanced"], kpi["value"]) == (2.0, 1.6, None)


def test_the_bank_holds_two_consents_until_the_end_of_next_year_and_an_accepted_interest(
    loaded: None,
) -> None:
    manager, analyst = user("manager"), user("analyst")
    green, _transition = projects()
    grants = DataSharing.objects.filter(
        organisation=manager.organisation, institution=analyst.organisation
    ).exclude(purpose=SharingPurpose.GENERAL)
    by_purpose = {g.purpose: g for g in grants}
    assert set(by_purpose) == {SharingPurpose.DUE_DILIGENCE, SharingPurpose.PORTFOLIO}
    diligence = by_purpose[SharingPurpose.DUE_DILIGENCE]
    assert diligence.project_ref == green.pk
    assert (diligence.projects, diligence.inventories, diligence.plans, diligence.meters) == (
        True, True, False, False,
    )  # fmt: skip
    portfolio = by_purpose[SharingPurpose.PORTFOLIO]
    assert (portfolio.inventories, portfolio.projects, portfolio.project_ref) == (True, False, None)
    for grant in grants:
        assert grant.revoked_at is None
        assert grant.expires_at == expiry_of(demo.valid_until())
        # in force through 31 December of next year, ending at the midnight that follows
        ends = timezone.localtime(grant.expires_at)
        assert (ends.date(), ends.time()) == (demo.valid_until() + dt.timedelta(days=1), dt.time())
        assert demo.valid_until() == dt.date(timezone.localdate().year + 1, 12, 31)
    interest = Interest.objects.get(project=green, institution=analyst.organisation)
    assert (interest.status, interest.expressed_by, interest.decided_by) == (
        InterestStatus.ACCEPTED, analyst, manager,
    )  # fmt: skip
    assert interest.message == demo.INTEREST_MESSAGE


@pytest.mark.parametrize("year", demo.YEARS)
def test_the_banks_book_of_the_year_has_the_pcaf_figures(loaded: None, year: int) -> None:
    analyst = user("analyst")
    positions = {
        p.position: p for p in Position.objects.filter(institution=analyst.organisation, year=year)
    }
    assert set(positions) == {row[0] for row in demo.BOOK}
    assert {p.asset_class for p in positions.values()} == {
        "business_loan", "listed_equity", "corporate_bond", "project_finance",
        "commercial_real_estate", "mortgage",
    }  # fmt: skip
    emissions = verified_total()
    for name, factor in MEMBER[year].items():
        position = positions[name]
        assert position.borrower == user("manager").organisation
        assert (position.emissions_basis, position.data_quality_score) == ("verified", 1)
        assert position.emissions_tco2e == pytest.approx(emissions)
        assert position.attribution_factor == pytest.approx(factor)
        assert position.financed_tco2e == pytest.approx(factor * emissions)
    for name, (factor, borrower_t) in OUTSIDE[year].items():
        position = positions[name]
        assert position.borrower is None
        assert position.attribution_factor == pytest.approx(factor), name
        assert position.financed_tco2e == pytest.approx(factor * borrower_t), name
        assert position.data_quality_score == 2, name  # reported, or primary energy data
    assert (positions["GL-001"].catalogue_code, positions["GL-001"].carbon_effect) == (
        "1",
        "direct",
    )
    assert positions["PF-005"].catalogue_code == "4"
    green, transition = projects()
    assert (positions["GL-001"].project, positions["TL-002"].project) == (green, transition)
    # the member's verified inventory was read through a grant, and logged for the enterprise
    reads = DataAccess.objects.filter(
        user=analyst, organisation=user("manager").organisation, scope="inventories"
    )
    assert reads.filter(path__startswith="position ").count() >= 2 * len(demo.YEARS)


def _num(value: float, places: int) -> str:
    return f"{value:,.{places}f}"


def _shown(name: str) -> list[str]:
    """What each finance page must show of the demo."""
    green, transition = projects()
    analyst = user("analyst")
    if name == "finance:projects":
        return [green.name, transition.name]
    if name in ("finance:project", "finance:pool"):
        return [green.name, _num(green.capex_yuan, 0)]
    if name == "finance:project_transition":
        return [transition.name]
    if name == "finance:grants_enterprise":
        return [analyst.organisation.name_zh]
    if name == "finance:grants":
        return [user("manager").organisation.name_zh]
    if name == "finance:interests":
        return [green.name, analyst.organisation.name_zh]
    if name == "finance:settings":
        return [demo.SETTING_NOTE, "categories.C26.carbon_intensity.advanced"]
    if name == "finance:evidence":
        return [demo.AUDIT_TITLE, demo.AUDIT_ISSUER]
    if name == "finance:portfolio_transition":
        return [transition.name, "TL-002"]
    if name == "finance:portfolio":
        total = sum(
            p.financed_tco2e
            for p in Position.objects.filter(institution=analyst.organisation, year=2026)
        )
        return [_num(total, 1), "GL-001", "MG-007"]
    return []


@pytest.mark.parametrize(
    ("username", "name", "url"),
    [
        ("manager", "finance:projects", lambda: reverse("finance:projects")),
        ("manager", "finance:project", lambda: reverse("finance:project", args=[projects()[0].pk])),
        (
            "manager", "finance:project_transition",
            lambda: reverse("finance:project", args=[projects()[1].pk]),
        ),
        ("manager", "finance:grants_enterprise", lambda: reverse("finance:grants")),
        ("manager", "finance:accesses", lambda: reverse("finance:accesses")),
        ("manager", "finance:interests", lambda: reverse("finance:interests")),
        ("analyst", "finance:pool", lambda: reverse("finance:pool")),
        ("analyst", "finance:project", lambda: reverse("finance:project", args=[projects()[0].pk])),
        ("analyst", "finance:grants", lambda: reverse("finance:grants")),
        ("analyst", "finance:portfolio", lambda: reverse("finance:portfolio") + "?year=2026"),
        (
            "analyst", "finance:portfolio_transition",
            lambda: reverse("finance:portfolio_transition"),
        ),
        (
            "analyst", "finance:report",
            lambda: reverse("finance:portfolio_report_xlsx", args=[2026]),
        ),
        ("secretariat", "finance:settings", lambda: reverse("finance:settings")),
        (
            "manager", "finance:evidence",
            lambda: reverse("finance:evidence", args=[projects()[0].pk]),
        ),
    ],
)  # fmt: skip
def test_the_demo_accounts_see_the_story_on_the_finance_pages(
    loaded: None, username: str, name: str, url: Any
) -> None:
    client = Client()
    client.force_login(user(username))
    response = client.get(url(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    if name == "finance:report":  # the workbook, with the year's positions in it
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        cells = {str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True)
                 for v in row if v is not None}  # fmt: skip
        assert {row[0] for row in demo.BOOK} <= cells
        return
    text = response.content.decode()
    for expected in _shown(name):
        assert expected in text, (name, expected)


def test_the_analysts_read_of_the_project_is_logged_under_the_due_diligence_grant(
    loaded: None,
) -> None:
    green, _transition = projects()
    analyst = user("analyst")
    client = Client()
    client.force_login(analyst)
    # the listed project opens from the pool without a logged read; unlisted, the grant is used
    green.listed, green.status = False, ProjectStatus.DRAFT
    green.save(update_fields=["listed", "status"])
    assert client.get(reverse("finance:project", args=[green.pk])).status_code == 200
    read = DataAccess.objects.filter(user=analyst, scope="projects").latest("pk")
    assert read.grant.purpose == SharingPurpose.DUE_DILIGENCE
    assert read.grant.project_ref == green.pk
    assert read.object_id == str(green.pk)


def test_the_transition_loan_has_a_kpi_from_the_verified_2025_inventory(loaded: None) -> None:
    from greenledger.web.assessments import demo as assessments_demo
    from greenledger.web.finance.selectors.transition import transition_tracking

    analyst = user("analyst")
    (track,) = transition_tracking(user=analyst, institution=analyst.organisation)
    assert (track.position.position, track.category) == ("TL-002", "C26")
    (year,) = [y for y in track.years if y.year == 2025]
    output = 12 * assessments_demo.PRODUCT_T_PER_MONTH  # 2,400 t of its one product
    assert (year.product_output, year.product_unit) == (pytest.approx(output), "t")
    kpi = verified_total() / output  # the verified GB/T 32150 total per tonne
    assert year.kpi == pytest.approx(kpi)
    # between the demo's screening values: meets entry (2.0), not yet advanced (1.6)
    assert 1.6 < kpi < 2.0
    assert (year.entry, year.advanced, year.status) == (2.0, 1.6, "entry")
    assert year.gap_to_entry == pytest.approx(0.0) and year.gap_to_advanced > 0
    client = Client()
    client.force_login(analyst)
    page = client.get(reverse("finance:portfolio_transition"), HTTP_ACCEPT_LANGUAGE="en")
    assert f"{kpi:.3f}" in page.content.decode()  # the page shows three places
