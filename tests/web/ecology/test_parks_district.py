"""The district's and the park's progress pages show the avoided emissions of the recorded
exchanges, by year."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greenledger.web.ecology.selectors.rates import avoided_by_year
from greenledger.web.ecology.services import records
from tests.web.ecology.conftest import EcologyWorld
from tests.web.ecology.records_support import active_ash_exchange, active_heat_exchange


def test_progress_pages_show_the_avoided_emissions_by_year(ecology_world: EcologyWorld) -> None:
    w = ecology_world
    staff = w.client("staff")
    empty = staff.get(reverse("district:progress")).content.decode()
    assert 'id="no-symbiosis"' in empty
    heat = active_heat_exchange(w)
    records.record_save(actor=w.users["b"], exchange=heat, month="2026-01", quantity=1000)
    ash = active_ash_exchange(w)
    records.record_save(actor=w.users["d"], exchange=ash, month="2026-09", quantity=100)
    # 1,000 MWh x 0.222156 + 100 t x 0.52 = 222.156 + 52 = 274.156 tCO2e
    (row,) = avoided_by_year()
    assert (row["year"], row["records"]) == (2026, 2)
    assert row["avoided"] == pytest.approx(274.156, abs=1e-3)
    assert avoided_by_year(park=w.park) == [row]
    district = staff.get(reverse("district:progress")).content.decode()
    assert 'id="symbiosis-2026"' in district and "274.16" in district
    park = staff.get(reverse("district:park_progress", args=[w.park.pk])).content.decode()
    assert "274.16" in park and f'href="/ecology/parks/{w.park.pk}/"' in park
    assert w.client("a").get(reverse("district:progress")).status_code == 403
