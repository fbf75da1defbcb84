"""Green power services: supplies checked and stored, certificates, storage, and hourly-matching
runs from the site's meter series, figured by hand (see ``green_power_support``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.core.errors import InputError
from greenledger.core.meters import file_sha256
from greenledger.web.audit.models import AuditEntry
from greenledger.web.ecology.models import CertificateVolume, GreenSupply
from greenledger.web.ecology.selectors.green_power import latest_cfe
from greenledger.web.ecology.services import green_power as services
from greenledger.web.members import services as member_services
from greenledger.web.members.models import SiteKind
from tests.web.conftest import World
from tests.web.ecology.green_power_support import (
    YEAR,
    load_csv,
    park_manager,
    private,  # noqa: F401  (fixture)
    solar_csv,
    store_load,
)

pytestmark = pytest.mark.usefixtures("private", "english")


def _solar(world: World, tmp_path: Path, name: str = "roof-pv.csv") -> list[GreenSupply]:
    return services.green_supply_upload(
        actor=world.users["enterprise_b"], site=world.site_b, year=YEAR, kind="onsite",
        path=solar_csv(tmp_path / name),
    )  # fmt: skip


def test_a_supply_series_is_stored_as_parquet_with_its_checksum(
    world: World, tmp_path: Path
) -> None:
    (supply,) = _solar(world, tmp_path)
    assert (supply.source, supply.kind, supply.year) == ("roof-pv", "onsite", YEAR)
    assert supply.annual_mwh == pytest.approx(2920.0)
    stored = Path(supply.series_path)
    assert stored.suffix == ".parquet" and stored.is_file()
    assert str(stored).startswith(str(services.supply_directory()))
    assert file_sha256(stored) == supply.series_sha256
    assert AuditEntry.objects.filter(action="ecology.green_supply.upload").count() == 1
    # the same source again replaces it
    (again,) = _solar(world, tmp_path)
    assert list(GreenSupply.objects.filter(site=world.site_b)) == [again]


def test_a_supply_of_another_year_or_with_a_gap_is_refused_with_the_file(
    world: World, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as other:
        services.green_supply_upload(
            actor=world.users["enterprise_b"], site=world.site_b, year=YEAR, kind="onsite",
            path=solar_csv(tmp_path / "pv-2024.csv", year=2024),
        )  # fmt: skip
    (problem,) = other.value.problems
    assert problem.file == "pv-2024.csv" and problem.message.code == "cfe.supply_other_year"
    assert "2024" in problem.reason and "2025" in problem.reason
    gap = tmp_path / "gap.csv"
    lines = solar_csv(tmp_path / "full.csv").read_text().splitlines()
    gap.write_text("\n".join(lines[:50] + lines[53:]) + "\n")
    with pytest.raises(InputError) as refused:
        services.green_supply_upload(
            actor=world.users["enterprise_b"], site=world.site_b, year=YEAR, kind="onsite",
            path=gap,
        )  # fmt: skip
    assert any(p.message.code.startswith("meters.gap") for p in refused.value.problems)
    assert not GreenSupply.objects.exists()


def test_only_the_sites_manager_keeps_its_green_power(world: World, tmp_path: Path) -> None:
    for persona in ("enterprise_a", "secretariat"):
        with pytest.raises(PermissionDenied):
            services.green_supply_flat(
                actor=world.users[persona], site=world.site_b, year=YEAR, source="x",
                annual_mwh=10,
            )  # fmt: skip
    with pytest.raises(ValidationError) as bad:
        services.green_supply_flat(
            actor=world.users["enterprise_b"], site=world.site_b, year=YEAR, source="wind",
            annual_mwh=-3,
        )  # fmt: skip
    assert "annual_mwh" in bad.value.message_dict


def test_certificates_by_month_and_by_file(world: World, tmp_path: Path) -> None:
    manager = world.users["enterprise_b"]
    services.certificate_save(actor=manager, site=world.site_b, month="2025-01", mwh=100)
    services.certificate_save(actor=manager, site=world.site_b, month="2025-01", mwh=120)
    assert CertificateVolume.objects.get(site=world.site_b).mwh == 120
    with pytest.raises(ValidationError):
        services.certificate_save(actor=manager, site=world.site_b, month="2025-13", mwh=1)
    bad = tmp_path / "gec.csv"
    bad.write_text("month,mwh\n2025-02,50\n2025-03,-4\n2024-12,9\n")
    with pytest.raises(InputError) as refused:
        services.certificates_import(actor=manager, site=world.site_b, year=YEAR, path=bad)
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "mwh"), (4, "month")]
    assert CertificateVolume.objects.get(site=world.site_b).mwh == 120  # nothing changed
    good = tmp_path / "gec-ok.csv"
    good.write_text("month,mwh\n2025-02,50\n2025-02,25\n2025-07,40\n")
    created = services.certificates_import(actor=manager, site=world.site_b, year=YEAR, path=good)
    months = {c.month: c.mwh for c in CertificateVolume.objects.filter(site=world.site_b)}
    assert months == {dt.date(2025, 2, 1): 75.0, dt.date(2025, 7, 1): 40.0}  # January replaced
    assert len(created) == 2


def test_storage_is_checked_by_the_core(world: World) -> None:
    manager = world.users["enterprise_b"]
    with pytest.raises(ValidationError) as bad:
        services.storage_save(
            actor=manager, site=world.site_b, name="battery", capacity_mwh=4, power_mw=2,
            round_trip_efficiency=1.2,
        )  # fmt: skip
    assert "round_trip_efficiency" in bad.value.message_dict
    first = services.storage_save(
        actor=manager, site=world.site_b, name="battery", capacity_mwh=4, power_mw=2,
        round_trip_efficiency=0.9,
    )  # fmt: skip
    second = services.storage_save(
        actor=manager, site=world.site_b, name="battery 2", capacity_mwh=6, power_mw=2,
        round_trip_efficiency=0.9,
    )  # fmt: skip
    assert first.pk == second.pk and second.capacity_mwh == 6  # one storage per site


def test_a_run_without_a_complete_load_is_refused_with_the_reason(
    world: World, tmp_path: Path
) -> None:
    manager = world.users["enterprise_b"]
    with pytest.raises(ValidationError) as missing:
        services.cfe_run(actor=manager, site=world.site_b, year=YEAR)
    assert "no hourly meter series for 2025" in missing.value.message_dict["year"][0]
    store_load(manager, world.site_b, tmp_path / "in", skip=5)
    with pytest.raises(ValidationError) as gap:
        services.cfe_run(actor=manager, site=world.site_b, year=YEAR)
    reason = gap.value.message_dict["year"][0]
    assert "M1" in reason and "misses 5 of the 8760 hours" in reason
    assert latest_cfe(world.site_b, YEAR) is None


def test_a_run_matches_the_hand_figures(world: World, tmp_path: Path) -> None:
    manager = world.users["enterprise_b"]
    store_load(manager, world.site_b, tmp_path / "in")
    _solar(world, tmp_path)
    run = services.cfe_run(actor=manager, site=world.site_b, year=YEAR)
    assert run.cfe_score == pytest.approx(1 / 6)
    assert run.annual_match_share == pytest.approx(1 / 3)
    result = run.result
    assert list(result)[:9] == [
        "hours", "load_mwh", "clean_supply_mwh", "matched_mwh", "cfe_score",
        "annual_match_share", "unmatched_mwh", "surplus_mwh", "by_hour_of_day",
    ]  # fmt: skip
    assert (result["hours"], result["load_mwh"], result["unmatched_mwh"]) == (8760, 8760, 7300)
    assert result["by_hour_of_day"][10:14] == [0, 0, 0, 0]
    assert result["by_hour_of_day"][9] == pytest.approx(365)
    assert result["by_month"][1] == pytest.approx(20 * 28)  # February: 28 days x 20 hours
    assert result["unmatched_emissions_t"] == pytest.approx(7300 * 0.55)
    assert run.provenance["grid_factor"]["id"] == "mee-nbs.electricity.ef.cn-east.2023"
    assert run.provenance["grid_factor"]["library"]
    heat = result["heatmap_unmatched_mwh"]
    assert (len(heat), len(heat[0])) == (365, 24)
    assert heat[0][9] == 1.0 and heat[0][11] == 0.0
    curve = result["duration_curve"]
    assert curve["load_mwh"][0] == 1.0 and curve["clean_supply_mwh"][:2] == [2.0, 2.0]
    assert latest_cfe(world.site_b, YEAR) == run


def test_flat_contracts_are_flagged_and_certificates_count_only_annually(
    world: World, tmp_path: Path
) -> None:
    manager = world.users["enterprise_b"]
    store_load(manager, world.site_b, tmp_path / "in")
    _solar(world, tmp_path)
    services.green_supply_flat(
        actor=manager, site=world.site_b, year=YEAR, source="华东风电合同", annual_mwh=876
    )
    services.certificate_save(actor=manager, site=world.site_b, month="2025-01", mwh=100)
    run = services.cfe_run(actor=manager, site=world.site_b, year=YEAR)
    assert run.cfe_score == pytest.approx(0.25)
    assert run.annual_match_share == pytest.approx((2920 + 876 + 100) / 8760)
    (flag,) = run.result["flag_messages"]
    assert flag["code"] == "cfe.flag.flat" and flag["params"]["source"] == "华东风电合同"
    assert {s["source"]: s["flat"] for s in run.provenance["sites"][0]["supplies"]} == {
        "roof-pv": False, "华东风电合同": True,
    }  # fmt: skip


def test_storage_shifts_the_surplus_into_the_afternoon(world: World, tmp_path: Path) -> None:
    manager = world.users["enterprise_b"]
    store_load(manager, world.site_b, tmp_path / "in")
    _solar(world, tmp_path)
    services.storage_save(
        actor=manager, site=world.site_b, name="battery", capacity_mwh=4, power_mw=2,
        round_trip_efficiency=1.0,
    )  # fmt: skip
    run = services.cfe_run(actor=manager, site=world.site_b, year=YEAR)
    assert run.cfe_score == pytest.approx(1 / 3)
    assert run.result["by_hour_of_day"][14:18] == [0, 0, 0, 0]
    assert run.result["storage_discharged_mwh"] == pytest.approx(4 * 365)


def test_a_park_pools_its_tenants_and_its_own_plants(world: World, tmp_path: Path) -> None:
    operator = park_manager(world)
    # the tenant A: 1 MWh every hour; the park's own solar: 2 MWh in hours 10..13
    store_load(world.users["enterprise_a"], world.site_a, tmp_path / "a")
    services.green_supply_upload(
        actor=operator, site=world.park, year=YEAR, kind="onsite",
        path=solar_csv(tmp_path / "park-pv.csv"),
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.cfe_run(actor=world.users["enterprise_a"], site=world.park, year=YEAR)
    run = services.cfe_run(actor=operator, site=world.park, year=YEAR)
    assert run.pooled and run.site == world.park
    assert run.cfe_score == pytest.approx(1 / 6)
    assert [s["site"] for s in run.provenance["sites"]] == [world.park.pk, world.site_a.pk]
    assert run.provenance["left_out"] == []
    assert run.provenance["sites"][0]["meters"] == []  # the park's own site has no load


def test_a_park_names_the_tenants_and_storage_it_leaves_out(world: World, tmp_path: Path) -> None:
    operator = park_manager(world)
    store_load(world.users["enterprise_a"], world.site_a, tmp_path / "a")
    services.storage_save(
        actor=world.users["enterprise_a"], site=world.site_a, name="A battery", capacity_mwh=4,
        power_mw=2, round_trip_efficiency=1.0,
    )  # fmt: skip
    newcomer = member_services.site_create(
        actor=None, organisation=world.company_b, kind=SiteKind.FACTORY, name_zh="乙新厂",
        parent_park=world.park,
    )  # fmt: skip
    services.green_supply_upload(
        actor=operator, site=world.park, year=YEAR, kind="onsite",
        path=solar_csv(tmp_path / "park-pv.csv"),
    )  # fmt: skip
    run = services.cfe_run(actor=operator, site=world.park, year=YEAR)
    assert run.provenance["left_out"] == [{"site": newcomer.pk, "name": "乙新厂"}]
    assert run.provenance["storage_not_pooled"] == [{"site": world.site_a.pk, "name": "A battery"}]
    assert run.cfe_score == pytest.approx(1 / 6)  # A's battery is not dispatched for the park


def test_a_load_file_is_the_meter_series_format(tmp_path: Path) -> None:
    text = load_csv(tmp_path / "l.csv").read_text().splitlines()
    assert text[0] == "meter,timestamp,kwh" and len(text) == 8761
