"""The plan pages: the manager creates a plan and edits shares (with live totals), settings and
targets, measures and scenarios; readers see, others get 404; refusals show the reason at the
field in the user's language and change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greenledger.web.audit.models import AuditEntry
from greenledger.web.planning.models import Plan, PlanMeasure, Scenario
from greenledger.web.planning.services import plans as services
from greenledger.web.reporting.models import Submission
from tests.web.planning.conftest import PLAN_NAME, PlanningWorld

pytestmark = pytest.mark.django_db


def _url(name: str, plan: Plan, *args: object) -> str:
    return reverse(f"planning:{name}", args=[plan.pk, *args])


def test_the_manager_sees_the_plan_with_its_baseline(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    page = client.get(reverse("planning:plans"))
    assert page.status_code == 200
    assert PLAN_NAME in page.content.decode()
    editor = client.get(_url("plan", planning_world.plan))
    html = editor.content.decode()
    assert editor.status_code == 200
    assert 'data-carrier="purchased_electricity"' in html and "天然气" in html
    assert 'data-end-use="motors_drives"' in html and 'data-end-use="process_emissions"' in html
    assert 'id="settings-form"' in html and 'id="shares-form"' in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("secretariat", 200), ("evaluator", 404), ("enterprise_b", 404), ("public", 404)],
)
def test_who_sees_the_editor(planning_world: PlanningWorld, persona: str, status: int) -> None:
    response = planning_world.world.client(persona).get(_url("plan", planning_world.plan))
    assert response.status_code == status
    if status == 200:
        assert 'id="settings-form"' not in response.content.decode()  # readers do not edit


def test_a_reader_cannot_write(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("secretariat")
    before = AuditEntry.objects.count()
    response = client.post(_url("plan", planning_world.plan), {"name": "x"})
    assert response.status_code == 403
    assert AuditEntry.objects.count() == before


def test_live_totals_follow_the_shares(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    ok = client.get(
        _url("plan_share_totals", planning_world.plan),
        {
            "share__purchased_electricity": "motors_drives: 50\nlighting: 50",
            "share__natural_gas": "",
        },
    )
    html = ok.content.decode()
    assert 'data-end-use="lighting"' in html and 'data-end-use="natural_gas"' in html
    assert "614.5" in html  # half of 1,229 tce
    bad = client.get(
        _url("plan_share_totals", planning_world.plan), {"share__purchased_electricity": "hvac: 30"}
    )
    assert "errorlist" in bad.content.decode()
    assert Plan.objects.get(pk=planning_world.plan.pk).shares["purchased_electricity"] == {
        "motors_drives": 0.6,
        "hvac": 0.4,
    }


def test_saving_shares_and_a_refusal(planning_world: PlanningWorld, english: None) -> None:
    client = planning_world.world.client("enterprise_a")
    url = _url("plan_shares", planning_world.plan)
    refused = client.post(
        url,
        {"share__purchased_electricity": "motors_drives: 60\nhvac: 30", "share__natural_gas": ""},
    )
    assert refused.status_code == 422
    assert "purchased_electricity" in refused.content.decode()
    saved = client.post(
        url,
        {
            "share__purchased_electricity": "motors_drives: 60\nhvac: 40",
            "share__natural_gas": "boilers_steam: 100",
        },
    )
    assert saved.status_code == 302
    shares = Plan.objects.get(pk=planning_world.plan.pk).shares
    assert shares == {
        "purchased_electricity": {"motors_drives": 0.6, "hvac": 0.4},
        "natural_gas": {"boilers_steam": 1.0},
    }


def test_settings_and_own_targets_are_saved(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    data = {
        "name": "新规划", "start_year": 2026, "end_year": 2050, "private_rate": 8,
        "social_rate": 4, "target_source": "own", "caps": "2030: 5000",
        "intensities": "2035: 0.05", "budget_yuan": "3000000", "annual_budget_yuan": "",
        "max_adoptions_per_year": 2,
    }  # fmt: skip
    response = client.post(_url("plan", planning_world.plan), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Plan.objects.get(pk=planning_world.plan.pk)
    assert (plan.name, plan.end_year, plan.social_rate, plan.budget_yuan) == (
        "新规划", 2050, 0.04, 3_000_000
    )  # fmt: skip
    assert plan.targets == [
        {"year": 2030, "max_emissions_t": 5000.0, "max_intensity_t_per_wan_yuan": None},
        {"year": 2035, "max_emissions_t": None, "max_intensity_t_per_wan_yuan": 0.05},
    ]
    page = client.get(_url("plan", plan)).content.decode()
    assert 'data-year="2030"' in page and 'data-year="2035"' in page


def test_a_target_after_the_end_year_is_refused_at_the_field(
    planning_world: PlanningWorld, english: None
) -> None:
    client = planning_world.world.client("enterprise_a")
    data = {
        "name": "x", "start_year": 2026, "end_year": 2040, "private_rate": 8, "social_rate": 4,
        "target_source": "own", "caps": "2050: 100", "intensities": "",
    }  # fmt: skip
    response = client.post(_url("plan", planning_world.plan), data)
    assert response.status_code == 200
    assert "2050" in response.content.decode() and "errorlist" in response.content.decode()
    assert Plan.objects.get(pk=planning_world.plan.pk).name == PLAN_NAME


def test_measures_from_the_catalogue_and_own(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    url = _url("plan_measures", planning_world.plan)
    page = client.get(url).content.decode()
    assert 'data-measure="vsd"' in page and "chiller_plant_optimisation" in page
    added = client.post(
        url,
        {"form": "catalogue", "technology_id": "chiller_plant_optimisation", "capacity": 200,
         "share": 50, "end_use": ""},
    )  # fmt: skip
    assert added.status_code == 302
    measure = PlanMeasure.objects.get(
        plan=planning_world.plan, measure_id="chiller_plant_optimisation"
    )
    assert measure.end_use == "hvac" and measure.saving_rate == pytest.approx(0.15 * 0.5)
    own = client.post(
        url,
        {"form": "own", "measure_id": "pv-roof", "name": "屋顶光伏", "end_use": "motors_drives",
         "effect": "emissions", "saving_rate": 10, "capex_yuan": 1_000_000,
         "annual_opex_change_yuan": 2000, "lifetime_years": 25, "enabled": "on"},
    )  # fmt: skip
    assert own.status_code == 302
    pv = PlanMeasure.objects.get(plan=planning_world.plan, measure_id="pv-roof")
    assert (pv.effect, pv.saving_rate, pv.technology_id) == ("emissions", 0.1, "")
    edit = client.get(url, {"edit": pv.pk}).content.decode()
    assert 'value="pv-roof"' in edit
    toggled = client.post(_url("plan_measure_toggle", planning_world.plan, pv.pk))
    assert toggled.status_code == 302
    assert PlanMeasure.objects.get(pk=pv.pk).enabled is False
    removed = client.post(_url("plan_measure_remove", planning_world.plan, pv.pk))
    assert removed.status_code == 302
    assert not PlanMeasure.objects.filter(pk=pv.pk).exists()


def test_a_bad_own_measure_is_refused_at_the_field(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    response = client.post(
        _url("plan_measures", planning_world.plan),
        {"form": "own", "measure_id": "x", "end_use": "hvac", "effect": "energy",
         "saving_rate": 150, "capex_yuan": 1, "annual_opex_change_yuan": 0,
         "lifetime_years": 5},
    )  # fmt: skip
    assert response.status_code == 422
    assert not PlanMeasure.objects.filter(plan=planning_world.plan, measure_id="x").exists()


def test_scenarios_page_edits_and_adds(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    url = _url("plan_scenarios", planning_world.plan)
    page = client.get(url).content.decode()
    assert page.count("data-scenario=") == 3
    response = client.post(
        url,
        {"name": "高碳价", "growth": 2, "grid_path": "national_decline",
         "energy_price_yuan_per_tce": 2000, "carbon_price_yuan_per_t": 300, "discount_rate": 6},
    )  # fmt: skip
    assert response.status_code == 302
    custom = Scenario.objects.get(plan=planning_world.plan, name="高碳价")
    assert (custom.kind, custom.growth, custom.discount_rate) == ("custom", 0.02, 0.06)


def test_a_new_plan_from_the_page(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    page = client.get(reverse("planning:plan_new"))
    assert page.status_code == 200 and "2025" in page.content.decode()
    response = client.post(reverse("planning:plan_new"), {"name": "第二个规划", "end_year": 2050})
    assert response.status_code == 302
    plan = Plan.objects.get(name="第二个规划")
    assert plan.end_year == 2050 and plan.scenarios.count() == 3
    assert response["Location"] == _url("plan", plan)


def test_copy_and_refresh_buttons(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    copied = client.post(_url("plan_copy", planning_world.plan))
    assert copied.status_code == 302
    assert Plan.objects.filter(organisation=planning_world.enterprise).count() == 2
    refresh = client.post(_url("plan_refresh", planning_world.plan), follow=True)
    assert refresh.status_code == 200  # nothing newer: said on the page, nothing changed
    assert Submission.objects.filter(organisation=planning_world.enterprise).count() == 1


def test_the_pages_speak_chinese(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("enterprise_a")
    editor = client.get(_url("plan", planning_world.plan)).content.decode()
    assert "终端用途占比" in editor and "按能源品种的能耗与排放" in editor and "保存规划" in editor
    measures = client.get(_url("plan_measures", planning_world.plan)).content.decode()
    assert "从技术目录添加技术" in measures and "自有措施" in measures
    scenarios = client.get(_url("plan_scenarios", planning_world.plan)).content.decode()
    assert "编辑或添加情景" in scenarios
    refused = client.post(
        _url("plan_shares", planning_world.plan), {"share__purchased_electricity": "hvac: 30"}
    )
    assert refused.status_code == 422 and "purchased_electricity" in refused.content.decode()


def test_the_scenarios_page_solves_and_links_the_results(planning_world: PlanningWorld) -> None:
    from greenledger.web.planning.models import PlanRun

    client = planning_world.world.client("enterprise_a")
    page = client.get(_url("plan_scenarios", planning_world.plan)).content.decode()
    assert _url("pathway", planning_world.plan) in page and 'id="solve-all-form"' in page
    baseline = planning_world.plan.scenarios.get(kind="baseline")
    response = client.post(
        _url("plan_solve", planning_world.plan), {"scenario": baseline.pk, "next": "pathway"}
    )
    assert response.status_code == 302
    assert PlanRun.objects.filter(plan=planning_world.plan, scenario=baseline).count() == 1
    reader = planning_world.world.client("secretariat")
    assert (
        'id="solve-all-form"'
        not in reader.get(_url("plan_scenarios", planning_world.plan)).content.decode()
    )


def test_a_researcher_sees_no_enterprise_plan(planning_world: PlanningWorld) -> None:
    from tests.web.planning.catalogue_support import (
        research_institute,
        researcher,
        signed_in,
        token_headers,
    )

    user = researcher(research_institute())
    client = signed_in(user)
    listed = client.get(reverse("planning:plans"))
    assert listed.status_code == 200 and PLAN_NAME not in listed.content.decode()
    assert client.get(_url("plan", planning_world.plan)).status_code == 404
    assert client.get(_url("plan_measures", planning_world.plan)).status_code == 404
    assert client.get(reverse("planning:plan_new")).status_code == 403
    headers = token_headers(user)
    before = AuditEntry.objects.count()
    assert client.post(_url("plan_shares", planning_world.plan), {}).status_code == 404
    api = client.get(f"/api/planning/plans/{planning_world.plan.pk}", **headers)
    assert api.status_code == 404
    assert AuditEntry.objects.count() == before


def test_the_bank_sees_a_committed_plan_only(planning_world: PlanningWorld) -> None:
    client = planning_world.world.client("analyst")
    url = _url("plan", planning_world.plan)
    assert client.get(url).status_code == 404
    Plan.objects.filter(pk=planning_world.plan.pk).update(status="committed")
    page = client.get(url)
    assert page.status_code == 200 and 'id="settings-form"' not in page.content.decode()


def test_no_english_sentence_on_the_chinese_plan_pages(planning_world: PlanningWorld) -> None:
    from tests.web.test_zh_interface import english_runs

    services.plan_update(
        actor=planning_world.manager, plan=planning_world.plan, target_source="district"
    )
    client = planning_world.world.client("enterprise_a")
    urls = [
        reverse("planning:plans"),
        reverse("planning:plan_new"),
        _url("plan", planning_world.plan),
        _url("plan_measures", planning_world.plan),
        _url("plan_scenarios", planning_world.plan),
        _url("plan_share_totals", planning_world.plan) + "?share__natural_gas=hvac:+30",
    ]
    found = {url: english_runs(client.get(url).content.decode()) for url in urls}
    refused = client.post(
        _url("plan", planning_world.plan),
        {"name": "", "start_year": 2026, "end_year": 2020, "private_rate": 200,
         "social_rate": 4, "target_source": "own", "caps": "2070: 1"},
    )  # fmt: skip
    found["refused settings"] = english_runs(refused.content.decode())
    assert {url: runs for url, runs in found.items() if runs} == {}


def test_the_plans_list_links_the_district_pathway_for_the_staff(
    planning_world: PlanningWorld,
) -> None:
    staff = planning_world.world.client("secretariat").get(reverse("planning:plans"))
    assert reverse("planning:district") in staff.content.decode()
    manager = planning_world.world.client("enterprise_a").get(reverse("planning:plans"))
    assert reverse("planning:district") not in manager.content.decode()
    assert 'id="plan-new"' in manager.content.decode()


def test_a_committed_plan_shows_no_edit_form_but_a_copy(planning_world: PlanningWorld) -> None:
    Plan.objects.filter(pk=planning_world.plan.pk).update(status="committed")
    client = planning_world.world.client("enterprise_a")
    html = client.get(_url("plan", planning_world.plan)).content.decode()
    assert 'id="settings-form"' not in html and 'id="copy-form"' in html
    assert 'id="committed-note"' in html
    measures = client.get(_url("plan_measures", planning_world.plan)).content.decode()
    assert 'id="own-form"' not in measures


def test_end_uses_and_carriers_are_named_in_the_users_language(
    planning_world: PlanningWorld,
) -> None:
    from django.utils import translation

    from greenledger.core.planning.baseline import END_USES
    from greenledger.web.planning.end_uses import end_use_label

    client = planning_world.world.client("enterprise_a")
    editor = client.get(_url("plan", planning_world.plan)).content.decode()
    assert "电机及拖动系统" in editor and "工艺过程（非能源）排放" in editor
    measures = client.get(_url("plan_measures", planning_world.plan)).content.decode()
    assert "暖通空调" in measures
    with translation.override("en"):
        assert end_use_label("boilers_steam") == "Boilers and steam"
        assert end_use_label("natural_gas") == "Natural gas"  # an unsplit carrier
        assert end_use_label("kiln_line_2") == "kiln_line_2"  # the enterprise's own name
    with translation.override("zh-hans"):
        labels = [end_use_label(name) for name in END_USES]
        assert all(label != name for label, name in zip(labels, END_USES, strict=True))
        assert end_use_label("purchased_electricity") == "外购电力"


def test_the_pdf_report_names_the_end_uses(planning_world: PlanningWorld) -> None:
    from greenledger.web.planning.exports import plan_html

    zh = plan_html(planning_world.plan, [], language="zh-hans")
    assert "电机及拖动系统" in zh and "锅炉及蒸汽系统" in zh
    en = plan_html(planning_world.plan, [], language="en")
    assert "Motors and drives" in en and "Process (non-energy) emissions" in en
