"""The result pages: solving from the page, the curve (private and social), the pathway, the
scenarios side by side, the commitment, the reports; who sees them (zh and en)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenledger.web.planning.models import Commitment, Plan, PlanRun
from greenledger.web.planning.services import plans as plan_services
from greenledger.web.planning.services.runs import plan_commit, plan_solve
from tests.web.planning.catalogue_support import research_institute, researcher, signed_in
from tests.web.planning.conftest import PlanningWorld
from tests.web.test_zh_interface import english_runs


def chart(html: str, chart_id: str) -> dict[str, Any]:
    found = re.search(
        rf'<script id="{chart_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, chart_id
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def manager(pw: PlanningWorld, language: str = "en") -> Client:
    client = pw.world.client("enterprise_a")
    client.cookies["django_language"] = language
    return client


def solved(pw: PlanningWorld, kind: str = "baseline") -> PlanRun:
    return plan_solve(actor=pw.manager, plan=pw.plan, scenario=pw.plan.scenarios.get(kind=kind))


def url(name: str, plan: Plan, **query: Any) -> str:
    base = reverse(f"planning:{name}", args=[plan.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_manager_solves_a_scenario_from_the_page_and_sees_its_pathway(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    client = manager(pw)
    policy = pw.plan.scenarios.get(kind="policy")
    page = client.get(url("pathway", pw.plan, scenario=policy.pk))
    assert page.status_code == 200
    assert "This scenario has not been solved yet." in page.content.decode()
    answer = client.post(url("plan_solve", pw.plan), {"scenario": policy.pk, "next": "pathway"})
    assert answer.status_code == 302
    assert answer["Location"] == url("pathway", pw.plan, scenario=policy.pk)
    run = PlanRun.objects.get(plan=pw.plan, scenario=policy)
    html = client.get(answer["Location"]).content.decode()
    assert 'data-status="optimal"' in html and "Current" in html
    spec = chart(html, "chart-pathway")
    path = next(t for t in spec["data"] if t["name"] == "Emissions with the pathway")
    emissions = run.result["pathway"]["emissions_t"]
    assert path["y"] == [emissions[y] for y in sorted(emissions, key=int)]
    assert 'id="pathway-table"' in html and 'data-year="2060"' in html


def test_the_curve_page_shows_the_steps_notes_and_both_views(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    pw.plan = plan_services.plan_update(actor=pw.manager, plan=pw.plan, social_rate=0.03)
    run = solved(pw)
    client = manager(pw)
    html = client.get(url("macc", pw.plan)).content.decode()
    assert "Measures applied in cost order on the remaining baseline" in html
    spec = chart(html, "chart-macc")
    heights = sorted(y for trace in spec["data"] for y in trace["y"])
    steps = run.result["macc"]
    assert heights == sorted(s["cost_per_t"] for s in steps if s["cost_per_t"] is not None)
    assert 'data-measure="vsd"' in html and "变频调速" in html
    assert "private view" in html  # the first note: the private view and its rate
    social = client.get(url("macc", pw.plan, view="social")).content.decode()
    social_spec = chart(social, "chart-macc")
    social_heights = sorted(y for trace in social_spec["data"] for y in trace["y"])
    assert social_heights == sorted(
        s["cost_per_t"] for s in run.result["macc_social"] if s["cost_per_t"] is not None
    )
    assert "social view" in social


def test_the_pages_speak_chinese(planning_world: PlanningWorld) -> None:
    pw = planning_world
    solved(pw)
    client = manager(pw, "zh-hans")
    html = client.get(url("macc", pw.plan)).content.decode()
    assert "边际减排成本曲线" in html and "Marginal abatement cost curve" not in html
    assert "按成本顺序" in html
    pathway = client.get(url("pathway", pw.plan)).content.decode()
    assert "最低成本路径" in pathway and "Least-cost pathway" not in pathway


def test_the_comparison_puts_the_solved_scenarios_side_by_side(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    client = manager(pw)
    empty = client.get(url("compare", pw.plan)).content.decode()
    assert 'id="compare-empty"' in empty
    answer = client.post(url("plan_solve", pw.plan), {"all": "1", "next": "compare"})
    assert answer["Location"] == url("compare", pw.plan)
    runs = {r.scenario.kind: r for r in PlanRun.objects.filter(plan=pw.plan)}
    assert set(runs) == {"baseline", "policy", "stretch"}
    html = client.get(url("compare", pw.plan)).content.decode()
    cost = chart(html, "chart-compare-cost")["data"][0]
    by_name = dict(zip(cost["x"], cost["y"], strict=True))
    for run in runs.values():
        assert by_name[run.scenario.name] == pytest.approx(run.npv_yuan)
    lines = chart(html, "chart-compare-emissions")["data"]
    assert {line["name"] for line in lines} == {r.scenario.name for r in runs.values()}
    # the stricter scenarios (carbon price, cleaner grid) emit less in 2040
    emissions = {k: r.result["pathway"]["emissions_t"]["2040"] for k, r in runs.items()}
    assert emissions["stretch"] <= emissions["policy"] <= emissions["baseline"]


def test_committing_from_the_page_and_the_commitment_table(planning_world: PlanningWorld) -> None:
    pw = planning_world
    run = solved(pw)
    client = manager(pw)
    page = client.get(url("commitment", pw.plan)).content.decode()
    assert 'id="no-commitment"' in page and f'<option value="{run.pk}"' in page
    answer = client.post(url("commitment", pw.plan), {"run": run.pk})
    assert answer.status_code == 302
    commitment = Commitment.objects.get(plan=pw.plan)
    html = client.get(url("commitment", pw.plan)).content.decode()
    assert 'data-year="2026" data-status="no_inventory"' in html
    spec = chart(html, "chart-commitment")
    assert spec["data"][0]["y"][0] == pytest.approx(commitment.emissions_t["2026"])


def test_a_refused_commitment_is_said_on_the_page(planning_world: PlanningWorld) -> None:
    pw = planning_world
    plan = plan_services.plan_update(
        actor=pw.manager, plan=pw.plan, targets=[{"year": 2030, "max_emissions_t": 1.0}]
    )
    run = plan_solve(actor=pw.manager, plan=plan, scenario=plan.scenarios.get(kind="baseline"))
    client = manager(pw)
    answer = client.post(url("commitment", plan), {"run": run.pk}, follow=True)
    assert "misses the targets" in answer.content.decode()
    assert not Commitment.objects.exists()
    pathway = client.get(url("pathway", plan)).content.decode()
    assert 'data-status="infeasible"' in pathway and 'id="shortfall-total"' in pathway


def test_who_sees_the_results(planning_world: PlanningWorld) -> None:
    pw = planning_world
    run = solved(pw)
    pages = [url(name, pw.plan) for name in ("macc", "pathway", "compare", "commitment")]
    for persona, status in (("secretariat", 200), ("enterprise_b", 404), ("analyst", 404),
                            ("evaluator", 404), ("public", 404)):  # fmt: skip
        client = pw.world.client(persona)
        assert [client.get(p).status_code for p in pages] == [status] * 4, persona
    # the staff read but do not solve or commit
    staff = pw.world.client("secretariat")
    assert staff.post(url("plan_solve", pw.plan), {"all": "1"}).status_code == 403
    assert staff.post(url("commitment", pw.plan), {"run": run.pk}).status_code == 403
    assert pw.world.client("enterprise_b").post(url("plan_solve", pw.plan)).status_code == 404
    anonymous = Client().get(pages[0])
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]
    # a research institution's staff do not see enterprises' plans
    institute = research_institute()
    assert signed_in(researcher(institute)).get(pages[1]).status_code == 404
    # the bank A shares its data with sees the plan once it is committed
    plan_commit(actor=pw.manager, plan=pw.plan, run=run)
    assert pw.world.client("analyst").get(pages[1]).status_code == 200


def test_the_reports_download_in_the_pages_language_or_the_one_asked(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    solved(pw)
    client = manager(pw, "zh-hans")
    xlsx = client.get(url("plan_xlsx", pw.plan))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert f'filename="plan-{pw.plan.pk}-zh-hans.xlsx"' in xlsx["Content-Disposition"]
    pdf = client.get(url("plan_pdf", pw.plan, lang="en"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert f'filename="plan-{pw.plan.pk}-en.pdf"' in pdf["Content-Disposition"]
    assert client.get(url("plan_pdf", pw.plan, lang="fr")).status_code == 404
    html = client.get(url("pathway", pw.plan)).content.decode()
    assert url("plan_xlsx", pw.plan) in html and url("plan_pdf", pw.plan) in html


def test_the_result_pages_have_no_english_sentence_in_chinese(
    planning_world: PlanningWorld,
) -> None:
    pw = planning_world
    plan = plan_services.plan_update(
        actor=pw.manager, plan=pw.plan, social_rate=0.03,
        targets=[{"year": 2030, "max_emissions_t": 1.0}],
    )  # fmt: skip
    infeasible = plan_solve(actor=pw.manager, plan=plan, scenario=plan.scenarios.get(kind="policy"))
    assert infeasible.status == "infeasible"
    plan = plan_services.plan_update(actor=pw.manager, plan=plan, targets=[])
    run = plan_solve(actor=pw.manager, plan=plan, scenario=plan.scenarios.get(kind="baseline"))
    plan_commit(actor=pw.manager, plan=plan, run=run)
    client = manager(pw, "zh-hans")
    pages = [url(name, plan) for name in ("macc", "pathway", "compare", "commitment")]
    pages += [
        url("macc", plan, view="social"),
        url("pathway", plan, scenario=infeasible.scenario_id),
    ]
    for page in pages:
        answer = client.get(page)
        assert answer.status_code == 200, page
        assert english_runs(answer.content.decode()) == [], page
