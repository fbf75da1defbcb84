"""The district fact table: written by the verify hook from the newest verified version,
kept on it during a correction, rebuilt in bulk; the yearly series, breakdowns and core frames
read from it. Figures worked out by hand from the fixture's lines (tests.web.district.conftest).
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from django.core.exceptions import PermissionDenied

from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.district.models import CarrierFact, EnterpriseYearFact, FactBasis
from greenledger.web.district.selectors import facts as selectors
from greenledger.web.district.services import facts as services
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import (
    ActivityRecord,
    InventoryResult,
    SubmissionStatus,
)
from tests.web.district.conftest import (
    ENTERPRISES,
    YEARS,
    DistrictData,
    energy_tce,
    gbt32150_t,
    report,
    verify,
)

pytestmark = pytest.mark.django_db


def fact(data: DistrictData, key: str, year: int) -> EnterpriseYearFact:
    return EnterpriseYearFact.objects.get(organisation=data.enterprises[key], year=year)


def figures(key: str, year: int) -> tuple[float, float, float]:
    return ENTERPRISES[key][5][year]


def test_verifying_writes_the_fact_with_the_hand_worked_figures(district: DistrictData) -> None:
    row = fact(district, "e1", 2020)
    # 15,000 t raw coal x 0.7143 + 100 x 10^4 kWh x 1.229 tce
    assert row.energy_tce == pytest.approx(10714.5 + 122.9)
    # 15,000 t x 1.9144640188 tCO2e/t + 1,000 MWh x 0.5568 (the 2021 grid factor serves 2020)
    assert row.gbt32150_co2e_t == pytest.approx(28716.960282 + 556.8)
    assert row.scope1_co2e_t == pytest.approx(28716.960282)
    assert row.scope2_location_t == pytest.approx(556.8)
    assert row.energy_co2e_t == pytest.approx(29273.760282)
    assert row.non_energy_co2e_t == 0 and row.exported_co2e_t == 0
    assert row.output_value_wan_yuan == 10000
    assert row.so2_t == pytest.approx(15000 * 0.016)  # 16 S kg/t with S = 1 %
    assert row.nox_t == pytest.approx(15000 * 0.00294)
    assert row.basis == FactBasis.VERIFIED and row.version_number == 1
    assert row.submission_id == district.submissions["e1", 2020].pk
    assert row.park == district.parks["east"]
    assert (row.industry_code, row.industry_section, row.industry_division) == ("C3011", "C", "30")
    assert row.key_unit_status == "key unit"  # 10,837.4 tce >= 10,000
    assert fact(district, "e1", 2022).key_unit_status == "designatable"  # 9,433.38 tce
    assert fact(district, "e5", 2020).park is None  # a data centre outside the parks
    assert fact(district, "e5", 2020).industry_division == "65"
    inventory = InventoryResult.objects.get(version=row.version)
    assert row.factor_set_version == inventory.factor_set_version
    assert row.method_version == inventory.method_version and row.context == inventory.context
    carriers = {c.carrier: (c.energy_tce, c.energy_co2e_t) for c in row.carriers.all()}
    assert carriers == {
        "purchased_electricity": (pytest.approx(122.9), pytest.approx(556.8)),
        "raw_coal": (pytest.approx(10714.5), pytest.approx(28716.960282)),
    }
    assert EnterpriseYearFact.objects.count() == 14  # e4 did not report 2021


def test_every_fact_refresh_is_in_the_ledger_with_its_version(district: DistrictData) -> None:
    entries = AuditEntry.objects.filter(action="district.fact.refresh")
    assert entries.count() == 14
    entry = entries.get(object_id=str(fact(district, "e2", 2021).pk))
    assert entry.before is None
    assert entry.after["version"] == 1 and entry.after["basis"] == "verified"
    assert entry.after["energy_tce"] == pytest.approx(energy_tce(300, 60))
    assert entry.actor_id == district.evaluator.pk
    assert audit_verify().ok


def test_a_correction_keeps_the_last_verified_version_until_the_new_one_is_verified(
    district: DistrictData,
) -> None:
    manager = district.managers["e2"]
    submission = district.submissions["e2", 2022]
    version = reporting.submission_correct(
        actor=manager, submission=submission, reason="coal meter recalibrated"
    )
    coal = ActivityRecord.objects.get(version=version, activity="raw_coal")
    reporting.record_update(actor=manager, record=coal, quantity="100")
    submission.refresh_from_db()
    # The draft's inventory exists (recomputed on edit), but it is not verified.
    assert InventoryResult.objects.filter(version=version).exists()
    first = energy_tce(200, 70)
    services.facts_refresh(actor=None, submission=submission)
    row = selectors.fact_for(district.enterprises["e2"], 2022)
    assert row is not None and row.version_number == 1
    assert row.energy_tce == pytest.approx(first)
    assert row.correction_in_progress is True  # type: ignore[attr-defined]
    coverage = selectors.coverage(year=2022)
    assert [o.pk for o in coverage.in_correction] == [district.enterprises["e2"].pk]
    reporting.submission_submit(actor=manager, submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.UNDER_VERIFICATION
    services.facts_refresh(actor=None, submission=submission)
    assert fact(district, "e2", 2022).version_number == 1
    verify(district, submission)
    row = fact(district, "e2", 2022)
    assert row.version_number == 2 and row.version_id == version.pk
    assert row.energy_tce == pytest.approx(energy_tce(100, 70))  # 71.43 + 86.03
    assert row.gbt32150_co2e_t == pytest.approx(gbt32150_t(100, 70, 2022))
    carriers = dict(row.carriers.values_list("carrier", "energy_tce"))
    assert carriers["raw_coal"] == pytest.approx(71.43)
    entry = AuditEntry.objects.filter(action="district.fact.refresh").latest("sequence")
    assert entry.before["version"] == 1 and entry.after["version"] == 2
    assert entry.before["energy_tce"] == pytest.approx(first)
    latest = selectors.enterprise_facts(district.enterprises["e2"])[-1]
    assert latest.correction_in_progress is False  # type: ignore[attr-defined]


def test_a_version_never_verified_gives_no_fact(district: DistrictData) -> None:
    submission = report(district, "e4", 2021, (450, 20, 3000))
    assert submission.status == SubmissionStatus.UNDER_VERIFICATION
    assert services.facts_refresh(actor=None, submission=submission) is None
    assert not EnterpriseYearFact.objects.filter(
        organisation=district.enterprises["e4"], year=2021
    ).exists()
    services.facts_rebuild(actor=None)
    assert not EnterpriseYearFact.objects.filter(
        organisation=district.enterprises["e4"], year=2021
    ).exists()


def test_verification_and_its_fact_are_all_or_nothing(
    district: DistrictData, monkeypatch: pytest.MonkeyPatch
) -> None:
    submission = report(district, "e4", 2021, (450, 20, 3000))
    entries = AuditEntry.objects.count()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("the fact table is unavailable")

    monkeypatch.setattr(services, "facts_refresh", broken)
    with pytest.raises(RuntimeError):
        reporting.submission_verify(actor=district.evaluator, submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.UNDER_VERIFICATION
    assert AuditEntry.objects.count() == entries  # no submission.verify entry either


def _rows() -> dict[tuple[int, int], tuple[Any, ...]]:
    names = (
        "version_number",
        "park_id",
        "energy_tce",
        "gbt32150_co2e_t",
        "so2_t",
        "output_value_wan_yuan",
        "industry_division",
        "key_unit_status",
        "factor_set_version",
        "context",
        "estimate_method",
        "estimated_from_year",
    )
    return {
        (r[0], r[1]): tuple(round(v, 6) if isinstance(v, float) else v for v in r[2:])
        for r in EnterpriseYearFact.objects.values_list("organisation_id", "year", *names)
    }


def test_the_rebuild_gives_the_same_table_as_the_hooks_and_is_audited_once(
    district: DistrictData,
) -> None:
    hooked = _rows()
    carriers = CarrierFact.objects.count()
    assert services.facts_rebuild(actor=district.secretariat) == 14
    assert _rows() == hooked
    # electricity in each of the 14 facts, coal in e1's 3, e2's 3 and e4's 2
    assert CarrierFact.objects.count() == carriers == 14 + 8
    entry = AuditEntry.objects.get(action="district.facts.rebuild")
    assert entry.after == {
        "verified_facts": 14,
        "carrier_facts": 22,
        "replaced_verified_facts": 14,
        "replaced_estimates": 0,
        "estimated_facts": 0,
    }
    assert entry.actor_id == district.secretariat.pk


def test_the_rebuild_keeps_a_corrected_year_on_its_verified_version(
    district: DistrictData,
) -> None:
    manager = district.managers["e3"]
    submission = district.submissions["e3", 2021]
    version = reporting.submission_correct(actor=manager, submission=submission, reason="meter")
    power = ActivityRecord.objects.get(version=version, activity="purchased_electricity")
    reporting.record_update(actor=manager, record=power, quantity="500")
    services.facts_rebuild(actor=None)
    row = fact(district, "e3", 2021)
    assert row.version_number == 1 and row.energy_tce == pytest.approx(energy_tce(0, 90))


def test_the_rebuild_reads_a_batch_file_shared_by_several_enterprise_years(
    district: DistrictData, tmp_path: Any
) -> None:
    """A batch load may store one Parquet for many enterprise-years: the lines are matched by
    the enterprise's name and the year."""
    inventories = [
        InventoryResult.objects.get(version=district.submissions[key, year].versions.get())
        for key, year in (("e1", 2021), ("e2", 2021), ("e2", 2022))
    ]
    shared = tmp_path / "batch.parquet"
    pl.concat([pl.read_parquet(i.lines_path) for i in inventories]).write_parquet(shared)
    InventoryResult.objects.filter(pk__in=[i.pk for i in inventories]).update(
        lines_path=str(shared)
    )
    before = _rows()
    services.facts_rebuild(actor=None)
    assert _rows() == before


def test_only_the_staff_rebuilds(district: DistrictData) -> None:
    with pytest.raises(PermissionDenied):
        services.facts_rebuild(actor=district.managers["e1"])


def test_the_command_rebuilds_and_prints_the_counts(district: DistrictData) -> None:
    from greenledger.cli import main

    EnterpriseYearFact.objects.filter(year=2022).delete()
    result = CliRunner().invoke(main, ["district", "refresh"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("14 verified enterprise-year facts over 3 year(s), 0 estimated")
    assert EnterpriseYearFact.objects.filter(year=2022).count() == 5


def _total(name: str, year: int, keys: list[str] | None = None) -> float:
    chosen = [k for k in (keys or list(ENTERPRISES)) if year in ENTERPRISES[k][5]]
    if name == "energy_tce":
        return math.fsum(energy_tce(*figures(k, year)[:2]) for k in chosen)
    if name == "gbt32150_co2e_t":
        return math.fsum(gbt32150_t(*figures(k, year)[:2], year) for k in chosen)
    return math.fsum(figures(k, year)[2] for k in chosen)


def test_the_yearly_series_adds_up_the_verified_facts_in_two_queries(
    district: DistrictData, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        series = selectors.yearly_series()
    assert [row["year"] for row in series] == list(YEARS)
    first = series[0]
    assert first["enterprises"] == 5
    assert first["energy_tce"] == pytest.approx(11838.99)  # 10837.4+275.74+98.32+381.73+245.8
    assert first["output_value_wan_yuan"] == 26000
    assert first["tce_per_wan_yuan"] == pytest.approx(11838.99 / 26000)
    assert first["gbt32150_co2e_t"] == pytest.approx(_total("gbt32150_co2e_t", 2020))
    assert first["co2e_t_per_wan_yuan"] == pytest.approx(_total("gbt32150_co2e_t", 2020) / 26000)
    assert series[1]["enterprises"] == 4 and series[1]["output_value_wan_yuan"] == 25600
    assert series[1]["energy_tce"] == pytest.approx(_total("energy_tce", 2021))
    assert first["estimated"] == {
        "enterprises": 0,
        "energy_tce": 0.0,
        "gbt32150_co2e_t": 0.0,
        "output_value_wan_yuan": None,
    }
    west = selectors.yearly_series(park=district.parks["west"])
    assert [r["enterprises"] for r in west] == [2, 1, 2]
    assert west[2]["energy_tce"] == pytest.approx(_total("energy_tce", 2022, ["e3", "e4"]))
    assert selectors.fact_years() == [2020, 2021, 2022]


def test_breakdowns_by_park_and_industry(district: DistrictData) -> None:
    parks = {r["key"]: r for r in selectors.breakdown(year=2022, by="park")}
    east, west = district.parks["east"].pk, district.parks["west"].pk
    assert set(parks) == {east, west, None}
    assert parks[east]["label"] == "东园" and parks[east]["enterprises"] == 2
    assert parks[east]["energy_tce"] == pytest.approx(_total("energy_tce", 2022, ["e1", "e2"]))
    assert parks[None]["output_value_wan_yuan"] == 1200
    divisions = {r["key"]: r for r in selectors.breakdown(year=2020, by="industry_division")}
    assert set(divisions) == {"C30", "C26", "C38", "I65"}
    assert divisions["C30"]["enterprises"] == 2  # cement e1 and materials e4
    assert divisions["C30"]["energy_tce"] == pytest.approx(10837.4 + 381.73)
    sections = selectors.breakdown(year=2020, by="industry_section")
    assert [(r["key"], r["enterprises"]) for r in sections] == [("C", 4), ("I", 1)]
    in_east = selectors.breakdown(year=2020, by="industry_division", park=district.parks["east"])
    assert {r["key"] for r in in_east} == {"C30", "C26"}


def test_frames_decomposition_and_coordinated_reduction_read_the_verified_facts(
    district: DistrictData,
) -> None:
    tables = selectors.frames(years=[2020, 2022])
    assert tables.enterprise_years.height == 10 and tables.energy.height == 16
    e1 = str(district.enterprises["e1"].pk)
    row = tables.enterprise_years.filter(pl.col("enterprise") == e1, pl.col("year") == 2020)
    assert row.get_column("park").item() == str(district.parks["east"].pk)
    assert row.get_column("industry").item() == "C30"
    change = _total("gbt32150_co2e_t", 2022) - _total("gbt32150_co2e_t", 2020)
    result = selectors.decomposition(base_year=2020, year=2022)
    assert result.total_year_t - result.total_base_t == pytest.approx(change)
    assert math.fsum(result.terms_t.values()) == pytest.approx(change)
    reduction = selectors.coordinated(base_year=2020, year=2022)
    assert reduction.co2e_reduced_t == pytest.approx(-change)
    so2 = (15000 - 13000 + 300 - 200 + 500 - 400) * 0.016
    assert reduction.pollutant_reduced_t["SO2"] == pytest.approx(so2)
    west = selectors.decomposition(base_year=2020, year=2022, park=district.parks["west"])
    assert set(west.names) == {str(district.enterprises[k].pk) for k in ("e3", "e4")}


def test_enterprise_facts_lists_one_enterprise_oldest_first(district: DistrictData) -> None:
    rows = selectors.enterprise_facts(district.enterprises["e4"])
    assert [(r.year, r.basis) for r in rows] == [(2020, "verified"), (2022, "verified")]
    assert [r.energy_tce for r in rows] == pytest.approx([381.73, 310.3])
