"""Green-power pages: a data centre's manager stores a solar series and runs the matching; the
figures, charts, grid factor and provenance show; refusals name the row or the reason; other
enterprises get 404, the staff read without forms (hand figures: ``green_power_support``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from greenledger.web.ecology.models import CfeRun, GreenSupply
from greenledger.web.ecology.services import green_power as services
from greenledger.web.members import services as member_services
from greenledger.web.members.models import SiteKind
from tests.web.conftest import World
from tests.web.ecology.green_power_support import (
    YEAR,
    park_manager,
    private,  # noqa: F401  (fixture)
    solar_csv,
    store_load,
)

pytestmark = pytest.mark.usefixtures("private")


def _english(world: World, persona: str) -> Client:
    client = world.client(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _page(site_id: int, year: int = YEAR) -> str:
    return f"/ecology/green-power/{site_id}/{year}/"


def test_the_manager_stores_a_supply_runs_and_sees_the_figures(
    world: World, tmp_path: Path
) -> None:
    manager = world.users["enterprise_b"]
    store_load(manager, world.site_b, tmp_path / "in")
    client = _english(world, "enterprise_b")
    page = client.get(_page(world.site_b.pk))
    assert page.status_code == 200 and b'id="no-run"' in page.content
    with solar_csv(tmp_path / "roof-pv.csv").open("rb") as handle:
        stored = client.post(
            _page(world.site_b.pk) + "supplies/", {"kind": "onsite", "file": handle}
        )
    assert stored.status_code == 302 and stored["Location"] == _page(world.site_b.pk)
    assert GreenSupply.objects.get(site=world.site_b).source == "roof-pv"
    ran = client.post(_page(world.site_b.pk) + "run/")
    assert ran.status_code == 302
    page = client.get(_page(world.site_b.pk))
    html = page.content.decode()
    assert '<span class="value" id="cfe-score">16.7 %</span>' in html
    assert '<span class="value" id="annual-share">33.3 %</span>' in html
    assert '<span class="value" id="unmatched-mwh">7,300.0</span>' in html
    assert '<span class="value" id="unmatched-emissions">4,015.0</span>' in html
    assert "mee-nbs.electricity.ef.cn-east.2023" in html and "factor library 2026.11" in html
    heat = page.context["charts"]["heatmap"]["data"][0]["z"]
    assert len(heat) == 365 and heat[0][9] == 1.0
    assert 'data-chart="chart-duration"' in html and "plotly" in html


def test_a_refused_series_shows_its_row_and_a_refused_run_its_reason(
    world: World, tmp_path: Path
) -> None:
    client = _english(world, "enterprise_b")
    lines = solar_csv(tmp_path / "ok.csv").read_text().splitlines()
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([*lines[:10], lines[9], *lines[10:]]) + "\n")  # hour 8 twice
    with bad.open("rb") as handle:
        refused = client.post(
            _page(world.site_b.pk) + "supplies/", {"kind": "onsite", "file": handle}
        )
    assert refused.status_code == 422
    problems = refused.context["refused"].problems
    assert any(p.row == 11 for p in problems), [(p.row, p.reason) for p in problems]
    assert b'id="green-power-problems"' in refused.content and b"bad.csv" in refused.content
    no_load = client.post(_page(world.site_b.pk) + "run/")
    assert no_load.status_code == 422
    assert "has no hourly meter series for 2025" in no_load.content.decode()
    assert not CfeRun.objects.exists()


def test_flat_contract_certificates_and_storage_by_form(world: World, tmp_path: Path) -> None:
    manager = world.users["enterprise_b"]
    store_load(manager, world.site_b, tmp_path / "in")
    client = _english(world, "enterprise_b")
    base = _page(world.site_b.pk)
    assert (
        client.post(base + "contracts/", {"source": "wind PPA", "annual_mwh": "876"}).status_code
        == 302
    )
    assert (
        client.post(base + "certificates/", {"month": "2025-03", "mwh": "100"}).status_code == 302
    )
    storage = {"name": "battery", "capacity_mwh": "4", "power_mw": "2",
               "round_trip_efficiency": "1.5"}  # fmt: skip
    bad = client.post(base + "storage/", storage)
    assert (
        bad.status_code == 422 and "round_trip_efficiency" in bad.context["forms"]["storage"].errors
    )
    assert (
        client.post(base + "storage/", {**storage, "round_trip_efficiency": "0.9"}).status_code
        == 302
    )
    assert client.post(base + "run/").status_code == 302
    html = client.get(base).content.decode()
    assert '<span class="value" id="cfe-score">10.0 %</span>' in html  # 876 / 8760
    assert '<span class="value" id="annual-share">11.1 %</span>' in html  # 976 / 8760
    assert "wind PPA" in html and "spread evenly over its hours" in html  # the flag


def test_who_sees_and_who_keeps_a_sites_green_power(world: World) -> None:
    base = _page(world.site_b.pk)
    assert world.client("enterprise_a").get(base).status_code == 404
    assert world.client("public").get(base).status_code == 404
    assert world.client("anonymous").get(base).status_code == 302
    staff = world.client("secretariat").get(base)
    assert staff.status_code == 200 and b'id="supply-form"' not in staff.content
    assert world.client("secretariat").post(base + "run/").status_code == 403
    assert world.client("enterprise_a").post(base + "run/").status_code == 404
    assert world.client("anonymous").post(base + "run/").status_code == 404
    index = world.client("enterprise_b").get("/ecology/green-power/")
    assert index.status_code == 200 and world.site_b.name_zh in index.content.decode()
    assert world.site_a.name_zh not in index.content.decode()
    assert world.client("public").get("/ecology/green-power/").status_code == 403
    services.green_supply_flat(
        actor=world.users["enterprise_b"], site=world.site_b, year=YEAR, source="PPA",
        annual_mwh=10,
    )  # fmt: skip
    staff_index = world.client("secretariat").get("/ecology/green-power/").content.decode()
    assert f'href="/ecology/green-power/{world.site_b.pk}/{YEAR}/"' in staff_index
    assert world.park.name_zh in staff_index  # parks, for their pooled figures
    assert world.site_a.name_zh not in staff_index  # no green-power data


def test_the_page_in_chinese(world: World, tmp_path: Path) -> None:
    manager = world.users["enterprise_b"]
    store_load(manager, world.site_b, tmp_path / "in")
    services.green_supply_flat(
        actor=manager, site=world.site_b, year=YEAR, source="风电", annual_mwh=876
    )
    services.cfe_run(actor=manager, site=world.site_b, year=YEAR)
    page = world.client("enterprise_b").get(_page(world.site_b.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "逐小时 CFE 得分" in html and "年度匹配比例" in html
    assert "合同 风电 仅知电量（876.0 MWh）" in html  # the flag, in the reader's language
    assert "电网排放因子 0.55 tCO2/MWh" in html


def test_the_park_operator_sees_the_pooled_page(world: World, tmp_path: Path) -> None:
    operator = park_manager(world)
    store_load(world.users["enterprise_a"], world.site_a, tmp_path / "a")
    newcomer = member_services.site_create(
        actor=None, organisation=world.company_b, kind=SiteKind.FACTORY, name_zh="乙新厂",
        parent_park=world.park,
    )  # fmt: skip
    services.green_supply_flat(
        actor=operator, site=world.park, year=YEAR, source="park PPA", annual_mwh=4380
    )
    client = Client(headers={"accept-language": "en"})
    client.force_login(operator)
    assert client.post(_page(world.park.pk) + "run/").status_code == 302
    html = client.get(_page(world.park.pk)).content.decode()
    assert "Hourly green-power matching of the park" in html and "(pooled)" in html
    assert '<span class="value" id="cfe-score">50.0 %</span>' in html  # 0.5 MWh for 1 MWh
    assert f"{newcomer.name_zh} is not pooled" in html
    assert world.client("enterprise_a").get(_page(world.park.pk)).status_code == 404
