"""The technology catalogue: the shipped file, every refusal, applicability and sizing."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from greenledger.core.errors import InputError
from greenledger.core.planning.catalogue import (
    END_USES,
    Technology,
    applicable,
    load_catalogue,
    parse_catalogue,
    to_measure,
)
from greenledger.core.planning.model import Measure

SOURCE = {"issuer": "MIIT", "title": "目录", "document": "公告2024年第8号", "edition": "2024"}


def entry(tid: str, **changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": tid,
        "name_zh": "变频",
        "name_en": "VSD",
        "source": "miit",
        "item": "item not checked",
        "confirmed": False,
        "note": "midpoint of 20-30 %",
        "industries": ["all"],
        "end_use": "motors_drives",
        "carrier": "electricity",
        "effect": "energy",
        "saving_rate": 0.25,
        "capacity_unit": "kW",
        "capex_yuan_per_unit": 400,
        "opex_change_yuan_per_unit": 0,
        "lifetime_years": 15,
        "lead_time_years": 1,
        "max_penetration": 0.6,
        "group": None,
        "requires": [],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v != "DROP"}


def document(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"sources": {"miit": dict(SOURCE)}, "technologies": list(entries)}


def refusals(data: dict[str, Any]) -> list[tuple[str | None, str]]:
    with pytest.raises(InputError) as caught:
        parse_catalogue(data, file="t.yaml")
    return [(p.column, p.reason) for p in caught.value.problems]


# ---------------------------------------------------------------- the shipped catalogue


def test_the_shipped_catalogue_loads_with_at_least_40_sourced_unconfirmed_technologies() -> None:
    catalogue = load_catalogue()
    assert len(catalogue) >= 40
    assert len({t.id for t in catalogue}) == len(catalogue)
    for technology in catalogue:
        assert technology.source.issuer.strip() and technology.source.document.strip()
        assert technology.source.title.strip() and technology.source.edition.strip()
        assert technology.item.strip()
        assert technology.confirmed is False, technology.id
        assert technology.note.strip(), technology.id
        assert technology.end_use in END_USES
        assert (technology.saving_rate is None) != (technology.absolute_saving_tce_per_unit is None)
    used = {t.end_use for t in catalogue}
    assert {"motors_drives", "compressed_air", "onsite_pv", "lighting", "hvac"} <= used
    assert catalogue.get("motor_ie3_to_ie4").source.document == "GB 18613-2020"


def test_a_catalogue_file_with_a_problem_is_refused_naming_the_file_and_line(
    tmp_path: Path,
) -> None:
    file = tmp_path / "cat.yaml"
    file.write_text(
        "sources:\n  miit: {issuer: MIIT, title: T, document: D, edition: '2024'}\n"
        "technologies:\n  - id: a\n    colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_catalogue(file)
    unknown = [p for p in caught.value.problems if p.column == "colour"]
    assert len(unknown) == 1
    assert unknown[0].file == str(file) and unknown[0].row == 5
    assert unknown[0].message.code == "planning.catalogue.unknown_key"


# ---------------------------------------------------------------- refusals, all at once


def test_a_valid_minimal_catalogue_parses() -> None:
    catalogue = parse_catalogue(document(entry("a"), entry("b", requires=["a"])))
    assert [t.id for t in catalogue] == ["a", "b"]
    assert catalogue.get("b").requires == ("a",)
    assert catalogue.get("a").source.document == "公告2024年第8号"


def test_every_problem_is_reported_at_once_with_the_technology_and_the_field() -> None:
    found = refusals(
        document(
            entry("rate_high", saving_rate=1.2),
            entry("rate_low", saving_rate=-0.1),
            entry("dead", lifetime_years=0),
            entry("negative_life", lifetime_years=-3),
            entry("extra", colour="green"),
            entry("wrong_use", end_use="rockets"),
            entry("bad_industry", industries=["Z99"]),
            entry("bad_source", source="nowhere"),
        )
    )
    assert (
        "saving_rate",
        "technology rate_high: saving_rate 1.2 is outside 0..1 (0.25 means 25 %)",
    ) in found
    assert (
        "saving_rate",
        "technology rate_low: saving_rate -0.1 is outside 0..1 (0.25 means 25 %)",
    ) in found
    assert ("lifetime_years", "technology dead: lifetime_years 0 must be greater than zero") in (
        found
    )
    assert (
        "lifetime_years",
        "technology negative_life: lifetime_years -3 must be greater than zero",
    ) in found
    assert any(
        col == "colour" and "technology extra: unknown key 'colour'" in r for col, r in found
    )
    assert any(
        col == "end_use" and r.startswith("technology wrong_use: end_use 'rockets'")
        for col, r in found
    )
    assert any(col == "industries" and "bad_industry" in r for col, r in found)
    assert any(col == "source" and "unknown source 'nowhere'" in r for col, r in found)
    assert len(found) == 8


def test_duplicate_ids_are_refused() -> None:
    found = refusals(document(entry("a"), entry("a", saving_rate=0.1)))
    assert found == [("id", "technology a is defined more than once")]


def test_a_prerequisite_naming_an_unknown_technology_is_refused() -> None:
    found = refusals(document(entry("a", requires=["ghost"])))
    assert [r for _, r in found] == ["technology a: requires the unknown technology 'ghost'"]


def test_prerequisites_forming_a_cycle_are_refused_with_the_cycle() -> None:
    found = refusals(
        document(entry("a", requires=["b"]), entry("b", requires=["c"]), entry("c", requires=["a"]))
    )
    assert [r for _, r in found] == [
        "technology a: its prerequisites form a cycle (a -> b -> c -> a)"
    ]
    assert refusals(document(entry("self", requires=["self"])))[0][1] == (
        "technology self: its prerequisites form a cycle (self -> self)"
    )


def test_exactly_one_kind_of_saving_and_the_required_fields() -> None:
    both = entry("both", absolute_saving_tce_per_unit=0.13)
    neither = entry("neither", saving_rate="DROP")
    no_life = entry("no_life", lifetime_years="DROP")
    found = [r for _, r in refusals(document(both, neither, no_life))]
    assert found == [
        "technology both: give either saving_rate or absolute_saving_tce_per_unit, exactly one "
        "of them",
        "technology neither: give either saving_rate or absolute_saving_tce_per_unit, exactly "
        "one of them",
        "technology no_life: the field 'lifetime_years' is missing",
    ]


def test_a_source_without_issuer_or_document_is_refused() -> None:
    data = document(entry("a"))
    data["sources"]["miit"] = {"title": "T", "edition": "2024", "document": " "}
    found = [r for _, r in refusals(data)]
    assert "source miit: the field 'issuer' is missing or empty" in found
    assert "source miit: the field 'document' is missing or empty" in found


# ---------------------------------------------------------------- applicability


def test_applicability_by_industry_code() -> None:
    catalogue = parse_catalogue(
        document(
            entry("everywhere"),
            entry("cement", industries=["C30"]),
            entry("metals", industries=["C31", "C32"]),
            entry("data_centres", industries=["I64", "I65"]),
            entry("manufacturing", industries=["C"]),
        )
    )
    ids = {code: [t.id for t in applicable(catalogue, code)] for code in ("C3011", "c32", "I6450")}
    assert ids["C3011"] == ["everywhere", "cement", "manufacturing"]
    assert ids["c32"] == ["everywhere", "metals", "manufacturing"]
    assert ids["I6450"] == ["everywhere", "data_centres"]
    with pytest.raises(InputError) as caught:
        applicable(catalogue, "C99")
    assert caught.value.problems[0].message.code == "planning.catalogue.industry_query"


def test_the_shipped_catalogue_offers_cement_plants_their_own_technologies() -> None:
    catalogue = load_catalogue()
    for_cement = {t.id for t in applicable(catalogue, "C3011")}
    for_software = {t.id for t in applicable(catalogue, "I6510")}
    assert "cement_roller_press_grinding" in for_cement
    assert "cement_roller_press_grinding" not in for_software
    assert "dc_liquid_cooling" in for_software and "dc_liquid_cooling" not in for_cement
    assert "led_retrofit" in for_cement & for_software


# ---------------------------------------------------------------- to_measure


def technology(**changes: Any) -> Technology:
    return parse_catalogue(document(entry("vsd", **changes))).get("vsd")


def test_to_measure_rate_based_by_hand() -> None:
    vsd = technology(group="drives", requires=[], opex_change_yuan_per_unit=-2)
    # 250 kW of motors at 400 yuan/kW = 100,000 yuan; opex -2 x 250 = -500 yuan a year;
    # the drives cover half of the motor energy: 0.25 x 0.5 = 0.125.
    measure = to_measure(vsd, capacity=250, end_use_energy_tce=1000, share=0.5, start_year=2026)
    assert measure == Measure(
        id="vsd",
        end_use="motors_drives",
        saving_rate=0.125,
        capex_yuan=100_000.0,
        annual_opex_change_yuan=-500.0,
        lifetime_years=15,
        group="drives",
        requires=(),
        earliest_year=2027,
    )
    # without a share, the maximum penetration (0.6): 0.25 x 0.6 = 0.15
    default = to_measure(
        vsd, capacity=10, end_use_energy_tce=1000, end_use="motors", measure_id="m1"
    )
    assert default.saving_rate == pytest.approx(0.15)
    assert (default.id, default.end_use, default.earliest_year) == ("m1", "motors", None)


def test_to_measure_absolute_saving_by_hand() -> None:
    pv = technology(
        saving_rate="DROP",
        absolute_saving_tce_per_unit=0.13,
        capex_yuan_per_unit=3500,
        opex_change_yuan_per_unit=50,
        max_penetration=0.3,
    )
    # 500 kW x 0.13 tce/kW = 65 tce of an end use of 400 tce: 0.1625
    measure = to_measure(pv, capacity=500, end_use_energy_tce=400)
    assert measure.saving_rate == pytest.approx(0.1625)
    assert measure.capex_yuan == 1_750_000.0
    assert measure.annual_opex_change_yuan == 25_000.0
    # 1,000 kW would cover 130 / 400 = 0.325 > 0.3
    with pytest.raises(InputError) as caught:
        to_measure(pv, capacity=1000, end_use_energy_tce=400)
    assert caught.value.problems[0].reason == (
        "technology vsd: it would cover 0.325 of the end use, above its maximum penetration 0.3"
    )


def test_to_measure_refuses_bad_sizes_all_at_once() -> None:
    vsd = technology()
    with pytest.raises(InputError) as caught:
        to_measure(vsd, capacity=0, end_use_energy_tce=-5, share=1.5)
    assert [p.reason for p in caught.value.problems] == [
        "technology vsd: capacity 0 must be greater than zero",
        "technology vsd: end_use_energy_tce -5 must be greater than zero",
        "technology vsd: share 1.5 is outside 0..1 (0.25 means 25 %)",
    ]
    with pytest.raises(InputError):
        to_measure(vsd, capacity=10, end_use_energy_tce=100, share=0.7)  # above 0.6


def test_shipped_technologies_make_measures_the_plan_accepts() -> None:
    catalogue = load_catalogue()
    measure = to_measure(
        catalogue.get("compressor_group_control"), capacity=200, end_use_energy_tce=500
    )
    assert measure.requires == ("compressed_air_leak_management",)
    assert measure.capex_yuan == 200 * catalogue.get("compressor_group_control").capex_yuan_per_unit
    assert copy.copy(measure) == measure
