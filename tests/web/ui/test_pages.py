"""The server-rendered pages: what each persona sees, htmx partials, the overview cache."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from django.test import Client
from django.urls import reverse

from greenledger.web.members import services
from greenledger.web.ui.assets import plotly_version
from greenledger.web.ui.templatetags.ui_extras import organisation_url, site_url
from tests.web.conftest import PASSWORD, World

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_detail_url_filters_match_the_url_patterns() -> None:
    assert organisation_url(42) == reverse("ui:organisation", args=[42])
    assert site_url(7) == reverse("ui:site", args=[7])


def test_the_overview_is_in_chinese_by_default_and_in_english_on_request(world: World) -> None:
    chinese = Client().get("/").content.decode()
    assert "<h1>区域总览</h1>" in chinese
    assert "绿色工厂" in chinese
    english = Client().get("/", **EN).content.decode()
    assert "<h1>District overview</h1>" in english


def test_the_overview_counts_change_as_soon_as_the_registry_changes(world: World) -> None:
    client = Client()

    def green_factories() -> str:
        html = client.get("/", **EN).content.decode()
        card = html.split('data-type="green_factory"')[1]
        return card.split('<span class="value">')[1].split("</span>")[0]

    assert green_factories() == "0"
    services.designation_create(
        actor=None,
        organisation=world.company_a,
        site=world.site_a,
        type="green_factory",
        level="national",
        year=2021,
        issuing_body="工业和信息化部",
        valid_from=dt.date(2021, 12, 1),
    )
    assert green_factories() == "1"  # the cached page body was keyed on the old ledger entry


def test_the_directory_lists_only_what_the_viewer_may_see(world: World) -> None:
    anonymous = Client().get("/members/", **ZH).content.decode()
    assert world.company_c.name_zh in anonymous
    assert world.company_a.name_zh not in anonymous
    assert world.company_b.name_zh not in anonymous

    mine = world.client("enterprise_a").get("/members/", **ZH).content.decode()
    assert world.company_a.name_zh in mine
    assert world.company_b.name_zh not in mine


def test_the_directory_searches_by_credit_code_and_filters_by_park_and_designation(
    world: World,
) -> None:
    client = world.client("district_admin")
    found = client.get("/members/", {"q": world.company_b.credit_code}, **ZH).content.decode()
    assert world.company_b.name_zh in found
    assert world.company_a.name_zh not in found

    in_park = client.get("/members/", {"park": world.park.pk}, **ZH).content.decode()
    assert world.company_a.name_zh in in_park  # its factory lies in the park
    assert world.company_c.name_zh in in_park  # it owns the park
    assert world.company_b.name_zh not in in_park

    holders = client.get(
        "/members/", {"designation": "zero_carbon_data_center"}, **ZH
    ).content.decode()
    assert world.company_b.name_zh in holders
    assert world.company_a.name_zh not in holders


def test_a_park_filter_names_no_park_the_viewer_may_not_see(world: World) -> None:
    response = Client().get("/members/", {"park": 999_999}, **ZH)
    assert response.status_code == 200
    assert "全部园区" in response.content.decode()


def test_an_htmx_request_gets_only_the_results(world: World) -> None:
    response = Client().get(
        "/members/", {"kind": "enterprise"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="result-count"' in html
    assert "HX-Request" in response["Vary"]


def test_an_enterprise_user_gets_a_404_page_for_another_tenants_organisation(
    world: World,
) -> None:
    client = world.client("enterprise_b")
    response = client.get(f"/members/{world.company_a.pk}/", **ZH)
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html
    assert world.company_a.name_zh not in html
    own = client.get(f"/members/{world.company_b.pk}/", **ZH).content.decode()
    assert world.company_b.name_zh in own
    assert world.site_b.name_zh in own


def test_the_site_page_shows_the_park_and_its_tenants(world: World) -> None:
    admin = world.client("district_admin")
    park = admin.get(f"/sites/{world.park.pk}/", **ZH).content.decode()
    assert world.site_a.name_zh in park  # a tenant the administrator may see
    public = Client().get(f"/sites/{world.park.pk}/", **ZH).content.decode()
    assert world.site_a.name_zh not in public  # company A is not published


def test_the_designation_list_filters_by_type_level_year_and_status(world: World) -> None:
    client = world.client("district_admin")
    html = client.get(
        "/designations/",
        {"type": "green_supply_chain", "level": "national", "year": 2020, "status": "active"},
        **ZH,
    ).content.decode()
    assert world.company_a.name_zh in html
    assert world.company_b.name_zh not in html
    assert "共 1 项认定" in html


def test_signing_in_and_out(world: World) -> None:
    client = Client()
    page = client.get("/login/", **ZH)
    assert "<h1>登录</h1>" in page.content.decode()
    response = client.post("/login/", {"username": "enterprise-a", "password": PASSWORD})
    assert response.status_code == 302
    assert "enterprise-a" in client.get("/", **ZH).content.decode()
    assert client.post("/logout/").status_code == 302
    assert "enterprise-a" not in client.get("/", **ZH).content.decode()


def test_a_locked_out_sign_in_says_so(world: World, settings) -> None:
    client = Client()
    for _ in range(settings.GREENLEDGER_LOGIN_MAX_FAILURES):
        client.post("/login/", {"username": "enterprise-a", "password": "wrong"})
    response = client.post("/login/", {"username": "enterprise-a", "password": PASSWORD}, **EN)
    assert response.status_code == 200
    assert "Too many failed sign-ins" in response.content.decode()


def test_healthz_answers_without_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_plotly_js_comes_from_the_installed_package_gzipped_and_cacheable(client: Client) -> None:
    url = f"/assets/plotly-{plotly_version()}.min.js"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert b"plotly.js" in gzip.decompress(response.content)[:2000]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert client.get("/assets/plotly-0.0.0.min.js").status_code == 404


def test_a_search_with_very_many_hits_says_more_than(world: World, monkeypatch) -> None:
    from greenledger.web.ui.lists import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 1)
    html = world.client("district_admin").get("/members/", {"q": "公司"}, **ZH).content.decode()
    assert "超过 1 家组织" in html
