"""CBAM installations and reports (services.cbam) on the products world: the supplier S's
billet (a simple good) and the customer C's bracket (a complex good whose precursor is S's
billet, through S's verified CBAM report), SEEs by hand; refusals; the verification flow."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.products.models import CbamReport, CbamStatus, Installation
from greenledger.web.products.services import cbam as services
from tests.web.products.conftest import ProductsWorld

GAS_S = 2164.3105485  # S: 100 10^4 m3 of natural gas (tCO2e, the inventory's factors)
LIMESTONE_S = 439.71  # S: 1,000 t x 0.43971
BILLET_DIRECT = GAS_S + LIMESTONE_S  # 2,604.0205485 t, attributed wholly to 连铸
BILLET_MWH = 8000.0  # 80 % of 10,000 MWh
EF = 0.5306  # tCO2/MWh, stated with its source
BILLET_SEE_DIRECT = BILLET_DIRECT / 10_000  # 0.26040205485
BILLET_SEE_INDIRECT = BILLET_MWH * EF / 10_000  # 0.42448
GAS_C = GAS_S / 10  # C: 10 10^4 m3
BRACKET_DIRECT = 0.6 * GAS_C  # 60 of 100 working days: 129.85863291
BILLET_T = 1.05 * 2000  # 2,100 t of billet in 2,000 t of brackets
BRACKET_SEE_DIRECT = (BRACKET_DIRECT + BILLET_T * BILLET_SEE_DIRECT) / 2000  # 0.33835147...


def _installation(pw: ProductsWorld, *, supplier: bool = True) -> Installation:
    if supplier:
        return services.installation_save(
            actor=pw.manager_s, site=pw.site_s, name_en="Jia Steel Works", unlocode="cn sha"
        )
    return services.installation_save(
        actor=pw.manager_c, site=pw.site_c, name_en="Yi Brackets", production_route="stamping"
    )


def _inputs(process_id: int, **extra: object) -> dict:
    return {
        "electricity_ef_tco2_per_mwh": EF,
        "electricity_ef_source": "the inventory's grid CO2 factor",
        "goods": [{"process": process_id}],
        **extra,
    }


def _verified_billet(pw: ProductsWorld) -> CbamReport:
    report = services.cbam_report_save(
        actor=pw.manager_s,
        installation=_installation(pw),
        period="2025",
        inputs=_inputs(pw.billet_process.pk),
    )
    services.cbam_report_submit(actor=pw.manager_s, report=report)
    return services.cbam_report_verify(actor=pw.evaluator, report=report, note="checked")


def test_simple_good_from_its_process_by_hand(products_world: ProductsWorld) -> None:
    pw = products_world
    installation = _installation(pw)
    assert installation.unlocode == "CNSHA"
    report = services.cbam_report_save(
        actor=pw.manager_s,
        installation=installation,
        period="2025",
        inputs=_inputs(pw.billet_process.pk),
    )
    (good,) = report.result["goods"]
    assert good["cn_code"] == "72071114"
    assert good["see_direct"] == pytest.approx(BILLET_SEE_DIRECT, rel=1e-12)
    assert good["see_indirect"] == pytest.approx(0.42448, rel=1e-12)
    assert good["embedded_direct_tco2e"] == pytest.approx(BILLET_DIRECT, rel=1e-12)
    assert good["direct_only"] is True  # iron and steel: Annex II
    assert good["see_chargeable"] == pytest.approx(BILLET_SEE_DIRECT, rel=1e-12)
    assert good["uses_defaults"] is False
    stored = report.inputs["goods"][0]
    assert stored["activity_level_t"] == 10_000 and stored["electricity_mwh"] == BILLET_MWH
    assert stored["provenance"] == pw.billet_process.provenance  # the inventory version
    product = report.result["communication"]["products"][0]
    assert product["electricity_mwh_per_unit"] == pytest.approx(0.8)
    assert report.result["communication"]["installation"]["unlocode"] == "CNSHA"
    assert AuditEntry.objects.filter(action="cbam.report.create").count() == 1


def test_complex_good_with_the_suppliers_verified_see(products_world: ProductsWorld) -> None:
    pw = products_world
    billet = _verified_billet(pw)
    assert billet.status == CbamStatus.VERIFIED
    report = services.cbam_report_save(
        actor=pw.manager_c,
        installation=_installation(pw, supplier=False),
        period="2025",
        inputs=_inputs(pw.bracket_process.pk),
    )
    (good,) = report.result["goods"]
    assert pw.bracket_process.direct_tco2e == pytest.approx(BRACKET_DIRECT, rel=1e-9)
    assert good["see_direct"] == pytest.approx(BRACKET_SEE_DIRECT, rel=1e-9)
    (precursor,) = good["precursors"]
    assert precursor["source"] == "supplier" and precursor["mass_t"] == pytest.approx(BILLET_T)
    assert precursor["embedded_indirect_tco2e"] == pytest.approx(BILLET_T * 0.42448, rel=1e-12)
    indirect = (pw.bracket_process.electricity_mwh * EF + BILLET_T * 0.42448) / 2000
    assert good["see_indirect"] == pytest.approx(indirect, rel=1e-12)
    provenance = report.inputs["goods"][0]["precursors"][0]["supplier_report"]
    assert provenance == {"id": billet.pk, "period": "2025", "version": 1, "product": pw.billet.pk}


def test_supplier_without_a_verified_report_is_refused(products_world: ProductsWorld) -> None:
    pw = products_world
    with pytest.raises(ValidationError) as refused:
        services.cbam_report_save(
            actor=pw.manager_c,
            installation=_installation(pw, supplier=False),
            period="2025",
            inputs=_inputs(pw.bracket_process.pk),
        )
    assert "goods[1].precursors[1]" in refused.value.message_dict
    assert not CbamReport.objects.exists()


def test_default_value_precursor_with_the_years_markup(products_world: ProductsWorld) -> None:
    pw = products_world
    precursors = [{"default_see_direct": 2.0, "default_see_indirect": 0.5, "mass_t": 100}]
    report = services.cbam_report_save(
        actor=pw.manager_s,
        installation=_installation(pw),
        period="2026",
        inputs={
            **_inputs(0),
            "goods": [
                {"id": "rolling", "good": "bars", "cn_code": "7214 20 00",
                 "activity_level_t": 1000, "direct_tco2e": 150, "electricity_mwh": 200,
                 "precursors": precursors}
            ],
            "carbon_price": {"amount_per_t": 100, "currency": "CNY", "covered_share": 0.5},
        },
    )  # fmt: skip
    (good,) = report.result["goods"]
    assert report.result["markup"] == pytest.approx(0.10)  # 2026: +10 % (unconfirmed)
    # (150 + 100 t x 2.0 x 1.10) / 1000 = 0.37; (200 x 0.5306 + 100 x 0.5 x 1.10) / 1000
    assert good["see_direct"] == pytest.approx(0.37, rel=1e-12)
    assert good["see_indirect"] == pytest.approx(0.16112, rel=1e-12)
    assert good["uses_defaults"] is True
    paid = report.result["communication"]["products"][0]["carbon_price"]["paid_per_unit"]
    assert paid == pytest.approx(100 * 0.5 * 0.37, rel=1e-12)


def test_cn_code_outside_the_annex_is_refused_with_the_good(products_world: ProductsWorld) -> None:
    pw = products_world
    with pytest.raises(ValidationError) as refused:
        services.cbam_report_save(
            actor=pw.manager_s,
            installation=_installation(pw),
            period="2025",
            inputs={
                **_inputs(0),
                "goods": [
                    {"process": pw.billet_process.pk},
                    {"id": "glass", "good": "glass", "cn_code": "7005 10 00",
                     "activity_level_t": 10, "direct_tco2e": 1, "electricity_mwh": 0},
                ],
            },
        )  # fmt: skip
    errors = refused.value.message_dict
    assert list(errors) == ["goods[2].cn_code"]
    assert "glass" in errors["goods[2].cn_code"][0]
    assert not CbamReport.objects.exists()


def test_field_errors_all_at_once(products_world: ProductsWorld) -> None:
    pw = products_world
    with pytest.raises(ValidationError) as refused:
        services.cbam_report_save(
            actor=pw.manager_s,
            installation=_installation(pw),
            period="twenty",
            inputs={},
        )
    assert "period" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.cbam_report_save(
            actor=pw.manager_s,
            installation=Installation.objects.get(),
            period="2025",
            inputs={"goods": [{"process": pw.bracket_process.pk}]},
        )
    errors = refused.value.message_dict
    assert set(errors) == {"electricity_ef_tco2_per_mwh", "goods[1].process"}


def test_only_the_manager_writes_and_the_assigned_evaluator_verifies(
    products_world: ProductsWorld,
) -> None:
    pw = products_world
    with pytest.raises(PermissionDenied):
        services.installation_save(actor=pw.manager_c, site=pw.site_s, name_en="x")
    installation = _installation(pw)
    with pytest.raises(ValidationError):
        _installation(pw)  # one installation per site
    report = services.cbam_report_save(
        actor=pw.manager_s,
        installation=installation,
        period="2025",
        inputs=_inputs(pw.billet_process.pk),
    )
    with pytest.raises(PermissionDenied):
        services.cbam_report_save(
            actor=pw.staff, installation=installation, period="2025", inputs={}
        )
    with pytest.raises(ValidationError):  # not submitted yet
        services.cbam_report_verify(actor=pw.evaluator, report=report)
    services.cbam_report_submit(actor=pw.manager_s, report=report)
    with pytest.raises(ValidationError):  # with the evaluator: not editable
        services.cbam_report_save(
            actor=pw.manager_s, installation=installation, period="2025",
            inputs=_inputs(pw.billet_process.pk),
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # C's evaluator is not assigned to S
        services.cbam_report_verify(actor=pw.world.users["evaluator_c"], report=report)
    with pytest.raises(ValidationError):  # a return needs a note
        services.cbam_report_return(actor=pw.evaluator, report=report, note=" ")
    returned = services.cbam_report_return(actor=pw.evaluator, report=report, note="factor?")
    assert returned.status == CbamStatus.RETURNED and returned.review_note == "factor?"
    again = services.cbam_report_save(
        actor=pw.manager_s, installation=installation, period="2025",
        inputs=_inputs(pw.billet_process.pk),
    )  # fmt: skip
    assert (again.status, again.version) == (CbamStatus.DRAFT, 2)
    actions = list(
        AuditEntry.objects.filter(action__startswith="cbam.report").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        ["cbam.report.create", "cbam.report.submit", "cbam.report.return", "cbam.report.update"]
    )
