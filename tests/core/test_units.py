import pytest

from greenledger.core.errors import UnitError
from greenledger.core.units import conversion_factor, convert


def test_ten_thousand_kwh_is_ten_megawatt_hours():
    assert conversion_factor("万kWh", "MWh") == pytest.approx(10.0)
    assert conversion_factor("万千瓦时", "kWh") == pytest.approx(10_000.0)


def test_a_tonne_of_standard_coal_holds_29_307_gigajoules():
    assert convert(1.0, "吨标准煤", "GJ") == pytest.approx(29.307)
    assert convert(1.0, "tce", "kgce") == pytest.approx(1000.0)


def test_chinese_volume_and_money_units_are_understood():
    assert conversion_factor("万m³", "m**3") == pytest.approx(10_000.0)
    assert conversion_factor("万Nm³", "wan_Nm3") == pytest.approx(1.0)
    assert conversion_factor("元", "wan_yuan") == pytest.approx(1e-4)
    assert conversion_factor("千克", "t") == pytest.approx(1e-3)
    assert conversion_factor("公斤", "kg") == pytest.approx(1.0)


def test_full_width_and_superscript_spellings_are_folded():
    assert conversion_factor("ｋＷｈ", "kWh") == pytest.approx(1.0)
    assert conversion_factor("m³", "m**3") == pytest.approx(1.0)


def test_a_unit_of_the_wrong_dimension_is_refused_with_both_dimensions_named():
    with pytest.raises(UnitError, match="'kg' is a mass, but energy is expected"):
        conversion_factor("kg", "MWh")


def test_an_unknown_unit_is_refused_by_name():
    with pytest.raises(UnitError, match="unknown unit 'bananas'"):
        conversion_factor("bananas", "t")
