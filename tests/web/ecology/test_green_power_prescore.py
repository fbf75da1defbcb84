"""The zero-carbon data-centre pre-score takes the data centre's renewable electricity share from
its hourly-matching run (the annual-matching share) without retyping, beside the CFE score,
and says which run it came from (hand figures: ``green_power_support``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from greenledger.web.assessments import services as assessments
from greenledger.web.assessments.selectors import preview
from greenledger.web.ecology.services import green_power
from tests.web.conftest import World
from tests.web.ecology.green_power_support import (
    YEAR,
    private,  # noqa: F401  (fixture)
    solar_csv,
    store_load,
)

pytestmark = pytest.mark.usefixtures("private", "english")


def test_the_data_centre_prescore_takes_the_annual_matching_share(
    world: World, tmp_path: Path
) -> None:
    manager = world.users["enterprise_b"]
    store_load(manager, world.site_b, tmp_path / "in")
    green_power.green_supply_upload(
        actor=manager, site=world.site_b, year=YEAR, kind="onsite",
        path=solar_csv(tmp_path / "roof-pv.csv"),
    )  # fmt: skip
    run = green_power.cfe_run(actor=manager, site=world.site_b, year=YEAR)
    call = assessments.call_open(
        actor=world.users["secretariat"], ruleset_id="zero_carbon_data_center/t-seesa-013",
        title="零碳数据中心 2026", year=2026, deadline=timezone.localdate() + dt.timedelta(days=30),
        issuing_body="区经委",
    )  # fmt: skip
    application = assessments.application_create(actor=manager, call=call, site=world.site_b)
    assert application.inventory_inputs == pytest.approx(
        {"cfe_score": 1 / 6, "annual_match_share": 1 / 3, "renewable_electricity_share": 1 / 3}
    )
    ecology = application.inventory_source["ecology"]
    assert ecology["year"] == YEAR
    assert ecology["inputs"]["renewable_electricity_share"].startswith(
        f"ecology CFE run #{run.pk} ("
    )
    share = next(i for i in preview(application).indicators if i.id == "renewable_share")
    assert share.inputs == pytest.approx({"renewable_electricity_share": 1 / 3})
    assert share.input_sources == {"renewable_electricity_share": "inventory"}
