"""The Chinese interface has no English sentence: the pages of every app, walked in zh-hans.

A small district is built with what the pages show at their fullest: a verified inventory and
its reports, an import refused with problems of every kind, a meter series with gaps and one
refused, a call with a partial pre-score (pending items, threshold explanations), a submitted
application under review, a certificate, a recognition call with a nomination. Each persona
then follows every link it is shown (pages of the site, not downloads or the API) and every
page's visible text is searched for an English sentence: a run of three lowercase ASCII words.
Proper nouns, codes, units and standard numbers (GB/T 32150-2015, tCO2e, PUE) never form such a
run, so the rule needs no allowlist beyond the few terms in ``ALLOWED``. Text marked
``lang="en"`` is left out: provenance data the rule sets and the factor library write in English
(citations of standards, quality notes), tagged as English for screen readers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client, override_settings
from django.utils import translation

from greenledger.web.assessments import services as assessments
from greenledger.web.reporting import services as reporting
from tests.web.alliance.story_support import alliance_pages
from tests.web.assessments import helpers
from tests.web.conftest import World, world_kept_for_the_module
from tests.web.reporting.conftest import monthly_rows, write_csv

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
# A run of three (or more) lowercase ASCII words: an English sentence, or part of one.
ENGLISH_RUN = re.compile(r"(?<![\w./-])[a-z]+(?:[ \t]+[a-z]+){2,}(?![\w/-])")
# Terms the catalogues deliberately leave in English (none forms a run of lowercase words yet).
ALLOWED: tuple[str, ...] = ()
# Elements whose text is not prose: scripts, styles, code and formulas, data for charts.
SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "template", "svg", "math"}
PERSONAS = (
    "anonymous", "enterprise_a", "enterprise_b", "evaluator", "secretariat", "district_admin",
    "analyst",
)  # fmt: skip
MAX_PAGES_PER_PERSONA = 150
APPS = (
    "members", "reporting", "reports", "assessments", "recognition", "accounts", "audit",
    "district", "planning", "finance", "ecology", "products", "alliance",
)  # fmt: skip


class _Text(HTMLParser):
    """The text a reader sees in Chinese: text nodes outside skipped elements and outside
    elements marked as English (``lang="en"``: provenance data written in English, such as a
    standard's citation and notes, tagged so for screen readers), plus the links."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr", "param"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, bool]] = []  # (tag, hidden)
        self.parts: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag in self.VOID:
            return
        english = (values.get("lang") or "").lower().startswith("en")
        self.open.append((tag, tag in SKIPPED or english))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not any(hidden for _tag, hidden in self.open):
            self.parts.append(data.strip())


def english_runs(html: str) -> list[str]:
    """The English sentences (runs of three lowercase words) in a page's visible text."""
    parser = _Text()
    parser.feed(html)
    found = []
    for part in parser.parts:
        for run in ENGLISH_RUN.findall(part):
            if not any(term in run for term in ALLOWED):
                found.append(f"{run!r} in {part[:160]!r}")
    return found


def links(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.links


def app_of(path: str) -> str:
    """Which app a page belongs to, by its address."""
    if path.startswith("/admin/audit"):
        return "audit"
    if path.startswith(("/admin", "/login")):
        return "accounts"
    if "/inventory/" in path or "/lineage/" in path or "/diff/" in path:
        return "reports"
    if path.startswith("/reporting"):
        return "reporting"
    if path.startswith("/recognition"):
        return "recognition"
    if path.startswith(("/assessments", "/verify")):
        return "assessments"
    if path.startswith("/district"):
        return "district"
    if path.startswith("/planning"):
        return "planning"
    if path.startswith("/finance"):
        return "finance"
    if path.startswith("/ecology"):
        return "ecology"
    if path.startswith("/products"):
        return "products"
    if path.startswith("/alliance"):
        return "alliance"
    return "members"


def followed(path: str) -> bool:
    """Pages of the site: no downloads, API, sign-out, language switch or assets."""
    if not path.startswith("/") or path.startswith("//"):
        return False
    bare = urlsplit(path).path
    if bare.startswith(("/api/", "/static/", "/media/", "/i18n/", "/logout", "/assets/")):
        return False
    if re.search(r"\.(pdf|xlsx|csv|json|js|zip|parquet)$", bare):
        return False
    if bare.startswith("/admin/") and re.search(r"/(delete|history|password)/", bare):
        return False
    if bare.startswith("/admin/auth/"):
        return False  # Django's groups: permission names Django stores in English; roles are used
    return "/evidence/" not in bare and "/template/" not in bare and "/error-report" not in bare


def walk(client: Client, seeds: list[str], findings: dict[str, dict[str, list[str]]]) -> int:
    """Follow every link from the seeds (each path once; query strings only for pagination)."""
    queue, seen, pages = list(seeds), set(), 0
    while queue and pages < MAX_PAGES_PER_PERSONA:
        url = urldefrag(queue.pop(0))[0]
        key = url if "page=" in url else urlsplit(url).path
        if key in seen or not followed(url):
            continue
        seen.add(key)
        response = client.get(url, **ZH)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        html = response.content.decode()
        runs = english_runs(html)
        if runs:
            findings[app_of(urlsplit(url).path)][url] = runs
        queue.extend(links(html))
    return pages


def meter_csv(path: Path, *, bad: bool) -> Path:
    """Two meters over January 2024: meter M2 misses a day; the bad file also has a negative
    value, a duplicated hour with another value and a timestamp in a foreign time zone."""
    rows = ["meter,timestamp,kwh"]
    for day in range(1, 32):
        for hour in range(24):
            rows.append(f"M1,2024-01-{day:02d} {hour:02d}:00,12.5")
            if day != 9:
                rows.append(f"M2,2024-01-{day:02d} {hour:02d}:00,3")
    if bad:
        rows += ["M1,2024-01-02 03:00,-4", "M1,2024-01-02 05:00,99", "M3,2024-02-01T01:00+02:00,1"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def build_district(world: World, tmp: Path) -> dict[str, Any]:
    """The district as the pages show it at their fullest; returns the extra seed pages."""
    manager = world.users["enterprise_a"]
    verified = helpers.verified_inventory(world)
    draft = reporting.submission_create_draft(
        actor=manager, organisation=world.company_a, year=2025
    )
    rows: list[tuple[Any, ...]] = monthly_rows(year=2025, months=3)
    rows += [
        ("甲公司", "甲工厂", "2025-04", "外购电力", "五十", "万kWh"),  # not a number
        ("甲公司", "甲工厂", "2025-04", "天然煤气", "10", "t"),  # unknown activity
        ("甲公司", "甲工厂", "2025-04", "原煤", "10", "kWh"),  # wrong dimension
        ("甲公司", "甲工厂", "2025-13", "原煤", "10", "t"),  # not a period
        ("乙公司", "甲工厂", "2025-04", "原煤", "10", "t"),  # another enterprise
        ("甲公司", "不存在的工厂", "2025-04", "原煤", "10", "t"),  # unknown site
        ("甲公司", "甲工厂", "2024-05", "原煤", "10", "t"),  # outside the year
        ("甲公司", "甲工厂", "2025-01", "原煤", 1000 / 3, "t"),  # a duplicated line
    ]
    failed = reporting.import_job_create(
        actor=manager, submission=draft, upload=write_csv(tmp / "活动数据.csv", rows),
        filename="活动数据.csv", replace=False,
    )  # fmt: skip
    reporting.import_job_run(failed.pk)
    reporting.meter_series_upload(
        actor=manager, site=world.site_a, year=2024, path=meter_csv(tmp / "m.csv", bad=False)
    )
    review, _second = helpers.reviews_assigned(world)  # A's application, submitted
    helpers.recognition_in_scoring(world)
    # B's data centre answers part of a data-centre call: a partial pre-score with pending
    # items and the PUE compared with its limit as the policy words it.
    call = helpers.open_call(world)
    centre_call = assessments.call_open(
        actor=world.users["secretariat"], ruleset_id="zero_carbon_data_center/t-seesa-013",
        title="2026年度零碳数据中心申报", year=2026, deadline=call.deadline,
        issuing_body="东江新区经济和科技委员会",
    )  # fmt: skip
    partial = assessments.application_create(
        actor=world.users["enterprise_b"], call=centre_call, site=world.site_b
    )
    assessments.application_set_inputs(
        actor=world.users["enterprise_b"], application=partial,
        inputs={"pue": 1.3, "hub_node": False, "third_party_inventory": True},
    )  # fmt: skip
    plan = planned(world)
    project = financed(world, plan)
    exchange = exchanged(world, tmp)
    products = produced(world)
    return {"draft": draft, "verified": verified, "job": failed, "partial": partial,
            "review": review, "plan": plan, "project": project,
            "exchange": exchange, **products}  # fmt: skip


def produced(world: World) -> dict[str, Any]:
    """The product pages at their fullest on A's verified 2024 inventory: a product with its
    process (half the site's emissions by a stated key) and footprint, shared with B and with an
    outside importer's PACT client, A's CBAM installation with a submitted 2024 report."""
    from greenledger.web.products.models import Footprint
    from greenledger.web.products.services import cbam, pact
    from greenledger.web.products.services.catalogue import process_save, product_create
    from greenledger.web.products.services.footprints import footprint_compute
    from greenledger.web.products.services.shares import share_grant

    a = world.users["enterprise_a"]
    with translation.override("zh-hans"):
        billet = product_create(
            actor=a, site=world.site_a, name="钢坯", name_en="steel billet", unit="t",
            cn_code="72071114",
        )  # fmt: skip
        process = process_save(
            actor=a, product=billet, year=2024, name="连铸", annual_output=1000,
            attribution_basis="stated", attribution={"key": "工作日", "value": 50, "of": 100},
        )  # fmt: skip
        footprint_compute(actor=a, organisation=world.company_a, year=2024)
        share_grant(actor=a, product=billet, customer=world.company_b, purpose="钢支架碳足迹")
        client, _secret = pact.pact_client_create(
            actor=a, organisation=world.company_a, name="欧盟进口商"
        )
        share_grant(actor=a, product=billet, client=client, purpose="PACT 数据交换")
        installation = cbam.installation_save(
            actor=a, site=world.site_a, name_en="Jia casting plant", unlocode="CNSHA"
        )
        report = cbam.cbam_report_save(
            actor=a, installation=installation, period="2024",
            inputs={"electricity_ef_tco2_per_mwh": 0.5306, "electricity_ef_source": "因子库",
                    "goods": [{"process": process.pk}]},
        )  # fmt: skip
        report = cbam.cbam_report_submit(actor=a, report=report)
    footprint = Footprint.objects.get(product=billet)
    return {"process": process, "footprint": footprint, "cbam_report": report}


def exchanged(world: World, tmp: Path) -> Any:
    """The ecology pages at their fullest: the park's three factories with their offers and
    needs (``tests.web.ecology.conftest``: A's 120 °C heat, B's 80 °C need, D's anonymous
    waste oil), A and B's heat exchange confirmed by both with a month recorded, and site A's
    hourly green-power matching of 2025 (load, solar, a flat contract flagged)."""
    from greenledger.web.ecology.services import exchanges, green_power, records
    from tests.web.ecology.conftest import build_ecology_world
    from tests.web.ecology.green_power_support import YEAR, solar_csv, store_load

    eco = build_ecology_world(world)
    a, b = world.users["enterprise_a"], world.users["enterprise_b"]
    with translation.override("zh-hans"):
        exchange = exchanges.exchange_propose(actor=b, offer=eco.heat_offer, need=eco.heat_need)
        exchanges.exchange_confirm(actor=a, exchange=exchange)
        records.record_save(actor=b, exchange=exchange, month="2026-05", quantity=500)
        store_load(a, world.site_a, tmp / "eco")
        green_power.green_supply_upload(
            actor=a, site=world.site_a, year=YEAR, kind="onsite",
            path=solar_csv(tmp / "eco" / "solar.csv"), filename="solar.csv",
        )  # fmt: skip
        green_power.green_supply_flat(
            actor=a, site=world.site_a, year=YEAR, source="绿电合同", annual_mwh=876
        )
        green_power.cfe_run(actor=a, site=world.site_a, year=YEAR)
    return exchange


def planned(world: World) -> Any:
    """Company A's plan from its verified inventory, with a catalogue measure, an own measure
    and one solved scenario (the plan pages, curve and pathway at their fullest)."""
    from greenledger.web.planning.selectors.plans import plan_input
    from greenledger.web.planning.services import plan_measures, plans, runs

    manager = world.users["enterprise_a"]
    with translation.override("zh-hans"):
        plan = plans.plan_create(actor=manager, organisation=world.company_a, name="2030减排规划")
        end_use = plan_input(plan).end_uses[0].name
        plan_measures.measure_save(
            actor=manager, plan=plan, measure_id="own-heat-recovery", name="余热回收",
            end_use=end_use, saving_rate=0.1, capex_yuan=200000.0,
            annual_opex_change_yuan=1000.0, lifetime_years=15,
        )  # fmt: skip
        runs.plan_solve(actor=manager, plan=plan, scenario=plan.scenarios.order_by("id")[0])
    return plan


def financed(world: World, plan: Any) -> Any:
    """Company A's financing project from the plan's own measure, checked against every
    catalogue, listed in the pool with the bank's interest; the bank's book of 2025 with a loan
    to company A (its verified inventory, shared) and an outside company's listed share."""
    from greenledger.web.finance.services import pool, portfolio, projects
    from greenledger.web.finance.services.eligibility import eligibility_run

    manager, analyst = world.users["enterprise_a"], world.users["analyst"]
    with translation.override("zh-hans"):
        project = projects.project_create(
            actor=manager, organisation=world.company_a, plan=plan,
            measure_ids=["own-heat-recovery"], name="余热回收节能项目", kind="transition",
            site=world.site_a, timeline=[{"year": 2026, "milestone": "投运"}],
            categories={"green_finance_2025": "1"},
        )  # fmt: skip
        eligibility_run(actor=manager, project=project)
        pool.project_list(actor=manager, project=project)
        pool.interest_express(actor=analyst, project=project, message="拟提供转型贷款")
        common = {"emissions_basis": "reported"}
        portfolio.position_save(
            actor=analyst, institution=world.bank, year=2025, position="L-1", borrower="甲公司",
            borrower_code=world.company_a.credit_code, asset_class="business_loan",
            outstanding_yuan=30e6, equity_yuan=100e6, debt_yuan=50e6, revenue_yuan=5e8,
            sector=world.company_a.industry_code or "C3825", catalogue_code="1",
            carbon_effect="direct", **common,
        )  # fmt: skip
        portfolio.position_save(
            actor=analyst, institution=world.bank, year=2025, position="E-1",
            borrower="外部上市公司", asset_class="listed_equity", outstanding_yuan=5e6,
            evic_yuan=2e8, revenue_yuan=1e8, emissions_tco2e=80000, sector="C26", **common,
        )  # fmt: skip
    return project


@pytest.fixture(scope="module")
def findings(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, dict[str, list[str]]]]:
    tmp = tmp_path_factory.mktemp("zh")
    with (
        override_settings(
            PRIVATE_MEDIA_ROOT=tmp / "private",
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ),
        world_kept_for_the_module(django_db_blocker) as world,
    ):
        seeds = build_district(world, tmp)
        allied = alliance_pages(world)
        event = allied["event"].pk
        found: dict[str, dict[str, list[str]]] = {app: {} for app in APPS}
        manager = world.client("enterprise_a")
        # A meter series refused for its problems: the answer to the upload is the page.
        with meter_csv(tmp / "bad.csv", bad=True).open("rb") as handle:
            refused = manager.post(
                f"/reporting/sites/{world.site_a.pk}/meters/",
                {"year": 2024, "file": handle},
                **ZH,
            )
        assert refused.status_code == 200 and "meter-problems" in refused.content.decode()
        runs = english_runs(refused.content.decode())
        if runs:
            found["reporting"]["POST meters (refused)"] = runs
        common = ["/", "/members/", "/designations/", "/recognition/", "/login/", "/alliance/"]
        extra = {
            "enterprise_a": [
                f"/reporting/imports/{seeds['job'].pk}/",
                f"/reporting/submissions/{seeds['draft'].pk}/",
                f"/reporting/submissions/{seeds['verified'].pk}/inventory/",
                f"/reporting/sites/{world.site_a.pk}/meters/",
                f"/planning/plans/{seeds['plan'].pk}/",
                f"/finance/projects/{seeds['project'].pk}/",
                "/finance/projects/new/",
                "/finance/grants/",
                "/finance/grants/new/",
                "/finance/access-log/",
                "/finance/interests/",
                "/ecology/",
                f"/ecology/exchanges/{seeds['exchange'].pk}/",
                f"/ecology/exchanges/{seeds['exchange'].pk}/records/",
                f"/ecology/offers/{seeds['exchange'].offer_id}/matches/",
                f"/ecology/parks/{world.park.pk}/?year=2026",
                f"/ecology/green-power/{world.site_a.pk}/2025/",
                "/products/",
                f"/products/processes/{seeds['process'].pk}/",
                f"/products/footprints/{seeds['footprint'].pk}/",
                "/products/shares/new/",
                f"/products/cbam/reports/{seeds['cbam_report'].pk}/",
                "/alliance/colleagues/",
                "/alliance/colleagues/invite/",
                "/alliance/registrations/",
                f"/alliance/events/{event}/register/",
            ],
            "anonymous": [
                "/alliance/join/",
                allied["status_path"],
                f"/alliance/events/{event}/",
                f"/alliance/notices/{allied['notice'].pk}/",
                "/alliance/password-reset/",
            ],
            "enterprise_b": [
                "/products/",
                f"/products/footprints/{seeds['footprint'].pk}/",
                f"/assessments/applications/{seeds['partial'].pk}/",
                f"/ecology/needs/{seeds['exchange'].need_id}/matches/",
                "/ecology/map/",
            ],
            "evaluator": [
                f"/assessments/reviews/{seeds['review'].pk}/",
                f"/products/cbam/reports/{seeds['cbam_report'].pk}/",
            ],
            "secretariat": [
                "/assessments/",
                "/reporting/",
                "/planning/proposals/",
                "/finance/settings/",
                "/ecology/map/",
                "/ecology/exchanges/",
                "/products/",
                "/alliance/applications/",
                f"/alliance/applications/{allied['application'].pk}/",
                "/alliance/outbox/",
                f"/alliance/events/{event}/check-in/",
                f"/alliance/events/{event}/manage/",
                "/alliance/events/new/",
                "/alliance/notices/new/",
                "/alliance/memberships/",
            ],
            "district_admin": ["/admin/", "/admin/audit/auditentry/", "/admin/accounts/user/"],
            "analyst": [
                "/finance/pool/",
                "/finance/portfolio/?year=2025",
                "/finance/grants/",
                f"/finance/projects/{seeds['project'].pk}/",
                "/finance/portfolio/positions/new/",
                "/finance/portfolio/import/",
                "/finance/portfolio/transition/",
            ],
        }
        pages = {}
        for persona in PERSONAS:
            client = world.client(persona)
            pages[persona] = walk(client, common + extra.get(persona, []), found)
        assert pages["enterprise_a"] >= 15 and pages["secretariat"] >= 15, pages
        assert pages["analyst"] >= 11, pages  # the common pages and six finance pages
        for persona in ("anonymous", "enterprise_a", "secretariat"):  # the alliance seeds open
            client = world.client(persona)
            for path in [p for p in extra[persona] if p.startswith("/alliance/")]:
                assert client.get(path, **ZH).status_code == 200, (persona, path)
        # The walked pages show the core's problems and explanations, in Chinese.
        shown = {
            "job": manager.get(f"/reporting/imports/{seeds['job'].pk}/", **ZH),
            "partial": world.client("enterprise_b").get(
                f"/assessments/applications/{seeds['partial'].pk}/", **ZH
            ),
            "refused": refused,
        }
        text = {key: response.content.decode() for key, response in shown.items()}
        assert "“五十”不是数字" in text["job"]
        assert "单位“kWh”是能量，而此处应为质量（例如 t）（活动 原煤）" in text["job"]
        assert "千瓦时数值 -4 为负；每小时用电量不可能为负。" in text["refused"]
        assert "这一小时出现 2 次" in text["refused"]
        assert "缺失；全年 IT 机柜负载率" in text["partial"]  # a pending input, by its title
        assert "含本数" in text["partial"]  # the PUE limit as the policy words it
        assert "限定在 0 至 60 之间" in text["partial"]  # the indicator's explanation
        yield found


@pytest.mark.parametrize("app", APPS)
def test_no_english_sentence_on_the_chinese_pages_of(
    app: str, findings: dict[str, dict[str, list[str]]]
) -> None:
    assert findings[app] == {}


def test_the_rule_finds_an_english_sentence_and_passes_codes_units_and_names() -> None:
    assert english_runs("<p>the file is empty</p>") == [
        "'the file is empty' in 'the file is empty'"
    ]
    quiet = (
        "<p>GB/T 32150-2015 · 12.5 tCO2e · PUE 1.3 · natural_gas · Company A · Scope 1</p>"
        "<script>var a = 'not shown here';</script><code>x if hub else y</code>"
    )
    assert english_runs(quiet) == []
