"""The settings page: the secretariat sees every configurable threshold of every catalogue,
sets one with its source note (the project's page then shows the value in force and the note),
clears it, and gets a refused value back at its threshold in its language."""

from __future__ import annotations

import re

import pytest

from greenledger.core.finance.catalogue import available_catalogues, load_finance_catalogue
from greenledger.web.finance.models import CatalogueSetting
from greenledger.web.finance.services.eligibility import eligibility_run
from greenledger.web.finance.services.projects import project_update
from tests.web.finance.conftest import FinanceWorld
from tests.web.test_zh_interface import english_runs

pytestmark = pytest.mark.django_db

BOND = "green_bond_2021"
ABATEMENT = "categories.2.abatement.threshold"
NOTE = "绿色债券支持项目目录（2021年版）2.1 条；秘书处筛选值"
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_page_lists_every_configurable_threshold(finance_world: FinanceWorld) -> None:
    projects = finance_world.world.client("secretariat").get("/finance/projects/", **EN)
    assert 'href="/finance/settings/"' in projects.content.decode()
    page = finance_world.world.client("secretariat").get("/finance/settings/", **EN)
    assert page.status_code == 200
    html = page.content.decode()
    expected = {
        limit.path
        for key in available_catalogues()
        for limit in load_finance_catalogue(key).limits()
        if limit.configurable
    }
    assert len(expected) > 10
    for key in available_catalogues():
        shown = set(re.findall(rf'id="{key}--[^"]+" data-path="([^"]+)"', html))
        assert shown == {
            limit.path for limit in load_finance_catalogue(key).limits() if limit.configurable
        }
    assert "not published" in html and "Entry value" in html and "Advanced value" in html


def test_set_then_clear_from_the_page(finance_world: FinanceWorld) -> None:
    client = finance_world.world.client("secretariat")
    response = client.post(
        "/finance/settings/set/",
        {"catalogue": BOND, "path": ABATEMENT, "value": "900", "source_note": NOTE,
         "action": "set"}, **ZH,
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith("#green_bond_2021--categories-2-abatement-threshold")
    row = CatalogueSetting.objects.get()
    assert (row.value, row.source_note) == (900.0, NOTE)
    html = client.get("/finance/settings/", **ZH).content.decode()
    assert NOTE in html and "历史" in html and "未公布" in html
    assert english_runs(html) == []
    # the project's page shows the value in force and its source
    fw = finance_world
    project_update(
        actor=fw.manager, project=fw.project, categories={"green_finance_2025": "1", BOND: "2"}
    )
    eligibility_run(actor=fw.manager, project=fw.project)
    project_page = fw.world.client("analyst").get(f"/finance/projects/{fw.project.pk}/", **ZH)
    assert NOTE in project_page.content.decode()
    assert f"筛选值版本：设定 {row.pk}" in project_page.content.decode()
    cleared = client.post(
        "/finance/settings/set/",
        {"catalogue": BOND, "path": ABATEMENT, "value": "", "source_note": "撤销",
         "action": "clear"},
    )  # fmt: skip
    assert cleared.status_code == 302
    assert CatalogueSetting.objects.latest("id").value is None


def test_a_refused_value_is_shown_at_its_threshold_in_chinese(
    finance_world: FinanceWorld,
) -> None:
    client = finance_world.world.client("district_admin")
    response = client.post(
        "/finance/settings/set/",
        {"catalogue": BOND, "path": ABATEMENT, "value": "-5", "source_note": NOTE,
         "action": "set"}, **ZH,
    )  # fmt: skip
    assert response.status_code == 422
    html = response.content.decode()
    article = html.split('id="green_bond_2021--categories-2-abatement-threshold"')[1]
    article = article.split("</article>")[0]
    assert "数值须为不小于 0 的数" in article
    missing = client.post(
        "/finance/settings/set/",
        {"catalogue": BOND, "path": ABATEMENT, "value": "", "source_note": NOTE,
         "action": "set"}, **EN,
    )  # fmt: skip
    assert missing.status_code == 422
    assert "Enter the value, or clear the setting." in missing.content.decode()
    assert not CatalogueSetting.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "enterprise_a", "evaluator"])
def test_others_are_refused(finance_world: FinanceWorld, persona: str) -> None:
    client = finance_world.world.client(persona)
    assert client.get("/finance/settings/").status_code == 403
    response = client.post(
        "/finance/settings/set/",
        {"catalogue": BOND, "path": ABATEMENT, "value": "900", "source_note": NOTE,
         "action": "set"},
    )  # fmt: skip
    assert response.status_code == 403
    assert not CatalogueSetting.objects.exists()
