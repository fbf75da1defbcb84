"""The progress pages (district and park), the coverage page and the progress API, on the
verified district of ``conftest`` (five enterprises, 2020-2022; e4 missing in 2021)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from greenledger.core.progress.decomposition import TERMS
from greenledger.web.district.models import EnterpriseYearFact, FactBasis
from greenledger.web.district.selectors import facts
from greenledger.web.district.services.estimates import fact_estimate
from greenledger.web.members import services as members
from tests.web.conftest import organisation_values
from tests.web.district.conftest import ENTERPRISES, DistrictData, energy_tce, gbt32150_t
from tests.web.query_counts import queries

pytestmark = pytest.mark.django_db


def hand(year: int, keys: tuple[str, ...] = tuple(ENTERPRISES)) -> tuple[int, float, float]:
    """Enterprises, tce and tCO2e of ``keys`` in ``year``, by hand from the conftest table."""
    rows = [ENTERPRISES[k][5][year] for k in keys if year in ENTERPRISES[k][5]]
    return (
        len(rows),
        math.fsum(energy_tce(coal, kwh) for coal, kwh, _o in rows),
        math.fsum(gbt32150_t(coal, kwh, year) for coal, kwh, _o in rows),
    )


def staff_get(district: DistrictData, url: str, **extra: object) -> object:
    response = district.world.client("secretariat").get(url, **extra)
    assert response.status_code == 200, response.status_code
    return response


def test_the_district_page_shows_the_yearly_figures_and_the_terms_add_up(
    district: DistrictData, no_page_cache: None
) -> None:
    response = staff_get(district, "/district/?base=2020&year=2022")
    context = response.context
    series = {row["year"]: row for row in context["series"]}
    for year in (2020, 2021, 2022):
        count, tce, co2e = hand(year)
        assert series[year]["enterprises"] == count
        assert series[year]["energy_tce"] == pytest.approx(tce, rel=1e-6)
        assert series[year]["gbt32150_co2e_t"] == pytest.approx(co2e, rel=1e-6)
    decomposition = context["decomposition"]
    change = hand(2022)[2] - hand(2020)[2]
    assert decomposition["total_change_t"] == pytest.approx(change, rel=1e-6)
    assert math.fsum(decomposition["terms_t"][t] for t in TERMS) == pytest.approx(change, rel=1e-9)
    body = response.content.decode()
    assert f"{hand(2022)[2]:,.2f}" in body  # the series table
    assert 'id="chart-waterfall"' in body and 'id="chart-quadrant"' in body
    # the versions behind the figures are named
    versions = context["versions"]["factor_set_versions"]
    assert versions and all(v in body for v in versions)


def test_the_decomposition_between_other_years_and_its_groups(
    district: DistrictData, no_page_cache: None
) -> None:
    context = staff_get(district, "/district/?base=2020&year=2021").context
    decomposition = context["decomposition"]
    # e4 reported in 2020 but not 2021: it leaves with its whole 2020 total
    e4 = ENTERPRISES["e4"][5][2020]
    assert decomposition["terms_t"]["exit"] == pytest.approx(-gbt32150_t(e4[0], e4[1], 2020))
    by_park = {group["key"]: group for group in decomposition["by_park"]}
    east = by_park[str(district.parks["east"].pk)]
    assert east["label"] == "东园"
    east_change = hand(2021, ("e1", "e2"))[2] - hand(2020, ("e1", "e2"))[2]
    assert east["total_change_t"] == pytest.approx(east_change, rel=1e-6)
    total = math.fsum(group["total_change_t"] for group in decomposition["by_industry"])
    assert total == pytest.approx(decomposition["total_change_t"], rel=1e-9)
    # e1 cut the most (1,000 t coal less); the names are shown, not the ids
    assert decomposition["top_decrease"][0]["name"] == "东一水泥有限公司"


def test_the_years_breakdown_by_park_and_by_industry(
    district: DistrictData, no_page_cache: None
) -> None:
    response = staff_get(district, "/district/?year=2022")
    tables = {table_id: rows for _title, rows, table_id in response.context["breakdowns"]}
    parks = {row["key"]: row for row in tables["breakdown-park"]}
    east = parks[district.parks["east"].pk]
    assert east["enterprises"] == 2
    assert east["gbt32150_co2e_t"] == pytest.approx(hand(2022, ("e1", "e2"))[2], rel=1e-6)
    assert parks[None]["enterprises"] == 1  # e5, outside any park
    divisions = {row["key"]: row for row in tables["breakdown-industry"]}
    assert divisions["C30"]["enterprises"] == 2  # e1 cement, e4 building materials
    assert divisions["C30"]["energy_tce"] == pytest.approx(hand(2022, ("e1", "e4"))[1], rel=1e-6)
    body = response.content.decode()
    assert (
        'id="breakdown-park"' in body
        and f'href="/district/parks/{district.parks["east"].pk}/"' in body
    )


def test_estimates_are_shown_apart_and_never_summed(
    district: DistrictData, no_page_cache: None
) -> None:
    before = {row["year"]: row["gbt32150_co2e_t"] for row in facts.yearly_series()}
    EnterpriseYearFact.objects.create(
        organisation=district.enterprises["e4"],
        year=2021,
        basis=FactBasis.ESTIMATED,
        estimate_method="carry_forward",
        park=district.parks["west"],
        output_value_wan_yuan=3000.0,
        energy_tce=381.7,
        gbt32150_co2e_t=1069.6,
        refreshed_at=timezone.now(),
    )
    response = staff_get(district, "/district/?year=2021")
    series = {row["year"]: row for row in response.context["series"]}
    assert series[2021]["gbt32150_co2e_t"] == pytest.approx(before[2021])
    assert series[2021]["estimated"]["gbt32150_co2e_t"] == pytest.approx(1069.6)
    body = response.content.decode()
    assert 'id="estimates-table"' in body and "1,069.60" in body


def test_an_enterprise_with_energy_but_no_output_is_named_instead_of_failing(
    district: DistrictData, no_page_cache: None
) -> None:
    organisation = members.organisation_create(
        actor=None, **organisation_values(501, name_zh="缺产值企业有限公司")
    )
    for year in (2020, 2022):
        EnterpriseYearFact.objects.create(
            organisation=organisation,
            year=year,
            basis=FactBasis.VERIFIED,
            output_value_wan_yuan=None,
            energy_tce=50.0,
            energy_co2e_t=120.0,
            gbt32150_co2e_t=120.0,
            refreshed_at=timezone.now(),
        )
    response = staff_get(district, "/district/?base=2020&year=2022")
    assert "decomposition" not in response.context
    body = response.content.decode()
    assert 'id="decomposition-problems"' in body
    assert f"缺产值企业有限公司 ({organisation.pk}) 2020" in body
    response = district.world.client("anonymous").get(
        "/api/district/progress?base_year=2020&year=2022",
        **district.world.api_headers("secretariat"),
    )
    problems = response.json()["problems"]
    assert {p["params"]["year"] for p in problems} == {2020, 2022}
    assert all(p["code"] == "progress.decomposition.output_missing" for p in problems)


def test_a_park_page_shows_only_the_park(district: DistrictData, no_page_cache: None) -> None:
    east = district.parks["east"]
    response = staff_get(district, f"/district/parks/{east.pk}/")
    assert response.context["park"] == east
    series = {row["year"]: row for row in response.context["series"]}
    count, _tce, co2e = hand(2022, ("e1", "e2"))
    assert series[2022]["enterprises"] == count == 2
    assert series[2022]["gbt32150_co2e_t"] == pytest.approx(co2e, rel=1e-6)
    assert "东园进展" in response.content.decode()
    english = staff_get(district, f"/district/parks/{east.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Progress of East Park" in english.content.decode()


def test_a_site_that_is_not_a_park_is_not_found(district: DistrictData) -> None:
    site = district.sites["e1"]
    response = district.world.client("secretariat").get(f"/district/parks/{site.pk}/")
    assert response.status_code == 404


def test_the_coverage_page_names_who_did_not_report(
    district: DistrictData, no_page_cache: None
) -> None:
    response = staff_get(district, "/district/coverage/?year=2021")
    coverage = response.context["coverage"]
    missing = {o.name_zh for o in coverage.missing}
    assert "西四建材有限公司" in missing
    assert "东一水泥有限公司" not in missing
    rows = {row["year"]: row for row in response.context["years_coverage"]}
    assert rows[2021]["reported"] == 4 and rows[2022]["reported"] == 5
    assert "西四建材有限公司" in response.content.decode()


def test_the_coverage_chart_counts_an_estimated_enterprise_once(
    district: DistrictData, no_page_cache: None
) -> None:
    EnterpriseYearFact.objects.create(
        organisation=district.enterprises["e4"],
        year=2021,
        basis=FactBasis.ESTIMATED,
        estimate_method="carry_forward",
        park=district.parks["west"],
        refreshed_at=timezone.now(),
    )
    context = staff_get(district, "/district/coverage/?year=2021").context
    coverage = context["coverage"]
    assert [o.name_zh for o in coverage.estimated] == ["西四建材有限公司"]
    expected = len(coverage.expected)  # five enterprises plus companies A and B
    assert expected == 7
    bars = {trace["name"]: trace["y"] for trace in context["charts"]["coverage"]["data"]}
    index = [2020, 2021, 2022].index(2021)
    assert sum(values[index] for values in bars.values()) == expected
    assert sorted(values[index] for values in bars.values()) == [1, 2, 4]


def test_other_users_are_refused_and_anonymous_visitors_sent_to_sign_in(
    district: DistrictData,
) -> None:
    for url in (
        "/district/",
        "/district/coverage/",
        f"/district/parks/{district.parks['east'].pk}/",
    ):
        for persona in ("enterprise_a", "evaluator", "analyst", "public"):
            assert district.world.client(persona).get(url).status_code == 403
        response = district.world.client("anonymous").get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_costs_the_same_queries_with_more_enterprises(
    district: DistrictData, no_page_cache: None
) -> None:
    client = district.world.client("secretariat")
    url = "/district/?base=2020&year=2022"

    def add(number: int) -> None:  # a reporting enterprise that is not an alliance member
        organisation = members.organisation_create(actor=None, **organisation_values(number))
        for year in (2020, 2022):
            EnterpriseYearFact.objects.create(
                organisation=organisation,
                year=year,
                basis=FactBasis.VERIFIED,
                park=district.parks["east"],
                output_value_wan_yuan=100.0,
                refreshed_at=timezone.now(),
            )

    add(401)
    before = queries(client, url)
    for number in (402, 403, 404, 405):
        add(number)
    assert queries(client, url) == before <= 25


def test_the_api_returns_the_page_figures_to_the_staff_only(district: DistrictData) -> None:
    world = district.world
    client = world.client("anonymous")
    url = "/api/district/progress?base_year=2020&year=2022"
    response = client.get(url, **world.api_headers("secretariat"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["years"] == [2020, 2021, 2022]
    assert body["decomposition"]["total_change_t"] == pytest.approx(
        hand(2022)[2] - hand(2020)[2], rel=1e-6
    )
    assert set(body["decomposition"]["terms_t"]) == set(TERMS)
    assert body["coordinated"]["base_year"] == 2020
    assert body["versions"]["factor_set_versions"]
    assert body["coverage"]["year"] == 2022 and len(body["coverage"]["reported"]) == 5
    response = client.get(url, **world.api_headers("enterprise_a"))
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    response = client.get("/api/district/progress?year=1999", **world.api_headers("secretariat"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"
    park = district.parks["west"].pk
    response = client.get(f"/api/district/progress?park={park}", **world.api_headers("secretariat"))
    assert response.json()["series"][0]["enterprises"] == 2
    site = district.sites["e1"].pk
    response = client.get(f"/api/district/progress?park={site}", **world.api_headers("secretariat"))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "park"


def test_the_api_answer_is_kept_until_the_ledger_moves(district: DistrictData) -> None:
    """The progress JSON is computed once per state of the audit ledger: a fact row written
    behind the services' back is not seen, an audited estimate is (the ledger moved)."""
    world = district.world
    client = world.client("anonymous")
    url = "/api/district/progress?base_year=2020&year=2022"

    def row_2021() -> dict[str, Any]:
        response = client.get(url, **world.api_headers("secretariat"))
        assert response.status_code == 200, response.content
        return next(r for r in response.json()["series"] if r["year"] == 2021)  # type: ignore[no-any-return]

    before = row_2021()
    assert before["estimated"]["enterprises"] == 0
    EnterpriseYearFact.objects.filter(year=2021).update(energy_tce=F("energy_tce") + 1000.0)
    assert row_2021() == before  # no ledger entry: the kept answer
    e4 = district.enterprises["e4"]
    fact_estimate(actor=district.secretariat, organisation=e4, year=2021)
    after = row_2021()
    assert after["estimated"]["enterprises"] == 1
    assert after["estimated"]["energy_tce"] == pytest.approx(energy_tce(500, 20))
    assert after["energy_tce"] == pytest.approx(
        before["energy_tce"] + 1000.0 * before["enterprises"]
    )


def test_the_api_pages_the_coordinated_reductions_per_enterprise(district: DistrictData) -> None:
    world = district.world
    client = world.client("anonymous")
    url = "/api/district/progress?base_year=2020&year=2022"
    whole = client.get(url, **world.api_headers("secretariat")).json()["coordinated"]
    count = whole["enterprise_count"]
    assert count == len(whole["enterprises"]) >= 3
    response = client.get(
        f"{url}&enterprise_limit=2&enterprise_offset=1", **world.api_headers("secretariat")
    )
    part = response.json()["coordinated"]
    assert part["enterprise_count"] == count
    assert part["enterprises"] == whole["enterprises"][1:3]
    response = client.get(f"{url}&enterprise_limit=-1", **world.api_headers("secretariat"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("enterprise_limit")
