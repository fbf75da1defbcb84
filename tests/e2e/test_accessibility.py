"""Accessibility: axe-core (through axe-playwright-python, which ships axe's script inside the
package) runs over the main pages of every app, as the persona who uses each page, in Simplified
Chinese and in English. No serious or critical violation is allowed, and no rule or node is left
out of the scan (Plotly's charts included).

One demo district is seeded once for the module (plus applications at each stage up to a
certificate, a recognition call in scoring, a reporting year under verification, a failed import
and a meter series), served by the module's own live server and visited by one browser page,
which changes persona and language through its cookies.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from tests.e2e.reporting_helpers import screenshot
from tests.web.assessments import helpers

# django_db: the test database is set up (and each test rolls back whatever it wrote).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db, pytest.mark.xdist_group("accessibility")]

LANGUAGES = {
    "zh-hans": ("zh-CN,zh;q=0.9", "zh-Hans"),
    "en": ("en-US,en;q=0.9", "en"),
}  # Accept-Language, <html lang>
BLOCKING = ("serious", "critical")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# pages that draw Plotly charts (the test checks they were drawn before the scan)
CHART_PAGES = {
    "overview",
    "inventory",
    "meters",
    "recognition-published",
    "recognition-ranking",
    "district",
    "district-coverage",
    "district-targets",
    "planning-macc",
    "planning-pathway",
    "planning-compare",
    "planning-commitment",
    "planning-district-run",
    "planning-district-macc",
    "ecology-map",
    "ecology-green-power",
    "finance-transition",
    "products-footprint",
}

# (page, persona): every page is visited by the persona it is for; the path comes from the
# seeded district (see ``District.paths``).
PAGES: tuple[tuple[str, str], ...] = (
    ("overview", "anonymous"),
    ("overview", "manager"),
    ("login", "anonymous"),
    ("directory", "anonymous"),
    ("directory-search", "anonymous"),
    ("organisation", "anonymous"),
    ("organisation-own", "manager"),
    ("site", "anonymous"),
    ("designations", "anonymous"),
    ("verify", "anonymous"),
    ("recognition", "anonymous"),
    ("recognition-published", "anonymous"),
    ("recognition-ranking", "secretariat"),
    ("recognition-new", "secretariat"),
    ("reporting", "manager"),
    ("reporting-secretariat", "secretariat"),
    ("reporting-organisation", "manager"),
    ("draft", "manager"),
    ("inventory", "manager"),
    ("lineage", "manager"),
    ("import", "manager"),
    ("meters", "manager"),
    ("assessments", "manager"),
    ("assessments-secretariat", "secretariat"),
    ("call", "manager"),
    ("call-new", "secretariat"),
    ("application", "manager"),
    ("application-decided", "manager"),
    ("application-deciding", "admin"),
    ("application-assigning", "secretariat"),
    ("recognition-scoring", "evaluator"),
    ("submission-checking", "evaluator"),
    ("review", "evaluator2"),
    ("certificate", "manager"),
    ("relations", "manager"),
    ("district", "secretariat"),
    ("district-coverage", "secretariat"),
    ("district-public", "anonymous"),
    ("district-targets", "secretariat"),
    ("district-target-new", "secretariat"),
    ("district-targets-published", "anonymous"),
    ("district-budgets", "secretariat"),
    ("district-budget-new", "secretariat"),
    ("district-enterprise-budget", "manager"),
    ("district-restatements", "secretariat"),
    ("planning-catalogue", "anonymous"),
    ("planning-technology", "anonymous"),
    ("planning-proposals", "researcher"),
    ("planning-proposal-new", "researcher"),
    ("planning-proposal-review", "secretariat"),
    ("planning-plans", "manager"),
    ("planning-plan-new", "manager"),
    ("planning-plan", "manager"),
    ("planning-measures", "manager"),
    ("planning-scenarios", "manager"),
    ("planning-macc", "manager"),
    ("planning-pathway", "manager"),
    ("planning-compare", "manager"),
    ("planning-commitment", "manager"),
    ("planning-district", "secretariat"),
    ("planning-district-run", "secretariat"),
    ("planning-district-macc", "secretariat"),
    ("finance-projects", "manager"),
    ("finance-project", "manager"),
    ("finance-project-new", "manager"),
    ("finance-project-edit", "manager"),
    ("finance-evidence", "manager"),
    ("finance-grants", "manager"),
    ("finance-grant-new", "manager"),
    ("finance-access-log", "manager"),
    ("finance-interests", "manager"),
    ("finance-pool", "analyst"),
    ("finance-project-analyst", "analyst"),
    ("finance-grants-held", "analyst"),
    ("finance-portfolio", "analyst"),
    ("finance-position-new", "analyst"),
    ("finance-portfolio-import", "analyst"),
    ("finance-transition", "analyst"),
    ("finance-settings", "secretariat"),
    ("ecology-home", "eco_heat"),
    ("ecology-map", "eco_heat"),
    ("ecology-offers", "eco_heat"),
    ("ecology-offer-new", "eco_heat"),
    ("ecology-matches", "eco_neighbour"),
    ("ecology-exchange", "eco_heat"),
    ("ecology-records", "eco_neighbour"),
    ("ecology-park", "eco_heat"),
    ("ecology-green-power", "eco_datacentre"),
    ("products-home", "prod_supplier"),
    ("products-catalogue", "prod_supplier"),
    ("products-process", "prod_supplier"),
    ("products-footprint", "prod_customer"),
    ("products-shares", "prod_supplier"),
    ("products-share-new", "prod_supplier"),
    ("products-supply-chain", "prod_customer"),
    ("products-cbam", "prod_customer"),
    ("products-cbam-report", "prod_customer"),
    ("alliance-home", "anonymous"),
    ("alliance-join", "anonymous"),
    ("alliance-events", "anonymous"),
    ("alliance-event", "anonymous"),
    ("alliance-notices", "manager"),
    ("alliance-registrations", "manager"),
    ("alliance-register", "manager"),
    ("alliance-colleagues", "manager"),
    ("alliance-invite", "manager"),
    ("alliance-applications", "secretariat"),
    ("alliance-application", "secretariat"),
    ("alliance-check-in", "secretariat"),
    ("alliance-outbox", "secretariat"),
    ("alliance-ticket", "anonymous"),
    ("alliance-notice", "anonymous"),
    ("alliance-application-status", "anonymous"),
    ("alliance-memberships", "secretariat"),
    ("not-found", "anonymous"),
)
STATUS = {"not-found": 404}  # every other page answers 200
# what a page must show to be scanned in the state it is listed for (its forms, mostly)
SHOWS = {
    "login": "input[name=password]",
    "draft": "#import-form",
    "submission-checking": "#verify-button",
    "meters": "#meter-form",
    "call": "#apply-form",
    "call-new": "#new-call-form",
    "application": "#inputs-form",
    "application-assigning": "#assign-form",
    "application-deciding": "#decide-form",
    "review": "#review-form",
    "relations": "#relation-form",
    "recognition-new": "#recognition-call-form",
    "recognition-scoring": ".score-form",
    "planning-catalogue": "#catalogue-filters",
    "planning-proposal-new": "#proposal-form",
    "planning-proposal-review": "#review-form",
    "planning-plan-new": "#plan-new-form",
    "planning-plan": "#settings-form",
    "planning-measures": "#catalogue-form",
    "planning-scenarios": "#scenario-form",
    "planning-district": "#district-form",
    "finance-project": "#project-eligibility",
    "finance-project-new": "#project-new-form",
    "finance-project-edit": "#project-edit-form",
    "finance-evidence": "#evidence-form",
    "finance-grants": "#grants",
    "finance-grant-new": "#grant-form",
    "finance-access-log": "#accesses",
    "finance-project-analyst": "#project-eligibility",
    "finance-portfolio": "#portfolio-totals",
    "finance-position-new": "#position-form",
    "finance-portfolio-import": "#import-form",
    "ecology-home": "#ecology-links",
    "ecology-map": "#map-exchanges",
    "ecology-offers": "#listings",
    "ecology-offer-new": "#listing-form",
    "ecology-matches": "article[id^=match-offer-]",
    "ecology-exchange": "#exchange-match",
    "ecology-records": "#record-form",
    "ecology-park": "#rates-table",
    "ecology-green-power": "[data-chart=chart-heatmap]",
    "products-home": "#products-links",
    "products-catalogue": "#products-table",
    "products-process": "#process-form",
    "products-footprint": "#contributions",
    "products-shares": "#shares-granted",
    "products-share-new": "#share-form",
    "products-supply-chain": "#supply-chain",
    "products-cbam": "#installations",
    "products-cbam-report": "#cbam-goods",
    "alliance-join": "#join-form",
    "alliance-events": "#events",
    "alliance-event": "#agenda",
    "alliance-notices": "#notices",
    "alliance-registrations": "#registrations",
    "alliance-register": "#register-form",
    "alliance-colleagues": "#invitations",
    "alliance-invite": "#invite-form",
    "alliance-applications": "#applications",
    "alliance-application": "#request-form",
    "alliance-check-in": "#check-in-form",
    "alliance-outbox": "#outbox",
    "alliance-ticket": "#ticket-qr",
    "alliance-notice": "#notice-body",
    "alliance-application-status": "#reply-form",
    "alliance-memberships": "#memberships",
}


@dataclass
class District:
    base_url: str
    page: Any  # one page in one browser context: plotly.js and axe are fetched and compiled once
    paths: dict[str, str]
    sessions: dict[str, str]

    def become(self, persona: str, language: str, viewport: dict[str, int] = DESKTOP) -> Any:
        """The page, signed in as the persona (its session cookie) and speaking the language
        (the language cookie, and the browser's Accept-Language), at the viewport's size."""
        self.page.set_viewport_size(viewport)
        context = self.page.context
        context.clear_cookies()
        cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
        if persona != "anonymous":
            cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": self.sessions[persona]})
        context.add_cookies([{**c, "url": self.base_url} for c in cookies])
        self.page.set_extra_http_headers({"Accept-Language": LANGUAGES[language][0]})
        return self.page


def _csv(rows: list[tuple[Any, ...]]) -> SimpleUploadedFile:
    header = "企业名称,厂区,月份,能源品种,消费量,计量单位"
    lines = [header, *(",".join(str(v) for v in row) for row in rows)]
    return SimpleUploadedFile("activity.csv", ("\n".join(lines) + "\n").encode(), "text/csv")


def seed() -> dict[str, str]:
    """The demo district plus what the main pages need that the demo does not hold."""
    from greenledger.web.accounts.models import User
    from greenledger.web.assessments import services as assessments
    from greenledger.web.assessments.models import Call, RecognitionCall
    from greenledger.web.members.demo import demo_load
    from greenledger.web.members.models import Organisation, Site, SiteKind
    from greenledger.web.reporting import services as reporting
    from greenledger.web.reporting.models import Submission, SubmissionStatus

    demo_load()
    users = {u.username: u for u in User.objects.all()}
    manager = users["manager"]
    own = manager.organisation
    factory = Site.objects.filter(organisation=own, kind=SiteKind.FACTORY).order_by("pk").first()
    verified = (
        Submission.objects.filter(organisation=own, status=SubmissionStatus.VERIFIED)
        .order_by("-year")
        .first()
    )

    secretariat = users["secretariat"]

    def submitted(call: Any) -> Any:
        """The factory's application under the call, answered, with its evidence, submitted."""
        application = assessments.application_create(actor=manager, call=call, site=factory)
        inputs: dict[str, Any] = dict(helpers.DECLARED)
        inputs["offset_tco2e"] = application.inventory_inputs["ghg_tco2e"]
        assessments.application_set_inputs(actor=manager, application=application, inputs=inputs)
        for item in helpers.REQUIRED_EVIDENCE:
            assessments.evidence_add(
                actor=manager, application=application, item=item,
                upload=helpers.pdf_upload(), filename=f"{item}.pdf",
            )  # fmt: skip
        return assessments.application_submit(actor=manager, application=application)

    def reviewed(application: Any) -> Any:
        """Two evaluators assigned; both accept the pre-score."""
        for name in ("evaluator2", "evaluator3"):
            review = assessments.review_assign(
                actor=secretariat, application=application, evaluator=users[name]
            )
            application.refresh_from_db()
            assessments.review_save(
                actor=review.evaluator, review=review,
                judgements=helpers.judgements_from_prescore(application), submit=True,
            )  # fmt: skip
        application.refresh_from_db()
        return application

    def new_call(title: str) -> Any:
        return assessments.call_open(
            actor=secretariat, ruleset_id=helpers.RULESET, title=title, year=2026,
            deadline=timezone.localdate() + dt.timedelta(days=30),
            issuing_body="东江新区经济和科技委员会",
        )  # fmt: skip

    # an application from its call to its certificate; one awaiting the decision; one whose
    # review is still to be written; a draft (its forms)
    zero_carbon = Call.objects.get(ruleset_id=helpers.RULESET)
    decided = assessments.application_decide(
        actor=users["admin"], application=reviewed(submitted(zero_carbon)), approve=True,
        reason="两位评审一致",
    )  # fmt: skip
    certificate = decided.certificate
    deciding = reviewed(submitted(new_call("2027年度零碳工厂申报")))
    pending = submitted(new_call("2028年度零碳工厂申报"))
    review = assessments.review_assign(
        actor=secretariat, application=pending, evaluator=users["evaluator2"]
    )
    green = Call.objects.filter(ruleset_id__startswith="green_factory").order_by("pk").first()
    draft_application = assessments.application_create(actor=manager, call=green, site=factory)

    # a recognition call in scoring (the panel's score form)
    scoring = assessments.recognition_call_open(
        actor=secretariat, type="zero_carbon_demo_unit", title="2026年度零碳示范单位评选",
        year=2026, deadline=timezone.localdate() + dt.timedelta(days=30), places=2,
        issuing_body="东江新区绿色低碳产业联盟", trim=0.34,
        panel=[users[name] for name in ("evaluator", "evaluator2", "evaluator3")],
    )  # fmt: skip
    assessments.nomination_create(
        actor=manager, call=scoring, organisation=own, site=factory, statement="屋顶光伏全覆盖"
    )
    assessments.recognition_start_scoring(actor=secretariat, call=scoring)

    # a reporting year submitted and assigned to its evaluator (the verification forms); the
    # demo history holds the demo enterprise's verified years from 2020, so these come before
    checking = reporting.submission_create_draft(actor=manager, organisation=own, year=2019)
    reporting.record_create(
        actor=manager, submission=checking, activity="purchased_electricity", quantity="1200",
        unit="MWh", site=factory.name_zh, period="2019-01",
    )  # fmt: skip
    reporting.submission_submit(actor=manager, submission=checking)
    reporting.submission_assign_evaluator(
        actor=secretariat, submission=checking, evaluator=users["evaluator"]
    )

    # a draft reporting year with a failed import (its problems listed)
    draft = reporting.submission_create_draft(actor=manager, organisation=own, year=2018)
    rows = [
        (own.name_zh, factory.name_zh, "2018-01", "外购电力", "50", "万kWh"),
        (own.name_zh, "无此厂区", "2018-02", "外购电力", "50", "万kWh"),
        (own.name_zh, factory.name_zh, "2018-03", "神秘燃料", "12", "t"),
        (own.name_zh, factory.name_zh, "2018-04", "原煤", "-5", "t"),
    ]
    job = reporting.import_job_create(
        actor=manager, submission=draft, upload=_csv(rows), filename="activity.csv"
    )
    reporting.import_job_run(job.pk)

    # an hourly meter series of the factory, five hours missing (the gaps are reported)
    start = dt.datetime(2024, 1, 1)
    hours = [start + dt.timedelta(hours=i) for i in range(8784) if not 100 <= i < 105]
    series = Path(settings.PRIVATE_MEDIA_ROOT).parent / "meter.csv"
    series.write_text(
        "meter,timestamp,kwh\n" + "".join(f"M1,{h:%Y-%m-%d %H:%M},2.5\n" for h in hours)
    )
    reporting.meter_series_upload(actor=manager, site=factory, year=2024, path=series)

    # the planning demo: the manager's committed plan (its results) and a draft copy of it (the
    # editor's forms), the institute's case result waiting for review, the finished district run
    from greenledger.web.planning import demo as planning_demo
    from greenledger.web.planning.models import DistrictRun, Plan, TechnologyProposal
    from greenledger.web.planning.services.plans import plan_copy

    plan = Plan.objects.get(organisation=own, name=planning_demo.PLAN_NAME)
    draft_plan = plan_copy(actor=manager, plan=plan)
    case = TechnologyProposal.objects.get(technology_id=planning_demo.CASE_TECHNOLOGY)
    district_run = DistrictRun.objects.get()

    # the finance demo: the enterprise's green project (listed, with an energy audit) and the
    # bank's 2026 book
    from greenledger.web.finance import demo as finance_demo
    from greenledger.web.finance.models import Project

    green = Project.objects.get(organisation=own, name=finance_demo.GREEN_NAME)

    # the ecology demo: the park's active heat exchange (its records), the neighbour's need
    # (its matches page), the park's rates, the data centre's 2025 CFE run
    from greenledger.web.ecology import demo as ecology_demo
    from greenledger.web.ecology.models import CfeRun, Exchange

    heat = Exchange.objects.get(offer__name=ecology_demo.HEAT_OFFER)
    eco_park = ecology_demo.story_park()[0]  # type: ignore[index]
    cfe_site = CfeRun.objects.get(year=ecology_demo.YEAR, pooled=False).site_id

    # the products demo: the billet's process, the customer's bracket footprint (built on the
    # shared billet) and its verified CBAM report
    from greenledger.web.products import demo as products_demo
    from greenledger.web.products.models import CbamReport, Footprint, Process

    billet_process = Process.objects.get(product__name=products_demo.BILLET["name"])
    bracket_footprint = Footprint.objects.get(
        product__name=products_demo.BRACKET["name"], status="current"
    )
    bracket_report = CbamReport.objects.get(
        installation__organisation_id=bracket_footprint.product.organisation_id
    )

    # the alliance demo: the conference under way (its registrations, check-ins, the first
    # participant's ticket), the application waiting for review, the one asked for more (its
    # status page from the link in the mail), the public policy notice
    from greenledger.web.alliance import demo as alliance_demo
    from greenledger.web.alliance.models import JoinApplication, Notice, OutgoingMail
    from greenledger.web.alliance.services.registrations import ticket_of

    conference = alliance_demo.conference()
    waiting = JoinApplication.objects.get(
        credit_code=alliance_demo.applicant_credit_code(alliance_demo.APPLICATIONS[0])
    )
    ticket = ticket_of(conference.registrations.order_by("pk").first())
    asked = OutgoingMail.objects.get(template="application_more_info")
    status_path = re.search(r"https?://[^\s/]+(/\S*)", asked.body).group(1)  # type: ignore[union-attr]
    policy = Notice.objects.get(kind="policy", title_zh__endswith="（演示）")

    published = Organisation.objects.filter(published=True).exclude(pk=own.pk).order_by("pk")
    other = published.first()
    site = Site.objects.filter(organisation__published=True).order_by("pk").first()
    recognised = RecognitionCall.objects.filter(status="published").order_by("pk").first()
    return {
        "overview": "/",
        "login": "/login/",
        "directory": "/members/",
        "directory-search": "/members/?q=%E7%BB%BF%E8%89%B2&kind=enterprise",
        "organisation": f"/members/{other.pk}/",
        "organisation-own": f"/members/{own.pk}/",
        "site": f"/sites/{site.pk}/",
        "designations": "/designations/",
        "verify": f"/verify/{certificate.number}",
        "recognition": "/recognition/",
        "recognition-published": f"/recognition/{recognised.pk}/",
        "recognition-ranking": f"/recognition/{recognised.pk}/",
        "recognition-new": "/recognition/new/",
        "reporting": "/reporting/",
        "reporting-secretariat": "/reporting/",
        "reporting-organisation": f"/reporting/organisations/{own.pk}/",
        "draft": f"/reporting/submissions/{draft.pk}/",
        "inventory": f"/reporting/submissions/{verified.pk}/inventory/",
        "lineage": f"/reporting/submissions/{verified.pk}/lineage/",
        "import": f"/reporting/imports/{job.pk}/",
        "assessments": "/assessments/",
        "assessments-secretariat": "/assessments/",
        "call": f"/assessments/calls/{green.pk}/",
        "call-new": f"/assessments/calls/new/?ruleset_id={helpers.RULESET}",
        "application": f"/assessments/applications/{draft_application.pk}/",
        "application-decided": f"/assessments/applications/{decided.pk}/",
        "application-deciding": f"/assessments/applications/{deciding.pk}/",
        "application-assigning": f"/assessments/applications/{pending.pk}/",
        "recognition-scoring": f"/recognition/{scoring.pk}/",
        "submission-checking": f"/reporting/submissions/{checking.pk}/",
        "review": f"/assessments/reviews/{review.pk}/",
        "certificate": f"/assessments/certificates/{certificate.pk}/",
        "relations": "/assessments/relations/",
        "meters": f"/reporting/sites/{factory.pk}/meters/",
        "district": "/district/",
        "district-coverage": "/district/coverage/",
        "district-public": "/district/public/",
        "district-targets": "/district/targets/",
        "district-target-new": "/district/targets/new/",
        "district-targets-published": "/district/targets/published/",
        "district-budgets": "/district/budgets/",
        "district-budget-new": "/district/budgets/new/",
        "district-enterprise-budget": f"/district/enterprises/{own.pk}/budget/",
        "district-restatements": "/district/restatements/",
        "planning-catalogue": f"/planning/catalogue/?industry={own.industry_code}",
        "planning-technology": f"/planning/catalogue/{planning_demo.PROPOSED_TECHNOLOGY}/",
        "planning-proposals": "/planning/proposals/",
        "planning-proposal-new": "/planning/proposals/new/",
        "planning-proposal-review": f"/planning/proposals/{case.pk}/",
        "planning-plans": "/planning/plans/",
        "planning-plan-new": "/planning/plans/new/",
        "planning-plan": f"/planning/plans/{draft_plan.pk}/",
        "planning-measures": f"/planning/plans/{draft_plan.pk}/measures/",
        "planning-scenarios": f"/planning/plans/{draft_plan.pk}/scenarios/",
        "planning-macc": f"/planning/plans/{plan.pk}/macc/",
        "planning-pathway": f"/planning/plans/{plan.pk}/pathway/",
        "planning-compare": f"/planning/plans/{plan.pk}/compare/",
        "planning-commitment": f"/planning/plans/{plan.pk}/commitment/",
        "planning-district": "/planning/district/",
        "planning-district-run": f"/planning/district/runs/{district_run.pk}/",
        "planning-district-macc": f"/planning/district/runs/{district_run.pk}/macc/",
        "finance-projects": "/finance/projects/",
        "finance-project": f"/finance/projects/{green.pk}/",
        "finance-project-new": "/finance/projects/new/",
        "finance-project-edit": f"/finance/projects/{green.pk}/edit/",
        "finance-evidence": f"/finance/projects/{green.pk}/evidence/",
        "finance-grants": "/finance/grants/",
        "finance-grant-new": "/finance/grants/new/",
        "finance-access-log": "/finance/access-log/",
        "finance-interests": "/finance/interests/",
        "finance-pool": "/finance/pool/",
        "finance-project-analyst": f"/finance/projects/{green.pk}/",
        "finance-grants-held": "/finance/grants/",
        "finance-portfolio": "/finance/portfolio/?year=2026",
        "finance-position-new": "/finance/portfolio/positions/new/",
        "finance-portfolio-import": "/finance/portfolio/import/",
        "finance-transition": "/finance/portfolio/transition/",
        "finance-settings": "/finance/settings/",
        "ecology-home": "/ecology/",
        "ecology-map": "/ecology/map/",
        "ecology-offers": "/ecology/offers/",
        "ecology-offer-new": "/ecology/offers/new/",
        "ecology-matches": f"/ecology/needs/{heat.need_id}/matches/",
        "ecology-exchange": f"/ecology/exchanges/{heat.pk}/",
        "ecology-records": f"/ecology/exchanges/{heat.pk}/records/",
        "ecology-park": f"/ecology/parks/{eco_park.pk}/?year={ecology_demo.YEAR}",
        "ecology-green-power": f"/ecology/green-power/{cfe_site}/{ecology_demo.YEAR}/",
        "products-home": "/products/",
        "products-catalogue": "/products/catalogue/",
        "products-process": f"/products/processes/{billet_process.pk}/",
        "products-footprint": f"/products/footprints/{bracket_footprint.pk}/",
        "products-shares": "/products/shares/",
        "products-share-new": "/products/shares/new/",
        "products-supply-chain": "/products/supply-chain/",
        "products-cbam": "/products/cbam/",
        "products-cbam-report": f"/products/cbam/reports/{bracket_report.pk}/",
        "alliance-home": "/alliance/",
        "alliance-join": "/alliance/join/",
        "alliance-events": "/alliance/events/",
        "alliance-event": f"/alliance/events/{conference.pk}/",
        "alliance-notices": "/alliance/notices/",
        "alliance-registrations": "/alliance/registrations/",
        "alliance-register": f"/alliance/events/{conference.pk}/register/",
        "alliance-colleagues": "/alliance/colleagues/",
        "alliance-invite": "/alliance/colleagues/invite/",
        "alliance-applications": "/alliance/applications/",
        "alliance-application": f"/alliance/applications/{waiting.pk}/",
        "alliance-check-in": f"/alliance/events/{conference.pk}/check-in/",
        "alliance-outbox": "/alliance/outbox/",
        "alliance-ticket": f"/alliance/tickets/{ticket}/",
        "alliance-notice": f"/alliance/notices/{policy.pk}/",
        "alliance-application-status": status_path,
        "alliance-memberships": "/alliance/memberships/",
        "not-found": "/members/999999999/",
    }


def _wait_for_requests_in_flight(timeout: float = 10.0) -> None:
    """Let the server finish requests the browser made last (a favicon, say) before it stops:
    they share the in-memory SQLite connection, which stops being shareable with the server."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        "process_request_thread" in t.name for t in threading.enumerate()
    ):
        time.sleep(0.05)


@pytest.fixture(scope="module")
def district(
    browser: Any,
    django_db_setup: Any,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[District]:
    """Seeded and served once for the module; the database is flushed afterwards, as a
    transactional test leaves it. The server is this module's own (pytest-django's helper
    class), not the ``live_server`` fixture, which would flush the district after every test."""
    from django.core.cache import cache
    from pytest_django.live_server_helper import LiveServer

    from greenledger.web.accounts.models import User

    private = override_settings(PRIVATE_MEDIA_ROOT=tmp_path_factory.mktemp("a11y") / "private")
    private.enable()
    try:
        with django_db_blocker.unblock():
            cache.clear()
            paths = seed()
            sessions = {}
            for persona in {persona for _, persona in PAGES} - {"anonymous"}:
                client = Client()
                client.force_login(User.objects.get(username=persona))
                sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
            server = LiveServer("127.0.0.1:0")
        context = browser.new_context(base_url=server.url, viewport=DESKTOP)
        context.set_default_timeout(60_000)  # a loaded 2-core machine compiles plotly.js slowly
        try:
            yield District(server.url, context.new_page(), paths, sessions)
        finally:
            context.close()
            _wait_for_requests_in_flight()
            with django_db_blocker.unblock():
                server.stop()
    finally:
        with django_db_blocker.unblock():
            call_command("flush", verbosity=0, interactive=False)
            cache.clear()
        private.disable()


def describe(violations: list[dict[str, Any]]) -> str:
    """Each violation's id, impact and help, and its target nodes with axe's reason."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:10]:
            checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
            reason = checks[0]["message"] if checks else ""
            lines.append(f"  - {' '.join(map(str, node['target']))}  {node['html'][:120]}")
            if reason:
                lines.append(f"      {reason[:200]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"  ... and {len(violation['nodes']) - 10} more nodes")
    return "\n".join(lines)


_AXE = Axe()
_RUN = "(options) => axe.run(document, options)"


def scan(page: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe's violations on the page (its script injected from the installed package): every
    rule axe runs by default, or only the given ones."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_AXE.axe_script)
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate(_RUN, options)
    return list(result["violations"])


def wait_for_charts(page: Any) -> int:
    """Wait until Plotly has drawn every chart of the page (axe then scans its SVG too)."""
    charts = page.locator("[data-chart]").count()
    if charts:
        page.wait_for_function(
            "(n) => document.querySelectorAll(\"[data-chart][data-drawn='true']\").length === n",
            arg=charts,
        )
    return charts


@pytest.mark.parametrize("language", sorted(LANGUAGES))
@pytest.mark.parametrize(("name", "persona"), PAGES, ids=[f"{n}-{p}" for n, p in PAGES])
def test_no_serious_or_critical_accessibility_violations(
    district: District, name: str, persona: str, language: str
) -> None:
    page = district.become(persona, language)
    response = page.goto(district.paths[name])
    status = response.status if response is not None else None
    assert status == STATUS.get(name, 200), (name, status)
    assert page.locator("html").get_attribute("lang") == LANGUAGES[language][1]
    signed_in = page.locator(".header-tools .who")
    if persona == "anonymous":
        assert signed_in.count() == 0
    else:
        assert signed_in.inner_text() == persona
    if name in SHOWS:
        assert page.locator(SHOWS[name]).count() > 0, (name, SHOWS[name])
    charts = wait_for_charts(page)
    assert (charts > 0) == (name in CHART_PAGES), (name, charts)
    screenshot(page, f"a11y-{name}-{persona}-{language}")
    blocking = [v for v in scan(page) if v["impact"] in BLOCKING]
    if blocking:
        pytest.fail(f"{name} as {persona} in {language}:\n{describe(blocking)}", pytrace=False)

    # On a phone the wide tables scroll sideways, and each one that does must take the
    # keyboard's focus (ui/tables.js, on load and on resize). The only rule whose outcome
    # depends on the width: a full scan of every page at 390 px found nothing else.
    page.set_viewport_size(PHONE)
    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    narrow = scan(page, rules=["scrollable-region-focusable"])
    if narrow:
        pytest.fail(f"{name} as {persona} at 390 px:\n{describe(narrow)}", pytrace=False)
    scrolling = page.evaluate(
        "() => [...document.querySelectorAll('.table-wrap')]"
        ".filter((w) => w.scrollWidth > w.clientWidth + 1).map((w) => w.tabIndex)"
    )
    assert all(index == 0 for index in scrolling), scrolling
    if name in ("inventory", "meters", "application-deciding"):
        assert scrolling, f"{name}: no table scrolls at 390 px any more; the check tests nothing"


def test_the_scan_finds_a_violation_when_there_is_one(district: District) -> None:
    """The harness is not blind: an unnamed button and an unlabelled field are reported."""
    page = district.become("anonymous", "en")
    page.goto(district.paths["login"])
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<button id="nameless"></button><input id="unlabelled" type="text">\')'
    )
    found = {v["id"]: v for v in scan(page)}
    assert {"button-name", "label"} <= set(found)
    assert found["button-name"]["impact"] == "critical"
    assert ["#nameless"] in [n["target"] for n in found["button-name"]["nodes"]]
