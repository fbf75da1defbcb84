"""Estimates for a member's missing year: labelled, kept out of the verified totals, replaced
by a verified fact, and refused naming the field in the user's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.district.models import EnterpriseYearFact, FactBasis
from greenledger.web.district.selectors import facts as selectors
from greenledger.web.district.services.estimates import fact_estimate
from tests.web.district.conftest import DistrictData, energy_tce, gbt32150_t, report, verify

pytestmark = pytest.mark.django_db


def test_carrying_forward_copies_the_nearest_verified_year_labelled_as_an_estimate(
    district: DistrictData,
) -> None:
    e4 = district.enterprises["e4"]
    # 2020 and 2022 are both one year away: the earlier one is taken.
    estimate = fact_estimate(actor=district.secretariat, organisation=e4, year=2021)
    assert estimate.basis == FactBasis.ESTIMATED
    assert (estimate.estimate_method, estimate.estimated_from_year) == ("carry_forward", 2020)
    assert estimate.submission is None and estimate.version is None
    assert estimate.energy_tce == pytest.approx(energy_tce(500, 20))  # 357.15 + 24.58
    assert estimate.gbt32150_co2e_t == pytest.approx(gbt32150_t(500, 20, 2020))
    assert estimate.output_value_wan_yuan == 3000
    assert estimate.park == district.parks["west"]
    carriers = dict(estimate.carriers.values_list("carrier", "energy_tce"))
    assert carriers == {"raw_coal": pytest.approx(357.15), "purchased_electricity": 24.58}
    entry = AuditEntry.objects.get(action="district.fact.estimate")
    assert entry.after["basis"] == "estimated" and entry.after["estimated_from_year"] == 2020
    assert entry.after["scale"] == 1.0 and entry.actor_id == district.secretariat.pk


def test_scaling_by_output_value_multiplies_every_figure(district: DistrictData) -> None:
    e4 = district.enterprises["e4"]
    estimate = fact_estimate(
        actor=district.secretariat,
        organisation=e4,
        year=2021,
        method="output_scaled",
        from_year=2022,
        output_value_wan_yuan=3600,
    )
    # 2022: 400 t coal, 20 x 10^4 kWh, 3,000 x 10^4 yuan; scaled by 3,600 / 3,000 = 1.2
    assert estimate.estimated_from_year == 2022 and estimate.estimate_method == "output_scaled"
    assert estimate.energy_tce == pytest.approx(1.2 * energy_tce(400, 20))
    assert estimate.so2_t == pytest.approx(1.2 * 400 * 0.016)
    assert estimate.output_value_wan_yuan == 3600
    coal = estimate.carriers.get(carrier="raw_coal")
    assert coal.energy_tce == pytest.approx(1.2 * 285.72)


def test_estimates_never_enter_the_verified_totals(district: DistrictData) -> None:
    verified_2021 = selectors.yearly_series()[1]
    fact_estimate(actor=district.secretariat, organisation=district.enterprises["e4"], year=2021)
    series = selectors.yearly_series()
    row = series[1]
    assert row["year"] == 2021 and row["enterprises"] == 4
    assert row["energy_tce"] == pytest.approx(verified_2021["energy_tce"])
    assert row["output_value_wan_yuan"] == verified_2021["output_value_wan_yuan"] == 25600
    assert row["estimated"] == {
        "enterprises": 1,
        "energy_tce": pytest.approx(381.73),
        "gbt32150_co2e_t": pytest.approx(gbt32150_t(500, 20, 2020)),
        "output_value_wan_yuan": 3000.0,
    }
    both = selectors.yearly_series(basis="all")[1]
    assert both["enterprises"] == 5
    assert both["energy_tce"] == pytest.approx(verified_2021["energy_tce"] + 381.73)
    divisions = {r["key"]: r for r in selectors.breakdown(year=2021, by="industry_division")}
    assert divisions["C30"]["enterprises"] == 1  # e1 only: e4's estimate is not in it
    tables = selectors.frames(years=[2021])
    assert str(district.enterprises["e4"].pk) not in tables.enterprise_years["enterprise"]


def test_a_verified_report_replaces_the_estimate(district: DistrictData) -> None:
    e4 = district.enterprises["e4"]
    estimate = fact_estimate(actor=district.secretariat, organisation=e4, year=2021)
    verify(district, report(district, "e4", 2021, (450, 20, 3000)))
    row = EnterpriseYearFact.objects.get(organisation=e4, year=2021)
    assert row.pk == estimate.pk and row.basis == FactBasis.VERIFIED
    assert (row.estimate_method, row.estimated_from_year) == ("", None)
    assert row.energy_tce == pytest.approx(energy_tce(450, 20))
    entry = AuditEntry.objects.filter(action="district.fact.refresh").latest("sequence")
    assert entry.before["basis"] == "estimated" and entry.after["replaces_estimate"] is True
    assert selectors.yearly_series()[1]["estimated"]["enterprises"] == 0


def _refusal(district: DistrictData, **kwargs: object) -> dict[str, list[str]]:
    values: dict[str, object] = {
        "actor": district.secretariat,
        "organisation": district.enterprises["e4"],
        "year": 2021,
    }
    values.update(kwargs)
    with pytest.raises(ValidationError) as caught:
        fact_estimate(**values)  # type: ignore[arg-type]
    return caught.value.message_dict


def test_refusals_name_the_field_and_the_reason_in_chinese(district: DistrictData) -> None:
    with translation.override("zh-hans"):
        verified = _refusal(district, organisation=district.enterprises["e1"])
        assert verified == {"year": ["东一水泥有限公司的 2021 年数据已核查，不能以估算替代。"]}
        nothing = _refusal(district, organisation=district.world.company_a)
        assert nothing == {"organisation": ["甲公司没有已核查的年份可用于估算 2021 年。"]}
        assert list(_refusal(district, year=1999)) == ["year"]
        assert "2000" in _refusal(district, year=2101)["year"][0]
        assert list(_refusal(district, from_year=2021)) == ["from_year"]
        assert list(_refusal(district, method="guess")) == ["method"]
        assert list(_refusal(district, method="output_scaled")) == ["output_value_wan_yuan"]
    assert not EnterpriseYearFact.objects.filter(basis=FactBasis.ESTIMATED).exists()


def test_refusals_in_english(district: DistrictData, english: None) -> None:
    message = _refusal(district, organisation=district.enterprises["e1"])["year"][0]
    assert message == (
        "东一水泥有限公司's 2021 figures are verified; an estimate cannot replace them."
    )


def test_only_the_staff_estimates(district: DistrictData) -> None:
    with pytest.raises(PermissionDenied):
        fact_estimate(
            actor=district.managers["e4"], organisation=district.enterprises["e4"], year=2021
        )
