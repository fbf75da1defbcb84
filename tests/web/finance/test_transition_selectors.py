"""Transition-loan KPI tracking (``selectors.transition.transition_tracking``), by hand: company
A's verified 2024 and 2025 inventories give 2.1 and 1.8 tCO2e per t of steel against the entry
value 2.0 and the advanced value 1.6 (hand figures in transition_support.py)."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone

from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.finance.selectors.transition import (
    TransitionTrack,
    transition_json,
    transition_positions,
    transition_tracking,
)
from greenledger.web.reporting.selectors import latest_inventory
from tests.web.finance.transition_support import (
    ADVANCED,
    ADVANCED_PATH,
    CO2_PER_T_LIMESTONE,
    ENTRY,
    ENTRY_PATH,
    LIMESTONE_T,
    PRODUCT_T,
    TransitionWorld,
    kept_transition_world,
    transition_settings,
    verified,
)

__all__ = ["kept_transition_world"]


@pytest.fixture
def tw(kept_transition_world: TransitionWorld, db: None, tmp_path: Path) -> TransitionWorld:
    copied = copy.deepcopy(kept_transition_world)
    copied.world.objects = {}
    copied.tmp = tmp_path
    return copied


def _tracks(tw: TransitionWorld) -> dict[str, TransitionTrack]:
    tracks = transition_tracking(user=tw.world.users["analyst"], institution=tw.world.bank)
    return {t.position.position: t for t in tracks}


def test_the_hand_figures_of_the_inventories() -> None:
    assert CO2_PER_T_LIMESTONE * LIMESTONE_T[2024] / PRODUCT_T[2024] == pytest.approx(2.1)
    assert CO2_PER_T_LIMESTONE * LIMESTONE_T[2025] / PRODUCT_T[2025] == pytest.approx(1.8)


def test_only_transition_loans_are_tracked_once(tw: TransitionWorld) -> None:
    names = [p.position for p in transition_positions(tw.world.bank)]
    assert names == ["T-1", "T-OUT"]  # G-1 is an ordinary loan


def test_two_verified_years_against_entry_and_advanced(tw: TransitionWorld) -> None:
    with transition_settings():
        track = _tracks(tw)["T-1"]
    assert track.category == "C31"
    assert track.industry == "C3120"
    assert track.unit == "tCO2e/t"
    assert track.reason == ""
    years = {y.year: y for y in track.years}
    assert sorted(years) == [2023, 2024, 2025]
    first, second = years[2024], years[2025]
    assert first.kpi == pytest.approx(2.1)
    assert first.emissions_tco2e == pytest.approx(923.391)
    assert first.product_output == pytest.approx(439.71)
    assert (first.entry, first.advanced) == (ENTRY, ADVANCED)
    assert first.status == "below_entry"
    assert first.gap_to_entry == pytest.approx(0.1)
    assert first.gap_to_advanced == pytest.approx(0.5)
    assert second.kpi == pytest.approx(1.8)
    assert second.status == "entry"
    assert second.gap_to_entry == 0.0
    assert second.gap_to_advanced == pytest.approx(0.2)
    submission = tw.submissions[2025]
    assert second.evidence["submission"] == submission.pk
    assert second.evidence["version"] == submission.versions.order_by("-number").first().pk


def test_a_year_without_product_output_needs_data(tw: TransitionWorld) -> None:
    with transition_settings():
        year = {y.year: y for y in _tracks(tw)["T-1"].years}[2023]
    assert year.status == "needs_data"
    assert year.reason == "no_product_output"
    assert year.kpi is None
    assert year.emissions_tco2e == pytest.approx(439.71)


def test_a_year_with_two_products_needs_data(tw: TransitionWorld) -> None:
    """Two products: the emissions cannot be split between them without an allocation rule."""
    text = (
        "enterprise,site,period,activity,quantity,unit,product\n"
        "甲公司,甲工厂,2022-12,石灰石,1000,t,\n"
        "甲公司,甲工厂,2022-12,product_output,300,t,钢材\n"
        "甲公司,甲工厂,2022-12,product_output,100,t,钢管\n"
    )
    verified(tw.world, tw.tmp, 2022, text)
    with transition_settings():
        year = {y.year: y for y in _tracks(tw)["T-1"].years}[2022]
    assert (year.status, year.reason, year.kpi) == ("needs_data", "several_products", None)
    assert year.emissions_tco2e == pytest.approx(439.71)


def test_unset_values_need_setting_but_the_kpi_is_shown(tw: TransitionWorld) -> None:
    years = {y.year: y for y in _tracks(tw)["T-1"].years}
    assert years[2024].status == "needs_setting"
    assert years[2024].kpi == pytest.approx(2.1)
    assert years[2024].entry is None and years[2024].gap_to_entry is None


def test_the_advanced_value_met(tw: TransitionWorld) -> None:
    settings = {
        "shanghai_transition_2024": {
            "categories.C31.carbon_intensity.threshold": 2.2,
            "categories.C31.carbon_intensity.advanced": 1.8,
        }
    }
    with override_settings(FINANCE_CATALOGUE_SETTINGS=settings):
        years = {y.year: y for y in _tracks(tw)["T-1"].years}
    assert years[2024].status == "entry"  # 2.1 <= 2.2, > 1.8
    assert years[2025].status == "advanced"  # 1.8 <= 1.8 (以下 includes the number)
    assert years[2025].gap_to_advanced == 0.0


def test_the_secretariats_settings_apply(tw: TransitionWorld) -> None:
    from greenledger.web.finance.services.settings import catalogue_setting_set

    secretariat = tw.world.users["secretariat"]
    note = "上海市转型金融目录（试行）钢铁行业 降碳准入值/先进值 (screening test)"
    for path, value in ((ENTRY_PATH, ENTRY), (ADVANCED_PATH, ADVANCED)):
        catalogue_setting_set(
            actor=secretariat,
            catalogue="shanghai_transition_2024",
            path=path,
            value=value,
            source_note=note,
        )
    track = _tracks(tw)["T-1"]
    statuses = {y.year: y.status for y in track.years}
    assert statuses == {2023: "needs_data", 2024: "below_entry", 2025: "entry"}
    assert "screening test" in track.source
    assert track.confirmed is False


def test_an_industry_no_category_covers(tw: TransitionWorld) -> None:
    tw.world.company_a.industry_code = "C3825"
    tw.world.company_a.save(update_fields=["industry_code"])
    with transition_settings():
        track = _tracks(tw)["T-1"]
    assert (track.category, track.industry) == ("", "C3825")
    year = {y.year: y for y in track.years}[2024]
    assert (year.status, year.reason, year.entry) == ("needs_setting", "no_category", None)
    assert year.kpi == pytest.approx(2.1)


def test_an_outside_borrower_has_no_verified_data(tw: TransitionWorld) -> None:
    track = _tracks(tw)["T-OUT"]
    assert track.reason == "not_a_member"
    assert track.years == []
    assert track.category == "C31"


def test_each_inventory_read_is_logged(tw: TransitionWorld) -> None:
    before = DataAccess.objects.count()
    tracking = transition_tracking(
        user=tw.world.users["analyst"], institution=tw.world.bank, path="/x/"
    )
    logged = DataAccess.objects.order_by("id")[before:]
    assert len(logged) == 3 == len(tracking[0].years)
    assert {a.object_type for a in logged} == {"reporting.inventoryresult"}
    assert {a.scope for a in logged} == {"inventories"}
    assert {a.path for a in logged} == {"/x/"}


def test_a_revoked_grant_shows_nothing_and_logs_the_refused_attempts(
    tw: TransitionWorld,
) -> None:
    DataSharing.objects.filter(organisation=tw.world.company_a).update(revoked_at=timezone.now())
    before = DataAccess.objects.count()
    track = _tracks(tw)["T-1"]
    assert track.reason == "not_shared"
    assert track.years == []
    logged = list(DataAccess.objects.order_by("id")[before:])
    assert len(logged) == 3 and all(a.refused for a in logged)
    inventories = {
        str(latest_inventory(submission).pk)  # type: ignore[union-attr]
        for submission in tw.submissions.values()
    }
    assert {a.object_id for a in logged} == inventories


def test_without_a_grant_of_inventories_nothing_is_logged(tw: TransitionWorld) -> None:
    DataSharing.objects.filter(organisation=tw.world.company_a).update(inventories=False)
    before = DataAccess.objects.count()
    assert _tracks(tw)["T-1"].reason == "not_shared"
    assert DataAccess.objects.count() == before


def test_an_expired_grant_shows_nothing(tw: TransitionWorld) -> None:
    DataSharing.objects.filter(organisation=tw.world.company_a).update(
        expires_at=timezone.now() - dt.timedelta(days=1)
    )
    assert _tracks(tw)["T-1"].reason == "not_shared"


def test_nobody_but_the_institutions_analyst(tw: TransitionWorld) -> None:
    for name in ("enterprise_a", "secretariat", "evaluator"):
        assert transition_tracking(user=tw.world.users[name], institution=tw.world.bank) == []


def test_json(tw: TransitionWorld) -> None:
    with transition_settings():
        tracks = transition_tracking(user=tw.world.users["analyst"], institution=tw.world.bank)
    data = transition_json(tracks[0])
    assert data["position"] == "T-1"
    assert data["project_id"] == tw.project.pk
    assert [y["status"] for y in data["years"]] == ["needs_data", "below_entry", "entry"]
    assert data["years"][2]["kpi"] == pytest.approx(1.8)
