"""The secretariat's screening values for unpublished catalogue thresholds, and what they do to
company A's eligibility (abatement 955.08 t a year under green bond 2021 category 2, see
test_projects_eligibility.py for the hand figures):

- set 900 t (read from a document and clause) -> eligible, the criterion's source names the
  setting, who set it and the document; the check records the setting's id as its version;
- set 950 t afterwards (the newest row is in force) -> borderline (955.08 is 0.5 % above);
- cleared -> back to the deployment's value (2,000 t: not eligible), or needs data without one.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.models import CatalogueSetting
from greenledger.web.finance.services.eligibility import catalogue, eligibility_run
from greenledger.web.finance.services.projects import project_update
from greenledger.web.finance.services.settings import (
    catalogue_setting_set,
    settings_in_force,
    settings_version,
)
from tests.web.finance.conftest import FinanceWorld

pytestmark = pytest.mark.django_db

BOND = "green_bond_2021"
ABATEMENT = "categories.2.abatement.threshold"
C26 = "categories.C26.carbon_intensity"
NOTE = "绿色债券支持项目目录（2021年版）附件1 2.1 条；秘书处筛选值"


def bond_check(fw: FinanceWorld) -> object:
    project = project_update(
        actor=fw.manager, project=fw.project,
        categories={"green_finance_2025": "1", BOND: "2"},
    )  # fmt: skip
    return {c.catalogue: c for c in eligibility_run(actor=fw.manager, project=project)}[BOND]


def staff(fw: FinanceWorld) -> object:
    return fw.world.users["secretariat"]


def test_a_setting_applies_with_its_source(finance_world: FinanceWorld) -> None:
    row = catalogue_setting_set(
        actor=staff(finance_world), catalogue=BOND, path=ABATEMENT, value=900, source_note=NOTE
    )
    check = bond_check(finance_world)
    assert check.status == "eligible"  # type: ignore[attr-defined]
    [criterion] = check.result["criteria"]  # type: ignore[attr-defined]
    assert criterion["threshold"] == 900.0
    assert NOTE in criterion["source"]
    assert "screening value 900" in criterion["source"]
    assert f"setting {row.pk}" in criterion["source"]
    assert check.result["settings_version"] == row.pk  # type: ignore[attr-defined]
    entry = AuditEntry.objects.filter(action="finance.setting.set").latest("id")
    assert entry.object_id == str(row.pk)
    assert entry.after["value"] == 900.0 and entry.after["source_note"] == NOTE


def test_the_newest_row_is_in_force_and_a_clear_falls_back(finance_world: FinanceWorld) -> None:
    actor = staff(finance_world)
    catalogue_setting_set(actor=actor, catalogue=BOND, path=ABATEMENT, value=900, source_note=NOTE)
    newer = catalogue_setting_set(
        actor=actor, catalogue=BOND, path=ABATEMENT, value=950, source_note=NOTE
    )
    check = bond_check(finance_world)
    assert check.status == "borderline"  # type: ignore[attr-defined]
    assert settings_in_force(BOND)[ABATEMENT].pk == newer.pk
    cleared = catalogue_setting_set(
        actor=actor, catalogue=BOND, path=ABATEMENT, value=None, source_note="撤销筛选值"
    )
    assert settings_in_force(BOND) == {}
    assert settings_version(BOND) == cleared.pk
    check = bond_check(finance_world)
    assert check.status == "needs_data"  # type: ignore[attr-defined]
    assert check.result["settings_version"] == cleared.pk  # type: ignore[attr-defined]
    with override_settings(FINANCE_CATALOGUE_SETTINGS={BOND: {ABATEMENT: 2000.0}}):
        assert bond_check(finance_world).status == "not_eligible"  # type: ignore[attr-defined]
    assert CatalogueSetting.objects.filter(catalogue=BOND, path=ABATEMENT).count() == 3


def test_a_setting_overrides_the_deployment_value(finance_world: FinanceWorld) -> None:
    catalogue_setting_set(
        actor=finance_world.world.users["district_admin"], catalogue=BOND, path=ABATEMENT,
        value=900, source_note=NOTE,
    )  # fmt: skip
    with override_settings(FINANCE_CATALOGUE_SETTINGS={BOND: {ABATEMENT: 2000.0}}):
        limit = next(x for x in catalogue(BOND).limits() if x.path == ABATEMENT)
    assert limit.value == 900.0


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [
        ("path", {"path": "categories.2.no_such.threshold"}),
        ("catalogue", {"catalogue": "no_such_catalogue"}),
        ("source_note", {"source_note": "   "}),
        ("value", {"value": -1.0}),
        ("value", {"value": float("nan")}),
        ("value", {"path": "margin", "value": 1.5}),
    ],
)
def test_refusals_name_the_field(finance_world: FinanceWorld, field: str, kwargs: dict) -> None:
    arguments = {"catalogue": BOND, "path": ABATEMENT, "value": 900.0, "source_note": NOTE}
    with pytest.raises(ValidationError) as caught:
        catalogue_setting_set(actor=staff(finance_world), **{**arguments, **kwargs})
    assert list(caught.value.message_dict) == [field]
    assert not CatalogueSetting.objects.exists()


def test_an_unknown_path_is_refused_in_chinese(finance_world: FinanceWorld) -> None:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        catalogue_setting_set(
            actor=staff(finance_world), catalogue=BOND, path="categories.9.x.threshold",
            value=1.0, source_note=NOTE,
        )  # fmt: skip
    [reason] = caught.value.message_dict["path"]
    assert "不是本目录可设置的阈值" in reason and ABATEMENT in reason


def test_an_advanced_value_looser_than_the_entry_is_refused(finance_world: FinanceWorld) -> None:
    actor = staff(finance_world)
    key = "shanghai_transition_2024"
    catalogue_setting_set(
        actor=actor, catalogue=key, path=f"{C26}.threshold", value=2.0, source_note=NOTE
    )
    with pytest.raises(ValidationError) as caught:
        catalogue_setting_set(
            actor=actor, catalogue=key, path=f"{C26}.advanced", value=2.1, source_note=NOTE
        )
    assert "2.1" in caught.value.message_dict["value"][0]
    catalogue_setting_set(
        actor=actor, catalogue=key, path=f"{C26}.advanced", value=1.6, source_note=NOTE
    )
    limits = {x.path: x.value for x in catalogue(key).limits()}
    assert (limits[f"{C26}.threshold"], limits[f"{C26}.advanced"]) == (2.0, 1.6)


@pytest.mark.parametrize("persona", ["analyst", "enterprise_a", "evaluator"])
def test_only_the_staff_set_values(finance_world: FinanceWorld, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        catalogue_setting_set(
            actor=finance_world.world.users[persona], catalogue=BOND, path=ABATEMENT,
            value=900.0, source_note=NOTE,
        )  # fmt: skip
    assert not CatalogueSetting.objects.exists()


def test_a_fixed_threshold_is_refused(
    finance_world: FinanceWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A threshold the catalogue publishes and does not let the platform change (here the
    green bond catalogue's margin, made fixed) is refused by the core's own test."""
    from dataclasses import replace

    from greenledger.core.finance.catalogue import load_finance_catalogue
    from greenledger.web.finance.services import settings as module

    shipped = load_finance_catalogue(BOND)
    fixed = replace(shipped, margin=replace(shipped.margin, configurable=False))
    monkeypatch.setattr(module, "load_finance_catalogue", lambda key: fixed)
    with pytest.raises(ValidationError) as caught:
        catalogue_setting_set(
            actor=staff(finance_world), catalogue=BOND, path="margin", value=0.1,
            source_note=NOTE,
        )  # fmt: skip
    [reason] = caught.value.message_dict["path"]
    assert reason.startswith("'margin' 不是本目录可设置的阈值")  # the default language
    assert ABATEMENT in reason and "margin," not in reason
    assert not CatalogueSetting.objects.exists()
