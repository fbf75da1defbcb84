"""CBAM specific embedded emissions: golden figures worked out by hand (Annex IV of Regulation
(EU) 2023/956), default values with the year's mark-up, and refusals naming the process."""

from __future__ import annotations

import pytest

from greenledger.core.errors import InputError
from greenledger.core.products.cbam import (
    CarbonPrice,
    Defaults,
    Good,
    Installation,
    Precursor,
    communication,
    compute,
    load_defaults,
    load_goods,
    load_rules,
)

EF = 0.5  # tCO2/MWh, the electricity factor of every example


def pig_iron() -> Good:
    # 400 t of pig iron, 720 tCO2e direct, 40 MWh
    return Good("pig", "pig iron", "7201 10 11", 400.0, 720.0, 40.0)


def test_simple_good_by_hand() -> None:
    # clinker: SEE direct 850 / 1000 = 0.85; indirect 100 MWh x 0.5 / 1000 = 0.05
    clinker = Good("clk", "clinker", "25231000", 1000.0, 850.0, 100.0)
    result = compute("2026", EF, [clinker])
    (g,) = result.goods
    assert g.category == "cement"
    assert g.see_direct == pytest.approx(0.85)
    assert g.see_indirect == pytest.approx(0.05)
    assert g.see_total == pytest.approx(0.90)
    assert g.embedded_direct_tco2e == pytest.approx(850.0)
    assert g.embedded_indirect_tco2e == pytest.approx(50.0)
    assert not g.direct_only  # cement is not in Annex II: pays on direct and indirect
    assert g.see_chargeable == pytest.approx(0.90)
    assert not g.uses_defaults


def test_complex_good_with_own_precursor_by_hand() -> None:
    # pig iron: 720/400 = 1.8 direct, 40 x 0.5 / 400 = 0.05 indirect.
    # hot-rolled coil, 500 t, 100 t direct, 200 MWh, 450 t of the pig iron:
    #   direct (100 + 450 x 1.8) / 500 = 910 / 500 = 1.82
    #   indirect (200 x 0.5 + 450 x 0.05) / 500 = 122.5 / 500 = 0.245
    coil = Good(
        "hrc", "hot-rolled coil", "72081000", 500.0, 100.0, 200.0, (Precursor(450.0, "pig"),)
    )
    result = compute("2026-01", EF, [coil, pig_iron()])  # order of the list does not matter
    hrc, pig = result.goods
    assert (hrc.process, pig.process) == ("hrc", "pig")
    assert pig.see_direct == pytest.approx(1.8)
    assert pig.see_indirect == pytest.approx(0.05)
    assert hrc.see_direct == pytest.approx(1.82)
    assert hrc.see_indirect == pytest.approx(0.245)
    assert hrc.embedded_direct_tco2e == pytest.approx(910.0)
    assert hrc.direct_only  # iron and steel: Annex II, direct only
    assert hrc.see_chargeable == pytest.approx(1.82)
    (line,) = hrc.precursors
    assert (line.source, line.reference, line.markup) == ("own", "pig", None)
    assert line.embedded_direct_tco2e == pytest.approx(810.0)


def aluminium(precursor: Precursor) -> Good:
    return Good("al", "aluminium sheet", "76061100", 100.0, 20.0, 50.0, (precursor,))


def test_default_value_precursor_with_its_markup_by_hand() -> None:
    # default SEE 1.5 direct, 6.0 indirect; 2026 mark-up +10 %: 1.65 and 6.6 used.
    # direct (20 + 102 x 1.65) / 100 = 188.3 / 100 = 1.883
    # indirect (50 x 0.5 + 102 x 6.6) / 100 = 698.2 / 100 = 6.982
    good = aluminium(Precursor(102.0, default_see_direct=1.5, default_see_indirect=6.0))
    result = compute("2026", EF, [good])
    (g,) = result.goods
    assert result.markup == pytest.approx(0.10)
    assert g.uses_defaults and result.uses_defaults
    (line,) = g.precursors
    assert line.source == "default"
    assert line.markup == pytest.approx(0.10)
    assert line.see_direct == pytest.approx(1.65)
    assert line.see_indirect == pytest.approx(6.6)
    assert g.see_direct == pytest.approx(1.883)
    assert g.see_indirect == pytest.approx(6.982)
    # 2027 +20 %: (20 + 102 x 1.8) / 100 = 2.036; from 2028 +30 % (still in 2031): 2.189
    assert compute("2027", EF, [good]).goods[0].see_direct == pytest.approx(2.036)
    assert compute("2031", EF, [good]).goods[0].see_direct == pytest.approx(2.189)
    # a configured mark-up overrides the year's: (20 + 102 x 1.5) / 100 = 1.73
    assert compute("2026", EF, [good], markup=0.0).goods[0].see_direct == pytest.approx(1.73)


def test_defaults_uses_are_inherited_through_own_precursors() -> None:
    al = aluminium(Precursor(102.0, default_see_direct=1.5, default_see_indirect=6.0))
    article = Good("art", "aluminium article", "76169910", 90.0, 9.0, 0.0, (Precursor(95.0, "al"),))
    result = compute("2026", EF, [al, article])
    assert result.goods[1].uses_defaults
    # (9 + 95 x 1.883) / 90
    assert result.goods[1].see_direct == pytest.approx((9 + 95 * 1.883) / 90)


def test_no_markup_before_the_definitive_period_is_refused() -> None:
    good = aluminium(Precursor(102.0, default_see_direct=1.5, default_see_indirect=6.0))
    with pytest.raises(InputError) as caught:
        compute("2025", EF, [good])
    assert "no mark-up on default values is available for 2025" in str(caught.value)
    assert "process al" in str(caught.value)


def test_default_looked_up_by_cn_and_country_is_null_and_refused() -> None:
    # data/cbam_defaults.yaml has no values (Implementing Regulation 2025/2621 not checked)
    good = aluminium(Precursor(102.0, default_cn_code="7601 10 00", country="cn"))
    with pytest.raises(InputError) as caught:
        compute("2026", EF, [good])
    assert "no default value is available for CN 76011000 from CN" in str(caught.value)


def test_default_looked_up_in_a_configured_table() -> None:
    base = load_defaults()
    from greenledger.core.products.cbam import DefaultValue

    table = Defaults(
        values={("76011000", "CN"): DefaultValue("76011000", "CN", 2.0, 5.0, False)},
        markups_by_year=base.markups_by_year,
        markups_by_category=base.markups_by_category,
        source="test",
        markup_source=base.markup_source,
        confirmed=False,
        markup_confirmed=False,
    )
    good = aluminium(Precursor(100.0, default_cn_code="76011000", country="CN"))
    (g,) = compute("2026", EF, [good], defaults=table).goods
    # (20 + 100 x 2.0 x 1.1) / 100 = 2.4
    assert g.see_direct == pytest.approx(2.4)
    assert g.precursors[0].reference == "76011000 CN"


def test_supplier_precursor_uses_the_communicated_sees() -> None:
    good = aluminium(
        Precursor(100.0, supplier="Smelter A", supplier_see_direct=1.6, supplier_see_indirect=7.0)
    )
    (g,) = compute("2026", EF, [good]).goods
    assert g.see_direct == pytest.approx((20 + 160) / 100)
    assert g.see_indirect == pytest.approx((25 + 700) / 100)
    assert not g.uses_defaults


@pytest.mark.parametrize(
    ("cn_code", "reason"),
    [
        ("39011000", "the CN code 39011000 is outside Annex I"),
        ("72041000", "excluded from Annex I"),  # ferrous scrap
        ("31056000", "excluded from Annex I"),
        ("72A1", "'72A1' is not a CN code"),
    ],
)
def test_cn_code_outside_the_annex_is_refused_with_the_process(cn_code: str, reason: str) -> None:
    good = Good("poly", "polyethylene", cn_code, 10.0, 1.0, 0.0)
    with pytest.raises(InputError) as caught:
        compute("2026", EF, [good, pig_iron()])
    (problem,) = caught.value.problems
    assert problem.column == "cn_code"
    assert "process poly" in problem.reason
    assert reason in problem.reason


def test_annex_categories_and_direct_only() -> None:
    annex = load_goods()
    expected = {
        "25232900": ("cement", False),
        "27160000": ("electricity", False),
        "28141000": ("fertilisers", False),
        "72023000": (None, None),
        "72071111": ("iron_and_steel", True),
        "73181500": ("iron_and_steel", True),
        "76011000": ("aluminium", True),
        "28041000": ("hydrogen", True),
    }
    for code, (name, direct_only) in expected.items():
        category, _ = annex.classify(code)
        assert (category.name if category else None) == name, code
        if category:
            assert category.direct_only is direct_only


def test_cycle_unknown_and_bad_values_all_refused_at_once() -> None:
    a = Good("a", "steel", "72081000", 10.0, 1.0, 0.0, (Precursor(1.0, "b"),))
    b = Good("b", "steel", "72081000", 10.0, 1.0, 0.0, (Precursor(1.0, "a"),))
    with pytest.raises(InputError) as caught:
        compute("2026", EF, [a, b])
    assert "cycle" in str(caught.value)
    c = Good("c", "steel", "72081000", 0.0, -1.0, 0.0, (Precursor(1.0, "nope"),))
    with pytest.raises(InputError) as caught:
        compute("2026", EF, [c])
    text = str(caught.value)
    assert "0.0 is not above zero" in text
    assert "-1.0 is not a number, zero or more" in text
    assert "the precursor process nope is not among the processes" in text
    ambiguous = Precursor(1.0, "pig", default_see_direct=1.0, default_see_indirect=0.0)
    with pytest.raises(InputError, match="exactly one of"):
        compute("2026", EF, [pig_iron(), aluminium(ambiguous)])


def test_carbon_price_and_communication() -> None:
    price = CarbonPrice(amount_per_t=100.0, currency="CNY", covered_share=0.25)
    coil = Good(
        "hrc", "hot-rolled coil", "72081000", 500.0, 100.0, 200.0, (Precursor(450.0, "pig"),)
    )
    result = compute(
        "2026",
        EF,
        [pig_iron(), coil],
        carbon_price=price,
        electricity_ef_source="MEE 2023 national grid factor",
    )
    # 100 CNY/t x 25 % x 1.82 t/t = 45.5 CNY per tonne of coil
    assert result.goods[1].carbon_price_paid_per_unit == pytest.approx(45.5)
    doc = communication(result, Installation("Plant 1", unlocode="CNSHA"))
    assert doc["installation"]["name"] == "Plant 1"
    assert doc["reporting_period"] == "2026"
    product = doc["products"][1]
    assert product["cn_code"] == "72081000"
    assert product["see_direct"] == pytest.approx(1.82)
    assert product["see_indirect"] == pytest.approx(0.245)
    assert product["electricity_mwh_per_unit"] == pytest.approx(0.4)
    assert product["electricity_ef_source"] == "MEE 2023 national grid factor"
    assert product["carbon_price"]["scheme"] == "China national ETS"
    assert product["carbon_price"]["paid_per_unit"] == pytest.approx(45.5)
    assert product["precursors"][0]["reference"] == "pig"
    assert doc["sources"]["goods"]["confirmed"] is False


def test_data_files_cite_and_stay_unconfirmed() -> None:
    annex, defaults, rules = load_goods(), load_defaults(), load_rules()
    assert "2023/956" in annex.source and not annex.confirmed
    assert "2025/2621" in defaults.source and not defaults.markup_confirmed
    assert all(v.see_direct is None or not v.confirmed for v in defaults.values.values())
    assert defaults.markup(2026) == pytest.approx(0.10)
    assert defaults.markup(2025) is None
    assert defaults.markup(2026, "fertilisers") is None  # not available: configure it
    assert "Annex IV" in rules["source"] and not rules["confirmed"]


def test_given_default_with_its_cn_code_takes_the_category_markup() -> None:
    # a fertiliser default: the mark-up path of fertilisers is not available (null): refused
    ammonia = Precursor(
        10.0, default_see_direct=2.0, default_see_indirect=0.1, default_cn_code="28141000"
    )
    nitrate = Good("an", "ammonium nitrate", "31023010", 20.0, 5.0, 0.0, (ammonia,))
    with pytest.raises(InputError, match="no mark-up on default values is available for 2026"):
        compute("2026", EF, [nitrate])
    # configured: (5 + 10 x 2.0 x 1.01) / 20 = 1.26
    (g,) = compute("2026", EF, [nitrate], markup=0.01).goods
    assert g.see_direct == pytest.approx(1.26)
    assert g.precursors[0].reference == "28141000 (given)"
    # a steel default given with its CN code takes the year's mark-up: (1 + 10 x 1.1) / 20
    scrap_free = Precursor(
        10.0, default_see_direct=1.0, default_see_indirect=0.0, default_cn_code="72011011"
    )
    steel = Good("st", "steel", "72081000", 20.0, 1.0, 0.0, (scrap_free,))
    assert compute("2026", EF, [steel]).goods[0].see_direct == pytest.approx(0.6)


def test_half_given_pairs_are_refused() -> None:
    half = Precursor(10.0, default_see_direct=2.0)
    with pytest.raises(InputError, match="exactly one of"):
        compute("2026", EF, [aluminium(half)])
    half = Precursor(10.0, supplier_see_indirect=2.0)
    with pytest.raises(InputError, match="exactly one of"):
        compute("2026", EF, [aluminium(half)])


def test_annex_ii_default_without_indirect_value_counts_zero() -> None:
    base = load_defaults()
    from greenledger.core.products.cbam import DefaultValue

    table = Defaults(
        values={
            ("76011000", "CN"): DefaultValue("76011000", "CN", 1.7, None, False),
            ("25231000", "CN"): DefaultValue("25231000", "CN", 1.16, None, False),
        },
        markups_by_year=base.markups_by_year,
        markups_by_category=base.markups_by_category,
        source="test",
        markup_source=base.markup_source,
        confirmed=False,
        markup_confirmed=False,
    )
    good = aluminium(Precursor(100.0, default_cn_code="76011000", country="CN"))
    (g,) = compute("2026", EF, [good], defaults=table).goods
    # direct (20 + 100 x 1.7 x 1.1) / 100 = 2.07; indirect 50 x 0.5 / 100 = 0.25 (no default)
    assert g.see_direct == pytest.approx(2.07)
    assert g.see_indirect == pytest.approx(0.25)
    # cement is not in Annex II: a missing indirect default is refused, never taken as zero
    cement = Good(
        "cem",
        "cement",
        "25232900",
        100.0,
        10.0,
        0.0,
        (Precursor(80.0, default_cn_code="25231000", country="CN"),),
    )
    with pytest.raises(InputError, match="no default value is available for CN 25231000"):
        compute("2026", EF, [cement], defaults=table)
