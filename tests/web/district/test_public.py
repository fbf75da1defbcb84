"""The published district aggregates: sums of verified rows only, small groups withheld (and a
park withheld when subtraction would reveal a small group), the same rows on the page, in the
CSV, the workbook and the API, for everybody."""

from __future__ import annotations

import csv
import io
import math

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from greenledger.web.district.models import EnterpriseYearFact, FactBasis
from greenledger.web.district.selectors import facts
from greenledger.web.district.selectors.public import (
    SUPPRESSED_COMPLEMENT,
    SUPPRESSED_SMALL,
    public_aggregates,
)
from greenledger.web.members import services as members
from tests.web.conftest import organisation_values
from tests.web.district.conftest import (
    ENTERPRISES,
    YEARS,
    DistrictData,
    energy_tce,
    gbt32150_t,
)

pytestmark = pytest.mark.django_db


def facts_versions() -> set[str]:
    return set(
        EnterpriseYearFact.objects.values_list("factor_set_version", flat=True).exclude(
            factor_set_version=""
        )
    )


def hand_total(year: int) -> tuple[int, float, float]:
    """Enterprises, tce and tCO2e of the conftest district in ``year``, by hand."""
    rows = [years[year] for *_r, years in ENTERPRISES.values() if year in years]
    return (
        len(rows),
        math.fsum(energy_tce(coal, kwh) for coal, kwh, _out in rows),
        math.fsum(gbt32150_t(coal, kwh, year) for coal, kwh, _out in rows),
    )


def add_fact(park: object, number: int, *, year: int = 2020, basis: str = FactBasis.VERIFIED,
             co2e: float = 1000.0) -> EnterpriseYearFact:  # fmt: skip
    organisation = members.organisation_create(actor=None, **organisation_values(number))
    return EnterpriseYearFact.objects.create(
        organisation=organisation,
        year=year,
        basis=basis,
        park=park,
        output_value_wan_yuan=500.0,
        energy_tce=100.0,
        gbt32150_co2e_t=co2e,
        energy_co2e_t=co2e,
        refreshed_at=timezone.now(),
    )


def by_scope(rows: list, year: int) -> dict:
    return {row.park_id: row for row in rows if row.year == year}


def test_the_district_totals_are_the_sums_of_the_verified_enterprise_years(
    district: DistrictData,
) -> None:
    rows = public_aggregates()
    for year in YEARS:
        count, tce, co2e = hand_total(year)
        total = by_scope(rows, year)[None]
        assert total.enterprises == count
        assert total.figures is not None
        assert total.figures["energy_tce"] == pytest.approx(tce, rel=1e-6)
        assert total.figures["gbt32150_co2e_t"] == pytest.approx(co2e, rel=1e-6)


def test_an_estimate_is_never_published(district: DistrictData) -> None:
    before = by_scope(public_aggregates(), 2021)[None].figures
    add_fact(district.parks["east"], 301, year=2021, basis=FactBasis.ESTIMATED, co2e=99999.0)
    after = by_scope(public_aggregates(), 2021)[None]
    assert after.figures == before
    assert after.enterprises == hand_total(2021)[0]


def test_parks_with_fewer_than_three_enterprises_are_withheld(district: DistrictData) -> None:
    # east: e1, e2; west: e3, e4 (e4 not in 2021): two or fewer each year
    rows = public_aggregates()
    for year in YEARS:
        found = by_scope(rows, year)
        for key in ("east", "west"):
            park = found[district.parks[key].pk]
            assert park.figures is None and park.suppressed == SUPPRESSED_SMALL
            assert park.as_dict()["gbt32150_co2e_t"] is None


def test_a_park_of_three_is_published_and_subtraction_reveals_nobody(
    district: DistrictData,
) -> None:
    east, west = district.parks["east"], district.parks["west"]
    add_fact(east, 311, co2e=500.0)  # east: e1, e2 + 1 = 3
    rows = by_scope(public_aggregates(), 2020)
    assert rows[east.pk].figures is not None
    e1, e2 = ENTERPRISES["e1"][5][2020], ENTERPRISES["e2"][5][2020]
    expected = gbt32150_t(e1[0], e1[1], 2020) + gbt32150_t(e2[0], e2[1], 2020) + 500.0
    assert rows[east.pk].figures["gbt32150_co2e_t"] == pytest.approx(expected, rel=1e-6)
    # district 6 - east 3 = 3 enterprises left (west's two and e5): nothing more withheld
    assert rows[west.pk].suppressed == SUPPRESSED_SMALL
    # now west has 3 too: 8 - 4 - 3 = 1 enterprise (e5) would be revealed by subtraction,
    # so the smaller published park (west) is withheld as well
    add_fact(east, 312)
    add_fact(west, 313)
    rows = by_scope(public_aggregates(), 2020)
    assert rows[None].enterprises == 8
    assert rows[east.pk].figures is not None
    assert rows[west.pk].figures is None and rows[west.pk].suppressed == SUPPRESSED_COMPLEMENT


def test_the_district_is_withheld_in_a_year_with_fewer_than_three(
    district: DistrictData,
) -> None:
    add_fact(None, 321, year=2023)
    add_fact(None, 322, year=2023)
    row = by_scope(public_aggregates(), 2023)[None]
    assert row.enterprises == 2 and row.figures is None


def test_everybody_sees_the_page_with_the_sums_and_no_enterprise_name(
    district: DistrictData, no_page_cache: None
) -> None:
    for persona in ("anonymous", "public", "enterprise_a", "secretariat"):
        response = district.world.client(persona).get("/district/public/")
        assert response.status_code == 200
        body = response.content.decode()
        assert "district-aggregates" in body
        for zh, en, *_rest in ENTERPRISES.values():
            assert zh not in body and en not in body
    _count, _tce, co2e = hand_total(2022)
    assert f"{co2e:,.2f}" in body
    versions = facts_versions()
    assert versions and all(v in body for v in versions)


def test_the_csv_and_the_workbook_hold_the_page_rows(district: DistrictData) -> None:
    client = district.world.client("anonymous")
    rows = public_aggregates()
    response = client.get("/district/public/aggregates.csv", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = table[0], table[1:]
    assert len(body) == len(rows)
    column = header.index("GB/T 32150 emissions (tCO2e)")
    for line, row in zip(body, rows, strict=True):
        value = row.as_dict()["gbt32150_co2e_t"]
        assert (line[column] == "") if value is None else float(line[column]) == value
    response = client.get("/district/public/aggregates.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(cells) == len(rows)
    for line, row in zip(cells, rows, strict=True):
        assert line[0] == row.year
        value = row.as_dict()["gbt32150_co2e_t"]  # the eighth column: GB/T 32150
        assert line[7] == (None if value is None else pytest.approx(value, rel=1e-12))


def test_the_api_returns_the_same_rows_to_anonymous_callers(district: DistrictData) -> None:
    response = district.world.client("anonymous").get("/api/district/public")
    assert response.status_code == 200
    body = response.json()
    assert body["minimum_enterprises"] == 3
    assert body["rows"] == [row.as_dict() for row in public_aggregates()]
    assert [v["year"] for v in body["versions"]] == list(YEARS)
    assert all(v["factor_set_versions"] and v["method_versions"] for v in body["versions"])
    district_rows = [r for r in body["rows"] if r["scope"] == "district"]
    assert [r["year"] for r in district_rows] == list(YEARS)
    assert district_rows[0]["gbt32150_co2e_t"] == pytest.approx(
        facts.yearly_series()[0]["gbt32150_co2e_t"]
    )
