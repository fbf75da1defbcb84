"""PACT lifecycle: a recalculated footprint becomes a new version (minor) or a new one (major)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from greenledger.core.products.pact import (
    classify_change,
    revise,
    validate_product_footprint,
)
from tests.core.products.test_pact import PF_ID, _ours

NEW_ID = "0b5e7c1a-2d3f-4a6b-8c9d-e0f1a2b3c4d5"
LATER = datetime(2026, 4, 1, tzinfo=UTC)


def _recalculated(**overrides: Any) -> dict[str, Any]:
    return _ours(pf_id=NEW_ID, created=LATER, **overrides)


def test_a_new_upstream_figure_is_a_minor_change_a_new_version_of_the_same_footprint() -> None:
    previous = _ours()
    current = _recalculated(tco2e_per_unit=1.25)
    assert classify_change(previous, current) == "minor"
    revision = revise(previous, current, when=LATER)
    assert revision.kind == "minor" and revision.deprecated is None
    pf = revision.current
    assert pf["id"] == PF_ID and pf["version"] == 2
    assert pf["created"] == previous["created"] and pf["updated"] == "2026-04-01T00:00:00Z"
    assert pf["pcf"]["pCfExcludingBiogenic"] == "1.25"
    assert revision.notify == (PF_ID,)
    assert validate_product_footprint(pf) == []
    # A second minor change must come later than the first.
    with pytest.raises(ValueError, match="not after the footprint's updated"):
        revise(pf, _recalculated(tco2e_per_unit=1.2), when=LATER)


def test_a_new_geography_is_a_major_change_the_old_one_deprecated() -> None:
    previous = _ours()
    current = _recalculated(geography_country=None, geography_country_subdivision="CN-JS")
    assert classify_change(previous, current) == "major"
    revision = revise(previous, current, when=LATER)
    assert revision.kind == "major"
    assert revision.current["id"] == NEW_ID
    assert revision.current["precedingPfIds"] == [PF_ID]
    assert "updated" not in revision.current
    old = revision.deprecated
    assert old is not None
    assert (old["id"], old["version"], old["status"]) == (PF_ID, 2, "Deprecated")
    assert revision.notify == (PF_ID,)
    assert validate_product_footprint(revision.current) == []
    assert validate_product_footprint(old) == []
    with pytest.raises(ValueError, match="Deprecated and must not be changed"):
        revise(old, current, when=datetime(2026, 5, 1, tzinfo=UTC))


def test_a_new_product_name_is_major_and_nothing_changed_is_refused() -> None:
    previous = _ours()
    assert classify_change(previous, _recalculated(product_name="HR coil 2")) == "major"
    assert classify_change(previous, _recalculated()) is None
    with pytest.raises(ValueError, match="did not change"):
        revise(previous, _recalculated(), when=LATER)
    forced = revise(previous, _recalculated(tco2e_per_unit=1.25), when=LATER, force_major=True)
    assert forced.kind == "major"
