"""The waste code lists: shape, class and kind of a solid-waste code, the hazardous catalogue's
codes with their characteristics, and refusals naming the code."""

from __future__ import annotations

import pytest

from greenledger.core.ecology.codes import (
    check_code,
    load_acceptance,
    load_hazardous_wastes,
    load_solid_waste_codes,
    normalise_code,
)
from greenledger.core.errors import InputError


def test_solid_waste_code_has_industry_sequence_and_class() -> None:
    info = check_code("441001S02")
    assert info.code == "441-001-S02"
    assert not info.hazardous
    assert (info.waste_class.code, info.waste_class.kind, info.name_zh) == (
        "S02",
        "industrial",
        "粉煤灰",
    )


@pytest.mark.parametrize(
    ("class_code", "kind"),
    [("S65", "household"), ("S70", "construction"), ("S85", "agricultural"), ("S99", "other")],
)
def test_class_range_gives_the_kind(class_code: str, kind: str) -> None:
    assert check_code(f"900-001-{class_code}").waste_class.kind == kind


def test_s08_is_outside_every_range() -> None:
    assert load_solid_waste_codes().class_of("S08") is None
    with pytest.raises(InputError) as caught:
        check_code("441-001-S08")
    assert "S08 is not a class" in str(caught.value)


def test_hazardous_code_with_characteristics() -> None:
    info = check_code("900 249 08")
    assert info.hazardous and info.code == "900-249-08"
    assert info.waste_class.code == "HW08"
    assert info.characteristics == ("T", "I")


def test_hazardous_code_not_in_the_list_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        check_code("900-999-08")
    assert "900-999-08 is not in the National Catalogue of Hazardous Wastes" in str(caught.value)


def test_malformed_code_is_refused() -> None:
    with pytest.raises(InputError, match="is not a waste code"):
        check_code("HW08")


def test_catalogue_has_the_hw_classes_without_41_to_44() -> None:
    classes = load_hazardous_wastes().classes
    assert len(classes) == 46
    assert "HW41" not in classes and classes["HW50"].name_zh == "废催化剂"
    assert all(not c.confirmed for c in load_hazardous_wastes().codes.values())


def test_acceptance_rules() -> None:
    rules = load_acceptance()
    blending = rules["cement_blending"]
    assert blending.accepts("solid_waste", "441-001-S02", "S02")
    assert not blending.accepts("solid_waste", "441-001-S06", "S06")
    oil = rules["waste_oil_regeneration"]
    assert oil.accepts("hazardous_waste", "900-214-08", "HW08")
    assert not oil.accepts("hazardous_waste", "900-300-34", "HW34")
    assert rules["process_heat"].accepts("heat", "", "")
    assert normalise_code(" 900-214-08 ") == "900-214-08"
