"""Offers and needs through the services: the core readers' checks by field, the site's
coordinates, the fields that apply to each resource, closing, and the file import
(all-or-nothing, row and column)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.core.errors import InputError
from greenledger.web.audit.models import AuditEntry
from greenledger.web.ecology.models import ListingStatus, Need, Offer
from greenledger.web.ecology.services import listings
from tests.web.ecology.conftest import PERIOD, EcologyWorld


def test_the_world_holds_a_stored_heat_offer_and_need(ecology_world: EcologyWorld) -> None:
    offer = Offer.objects.get(pk=ecology_world.heat_offer.pk)
    assert (offer.kind, offer.supply_temp_c, offer.return_temp_c) == ("heat", 120.0, 70.0)
    assert (offer.unit, offer.quantity, offer.capacity_mw) == ("MWh", 8000.0, 2.0)
    assert offer.period_start == dt.date(2026, 1, 1)
    assert offer.period_end == dt.date(2028, 12, 31)
    need = Need.objects.get(pk=ecology_world.heat_need.pk)
    assert (need.process, need.min_temp_c, need.substitutes) == (
        "process_heat", 80.0, "natural_gas_boiler",
    )  # fmt: skip
    oil = Offer.objects.get(pk=ecology_world.oil_offer.pk)
    assert (oil.code, oil.unit, oil.anonymous) == ("900-249-08", "t", True)
    assert AuditEntry.objects.filter(
        action="ecology.offer.create", object_id=str(offer.pk)
    ).exists()


def test_a_heat_offer_not_hotter_than_its_return_is_refused_by_field(
    ecology_world: EcologyWorld,
) -> None:
    with pytest.raises(ValidationError) as refused:
        listings.offer_create(
            actor=ecology_world.users["a"], site=ecology_world.site_a, kind="heat", name="冷余热",
            supply_temp_c=60, return_temp_c=70, quantity=100, **PERIOD,
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["supply_temp_c"]
    assert "60" in refused.value.message_dict["supply_temp_c"][0]
    assert "70" in refused.value.message_dict["supply_temp_c"][0]


def test_an_unlisted_hazardous_code_and_a_field_that_does_not_apply_are_refused(
    ecology_world: EcologyWorld,
) -> None:
    with pytest.raises(ValidationError) as refused:
        listings.offer_create(
            actor=ecology_world.users["a"], site=ecology_world.site_a, kind="hazardous_waste",
            name="废物", code="900-999-08", supply_temp_c=50, quantity=10, **PERIOD,
        )  # fmt: skip
    errors = refused.value.message_dict
    assert set(errors) == {"code", "supply_temp_c"}
    assert "900-999-08" in errors["code"][0]


def test_a_site_without_coordinates_is_refused(ecology_world: EcologyWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        listings.need_create(
            actor=ecology_world.users["b"], site=ecology_world.world.site_b, kind="heat",
            name="用热", process="process_heat", min_temp_c=60, quantity=10, **PERIOD,
        )  # fmt: skip
    assert list(refused.value.message_dict) == ["site"]


def test_only_the_enterprise_declares_for_its_sites(ecology_world: EcologyWorld) -> None:
    for user in ("b", "staff", "researcher"):
        with pytest.raises(PermissionDenied):
            listings.offer_create(
                actor=ecology_world.users[user], site=ecology_world.site_a, kind="water",
                name="中水", quality_grade=3, quantity=10, **PERIOD,
            )  # fmt: skip


def test_closing_is_audited_and_happens_once(ecology_world: EcologyWorld) -> None:
    offer = ecology_world.heat_offer
    with pytest.raises(PermissionDenied):
        listings.listing_close(actor=ecology_world.users["b"], listing=offer)
    listings.listing_close(actor=ecology_world.users["a"], listing=offer)
    offer.refresh_from_db()
    assert offer.status == ListingStatus.CLOSED
    assert AuditEntry.objects.filter(action="ecology.offer.close").count() == 1
    with pytest.raises(ValidationError):
        listings.listing_close(actor=ecology_world.users["a"], listing=offer)


def test_a_file_of_needs_is_imported_whole(ecology_world: EcologyWorld, tmp_path: Path) -> None:
    path = tmp_path / "needs.csv"
    path.write_text(
        "site,kind,name,process,quantity,start_month,end_month,min_temp_c,quality_grade\n"
        "乙工厂,heat,干燥用热,process_heat,1200,2026-01,2026-12,90,\n"
        "B Factory,water,冷却补水,industrial_water_reuse,30000,2026-01,2027-06,,4\n",
        encoding="utf-8",
    )
    created = listings.listings_import(
        actor=ecology_world.users["b"], organisation=ecology_world.company_b, side="need",
        path=path, filename="needs.csv",
    )  # fmt: skip
    assert [(n.kind, n.quantity, n.unit) for n in created] == [
        ("heat", 1200.0, "MWh"), ("water", 30000.0, "m3"),
    ]  # fmt: skip
    assert created[1].water_grade == "4"
    assert created[1].period_end == dt.date(2027, 6, 30)
    assert {n.site_id for n in created} == {ecology_world.site_b.pk}


def test_a_file_with_problems_imports_nothing_and_names_rows_and_columns(
    ecology_world: EcologyWorld, tmp_path: Path
) -> None:
    path = tmp_path / "offers.csv"
    path.write_text(
        "site,kind,name,code,quantity,start_month,end_month,supply_temp_c,return_temp_c,"
        "heat_pump_cop\n"
        "甲工厂,heat,余热,,100,2026-01,2026-12,60,70,\n"
        "无此工厂,solid_waste,炉渣,,5,2026-01,2026-12,,,\n"
        "甲工厂,solid_waste,,441-001-S02,5,2026-13,2026-12,,,\n"
        "甲工厂,heat,低温余热,,100,2026-01,2026-12,60,40,3.5\n",
        encoding="utf-8",
    )
    before = Offer.objects.count()
    with pytest.raises(InputError) as refused:
        listings.listings_import(
            actor=ecology_world.users["a"], organisation=ecology_world.company_a, side="offer",
            path=path, filename="offers.csv",
        )  # fmt: skip
    where = {(p.row, p.column) for p in refused.value.problems}
    assert {
        (2, "supply_temp_c"),
        (3, "site"),
        (3, "code"),
        (4, "name"),
        (4, "start_month"),
        (5, "heat_pump_cop"),
    } <= where
    assert [p.column for p in refused.value.problems if p.row == 5] == ["heat_pump_cop"]
    assert all(p.file == "offers.csv" for p in refused.value.problems)
    assert Offer.objects.count() == before


def test_a_site_takes_coordinates_both_or_neither_and_is_flagged_outside_the_district(
    ecology_world: EcologyWorld,
) -> None:
    from greenledger.web.members.services import site_flags, site_update

    site = ecology_world.world.site_b  # B's data centre, without coordinates
    staff = ecology_world.users["staff"]
    with pytest.raises(ValidationError) as refused:
        site_update(actor=staff, site=site, latitude=31.2)
    assert list(refused.value.message_dict) == ["longitude"]
    with pytest.raises(ValidationError) as refused:
        site_update(actor=staff, site=site, latitude=95, longitude=121.6)
    assert list(refused.value.message_dict) == ["latitude"]
    site_update(actor=staff, site=site, latitude=31.23, longitude=121.55)
    site.refresh_from_db()
    assert (site.latitude, site.longitude) == (31.23, 121.55)
    assert site_flags(site) == []
    site_update(actor=staff, site=site, latitude=39.9, longitude=116.4)  # Beijing
    (flag,) = site_flags(site)
    assert "39.9" in flag and "116.4" in flag


def test_an_xlsx_file_of_offers_is_read_like_a_csv(
    ecology_world: EcologyWorld, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["site", "kind", "name", "code", "quantity", "start_month", "end_month"])
    sheet.append(["甲工厂", "solid_waste", "钢渣", "441-001-S02", 3000, "2026-01", "2026-12"])
    sheet.append(["甲工厂", "hazardous_waste", "废油", "900-999-08", 5, "2026-01", "2026-12"])
    path = tmp_path / "offers.xlsx"
    book.save(path)
    with pytest.raises(InputError) as refused:
        listings.listings_import(
            actor=ecology_world.users["a"], organisation=ecology_world.company_a, side="offer",
            path=path, filename="offers.xlsx",
        )  # fmt: skip
    assert [(p.row, p.column) for p in refused.value.problems] == [(3, "code")]
    sheet.delete_rows(3)
    book.save(path)
    (created,) = listings.listings_import(
        actor=ecology_world.users["a"], organisation=ecology_world.company_a, side="offer",
        path=path, filename="offers.xlsx",
    )  # fmt: skip
    assert (created.code, created.quantity, created.unit) == ("441-001-S02", 3000.0, "t")
