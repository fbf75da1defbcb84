"""The zero-carbon park pre-score takes the park's waste-heat utilisation from the recorded
exchanges without retyping, says where it came from, and rises with the records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role
from greenledger.web.assessments import services
from greenledger.web.assessments.selectors import prescore_data_inputs, preview
from greenledger.web.ecology.services import records
from tests.web.ecology.conftest import EcologyWorld
from tests.web.ecology.records_support import active_heat_exchange


def test_the_park_prescore_takes_the_recorded_waste_heat_utilisation(
    ecology_world: EcologyWorld, english: None
) -> None:
    w = ecology_world
    operator = account_services.user_create(
        actor=None, username="park-c", password="persona-password-2025",
        role=Role.ENTERPRISE_MANAGER, organisation=w.world.company_c,
    )  # fmt: skip
    call = services.call_open(
        actor=w.users["staff"], ruleset_id="zero_carbon_park/2025", title="零碳园区 2027",
        year=2027, deadline=timezone.localdate() + dt.timedelta(days=30), issuing_body="区经委",
    )  # fmt: skip
    heat = active_heat_exchange(w)
    records.record_save(actor=w.users["b"], exchange=heat, month="2026-05", quantity=2000)
    application = services.application_create(actor=operator, call=call, site=w.park)
    # 2,000 MWh recorded over the 8,000 MWh A offers in 2026 (the newest year with records)
    assert application.inventory_inputs == {"waste_heat_utilisation": 0.25}
    assert application.inventory_source["ecology"]["year"] == 2026
    result = preview(application)
    waste_heat = next(i for i in result.indicators if i.id == "waste_heat")
    assert waste_heat.inputs == {"waste_heat_utilisation": 0.25}
    assert waste_heat.input_sources == {"waste_heat_utilisation": "inventory"}
    assert waste_heat.points == 0.0  # 0.25 < the 0.5 target
    client = w.client("staff")
    client.force_login(operator)
    page = client.get(reverse("assessments:application", args=[application.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="ecology-source"' in html and "2000 MWh recorded / 8000 MWh offered" in html
    assert "产业生态数据（资源交换、全天候绿电匹配）" in html  # the origin, in the page language
    records.record_save(actor=w.users["a"], exchange=heat, month="2026-06", quantity=2000)
    inputs, source = prescore_data_inputs(w.world.company_c, w.park, call)
    assert inputs["waste_heat_utilisation"] == pytest.approx(0.5)  # now at the target
    application.inventory_inputs = inputs
    application.inventory_source = source
    waste_heat = next(i for i in preview(application).indicators if i.id == "waste_heat")
    assert waste_heat.points == 20.0
