"""Golden eligibility results by hand under each catalogue, and transition KPIs.

The catalogues hold no threshold the platform could confirm against the texts, so each test
sets the institution's own values (``configured``) and checks the comparison it asks for.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenledger.core.assessment.wording import INCLUSIVE, MIN, meets
from greenledger.core.finance.catalogue import (
    CatalogueNotFound,
    FinanceCatalogue,
    NotConfigurable,
    load_finance_catalogue,
)
from greenledger.core.finance.eligibility import (
    BORDERLINE,
    ELIGIBLE,
    NEEDS_DATA,
    NOT_ELIGIBLE,
    Project,
    check,
    check_many,
    transition_kpi,
)

AUDITED = frozenset({"energy_audit"})
VERIFIED = frozenset({"verified_inventory"})


def green_2025(minimum: float = 1000.0, margin: float = 0.05) -> FinanceCatalogue:
    return load_finance_catalogue("green_finance_2025").configured(
        {"categories.1.energy_saving.threshold": minimum, "margin": margin}
    )


def shanghai() -> FinanceCatalogue:
    return load_finance_catalogue("shanghai_transition_2024").configured(
        {
            "categories.C31.carbon_intensity.threshold": 2.0,
            "categories.C31.carbon_intensity.advanced": 1.6,
        }
    )


def saving(value: float | None, evidence: frozenset[str] = AUDITED) -> Project:
    return Project("p", "C3411", "1", energy_saving_tce=value, evidence=evidence)


@pytest.mark.parametrize(
    ("value", "status", "outcome"),
    [
        (1500.0, ELIGIBLE, "met"),  # 1500 >= 1000, 50 % beyond the threshold
        (1000.0 * 1.06, ELIGIBLE, "met"),  # 6 % above: outside the 5 % margin
        (1020.0, BORDERLINE, "borderline"),  # 2 % above the minimum
        (980.0, BORDERLINE, "borderline"),  # 2 % below: missed, but within the margin
        (800.0, NOT_ELIGIBLE, "not_met"),  # 20 % below
    ],
)
def test_green_finance_2025_energy_saving(value: float, status: str, outcome: str) -> None:
    result = check(saving(value), green_2025())
    assert (result.status, result.category, result.category_name) == (status, "1", "节能降碳产业")
    (criterion,) = result.criteria
    assert (criterion.value, criterion.threshold, criterion.outcome) == (value, 1000.0, outcome)
    assert (criterion.limit, criterion.bound, criterion.confirmed) == ("min", "inclusive", False)
    assert "set by the institution to 1000" in criterion.source


def test_the_threshold_itself_is_met_when_the_limit_includes_it() -> None:
    result = check(saving(1000.0), green_2025(margin=0.0))
    assert result.status == ELIGIBLE
    texts = [m.english() for m in result.explanation]
    assert "energy_saving_tce_per_year 1000 ≥ 1000 (wording not confirmed, inclusive)" in texts
    assert check(saving(999.99), green_2025(margin=0.0)).status == NOT_ELIGIBLE


def test_missing_value_evidence_or_threshold_needs_data() -> None:
    assert check(saving(None), green_2025()).status == NEEDS_DATA
    no_audit = check(saving(1500.0, frozenset()), green_2025())
    assert no_audit.status == NEEDS_DATA
    assert no_audit.criteria[0].evidence_missing == ("energy_audit",)
    unset = check(saving(1500.0), load_finance_catalogue("green_finance_2025"))
    assert unset.status == NEEDS_DATA
    assert (
        "energy_saving_tce_per_year: the threshold is not held (unconfirmed; set "
        "categories.1.energy_saving.threshold from the catalogue's text)"
    ) in [m.english() for m in unset.explanation]


def test_a_clear_failure_outweighs_missing_evidence() -> None:
    assert check(saving(500.0, frozenset()), green_2025()).status == NEEDS_DATA  # not judged
    assert check(saving(500.0), green_2025()).status == NOT_ELIGIBLE


def test_categories_claimed_unknown_or_without_criteria() -> None:
    catalogue = green_2025()
    unknown = check(Project("p", "C3411", "1.1.1"), catalogue)
    assert (unknown.status, unknown.category) == (NOT_ELIGIBLE, None)
    assert "'1.1.1' is not a category of" in unknown.explanation[0].english()
    assert check(Project("p", "C3411"), catalogue).status == NEEDS_DATA  # nothing claimed
    no_criteria = check(Project("p", "N7721", "2"), catalogue)
    assert (no_criteria.status, no_criteria.category_name) == (NEEDS_DATA, "环境保护产业")


@pytest.mark.parametrize(
    ("abatement", "status"),
    [(6000.0, ELIGIBLE), (5100.0, BORDERLINE), (4900.0, BORDERLINE), (3000.0, NOT_ELIGIBLE)],
)
def test_green_bond_2021_legacy_abatement(abatement: float, status: str) -> None:
    catalogue = load_finance_catalogue("green_bond_2021").configured(
        {"categories.3.abatement.threshold": 5000.0}
    )
    project = Project("wind", "D4415", "3", abatement_tco2e=abatement, evidence=VERIFIED)
    result = check(project, catalogue)
    assert (result.status, result.category_name) == (status, "清洁能源产业")
    assert catalogue.status == "legacy"


@pytest.mark.parametrize(
    ("intensity", "status", "advanced"),
    [
        (1.5, ELIGIBLE, True),  # below the advanced value 1.6
        (1.8, ELIGIBLE, False),  # meets the entry value 2.0, not the advanced one
        (2.05, BORDERLINE, False),  # 2.5 % above the entry value
        (2.5, NOT_ELIGIBLE, False),
    ],
)
def test_shanghai_transition_steel(intensity: float, status: str, advanced: bool) -> None:
    project = Project("eaf", "C3110", kpis={"carbon_intensity": intensity}, evidence=VERIFIED)
    result = check(project, shanghai())
    assert (result.status, result.category, result.category_name) == (
        status,
        "C31",
        "黑色金属冶炼和压延加工业",
    )
    assert result.criteria[0].meets_advanced is advanced
    assert result.criteria[0].advanced == 1.6


def test_shanghai_industries_by_gbt_4754() -> None:
    catalogue = shanghai()
    assert check(Project("x", "C2710"), catalogue).status == NOT_ELIGIBLE  # pharmaceuticals
    assert check(Project("x", "C2511"), catalogue).category == "C251"
    assert check(Project("x", "G5611"), catalogue).category == "G56"
    mismatch = check(Project("x", "G5511", "C31"), catalogue)
    assert mismatch.status == NOT_ELIGIBLE
    assert mismatch.explanation[0].english().endswith("covers industries C31, not G5511")
    unset = check(
        Project("x", "C3610", kpis={"carbon_intensity": 1.0}, evidence=VERIFIED), catalogue
    )
    assert unset.status == NEEDS_DATA  # the automobile industry's entry value is not set


def test_check_many_agrees_with_check() -> None:
    catalogue = green_2025()
    projects = [saving(v) for v in (1500.0, 1020.0, 980.0, 800.0, None)]
    projects += [saving(1500.0, frozenset()), Project("q", "C3411", "2"), Project("r", "C3411")]
    assert check_many(projects, catalogue) == tuple(check(p, catalogue) for p in projects)
    assert [r.status for r in check_many(projects, catalogue)] == [
        ELIGIBLE,
        BORDERLINE,
        BORDERLINE,
        NOT_ELIGIBLE,
        NEEDS_DATA,
        NEEDS_DATA,
        NEEDS_DATA,
        NEEDS_DATA,
    ]
    assert check_many([], catalogue) == ()


def test_transition_kpi_against_entry_and_advanced_values() -> None:
    met = transition_kpi(1.8, 2.0, 1.6, unit="tCO2e/t")
    assert (met.meets_entry, met.meets_advanced) == (True, False)
    assert (met.gap_to_entry, met.gap_to_advanced) == (0.0, pytest.approx(0.2))
    assert (
        met.explanation[-1].english() == "0.2 tCO2e/t still to improve to reach the advanced value"
    )
    missed = transition_kpi(2.4, 2.0, 1.6)
    assert (missed.meets_entry, missed.gap_to_entry, missed.gap_to_advanced) == (
        False,
        pytest.approx(0.4),
        pytest.approx(0.8),
    )
    best = transition_kpi(1.6, 2.0, 1.6)
    assert (best.meets_advanced, best.gap_to_advanced, len(best.explanation)) == (True, 0.0, 2)
    assert not transition_kpi(2.0, 2.0, 1.6, bound="exclusive").meets_entry
    share = transition_kpi(0.3, 0.25, 0.4, limit="min")  # a share that must rise
    assert (share.meets_entry, share.meets_advanced, share.gap_to_advanced) == (
        True,
        False,
        pytest.approx(0.1),
    )


def test_transition_kpi_with_the_catalogues_limits() -> None:
    category = shanghai().category("C31")
    assert category is not None
    criterion = category.criteria[0]
    assert criterion.advanced is not None
    result = transition_kpi(1.7, criterion.threshold, criterion.advanced)
    assert (result.entry, result.advanced, result.meets_entry, result.meets_advanced) == (
        2.0,
        1.6,
        True,
        False,
    )
    unset = load_finance_catalogue("shanghai_transition_2024").category("C36")
    assert unset is not None
    with pytest.raises(ValueError, match="not held"):
        transition_kpi(1.0, unset.criteria[0].threshold, 1.0)


def test_settings_and_keys_are_checked() -> None:
    catalogue = load_finance_catalogue("green_finance_2025")
    with pytest.raises(NotConfigurable, match="'categories.1.nothing' is not a configurable"):
        catalogue.configured({"categories.1.nothing": 1.0})
    with pytest.raises(CatalogueNotFound, match="green_finance_2025"):
        load_finance_catalogue("green_finance_2030")


@settings(max_examples=200, deadline=None)
@given(
    value=st.floats(min_value=0, max_value=5000, allow_nan=False),
    threshold=st.floats(min_value=1, max_value=5000, allow_nan=False),
    margin=st.sampled_from([0.0, 0.05, 0.2]),
)
def test_the_polars_comparison_agrees_with_the_assessment_engines(
    value: float, threshold: float, margin: float
) -> None:
    result = check(saving(value), green_2025(threshold, margin))
    near = margin > 0 and abs(value - threshold) <= threshold * margin
    expected = (
        BORDERLINE
        if near
        else ELIGIBLE
        if meets(value, threshold, MIN, INCLUSIVE)
        else (NOT_ELIGIBLE)
    )
    assert result.status == expected
