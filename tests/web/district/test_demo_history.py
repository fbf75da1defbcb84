"""The demo district's history (district/demo.py) and the batch path it loads through
(reporting/services/batch.py): what was loaded, that it is what the one-version path computes,
the audit entries of the workflow, the story the figures tell, and the batch's refusals.

The demo is loaded once and shared by the demo modules (see ``tests.web.conftest.demo_district``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min, Sum

from greenledger.core.model import LINE_FIGURES
from greenledger.web.accounts.models import User
from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.district import demo as district_demo
from greenledger.web.district.models import (
    BudgetAlert,
    CarrierFact,
    DistrictTarget,
    EnterpriseYearFact,
)
from greenledger.web.members.models import Organisation, Site, SiteKind
from greenledger.web.reporting.models import (
    ActivityRecord,
    InventoryResult,
    Submission,
    SubmissionStatus,
)
from greenledger.web.reporting.services.batch import INPUT_SCHEMA, inventories_load
from greenledger.web.reporting.services.inventory import inventory_compute
from greenledger.web.reporting.services.submissions import content_sha256, current_version

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def demo(demo_district: Any, db: None) -> None:
    """Each test starts from the loaded district; its writes roll back with its savepoint."""


def history() -> Any:
    return Submission.objects.filter(evaluator__username=district_demo.VERIFIER)


def test_the_history_covers_2020_to_2025_for_every_enterprise_in_every_park(demo: None) -> None:
    years = dict(
        EnterpriseYearFact.objects.values_list("year").annotate(n=Count("id")).order_by("year")
    )
    # every demo enterprise (n); 3 join in 2022; 4 miss one year in 2021-2024; 2 of 2025 wait
    # for the evaluator; the manager's 2025 comes from the assessments demo (verified too).
    n = district_demo.HISTORY_ENTERPRISES
    assert sorted(years) == list(range(2020, 2026))
    assert sum(years.values()) == n * 6 - 3 * 2 - 4 - 2
    assert years[2020] == n - 3
    assert years[2021] + years[2022] + years[2023] + years[2024] == (n - 3) + 3 * n - 4
    have = EnterpriseYearFact.objects.values("organisation").annotate(
        n=Count("id"), first=Min("year"), last=Max("year")
    )
    gaps = [h for h in have if h["n"] < h["last"] - h["first"] + 1]
    assert len(gaps) == 4
    assert all(h["n"] == h["last"] - h["first"] for h in gaps)
    assert years[2025] == n - 2
    organisations = EnterpriseYearFact.objects.values("organisation").distinct().count()
    assert organisations == n
    for park in Site.objects.filter(kind=SiteKind.PARK):
        for year in range(2020, 2026):
            assert EnterpriseYearFact.objects.filter(park=park, year=year).count() >= 3, park
    firsts = EnterpriseYearFact.objects.values("organisation").annotate(first=Min("year"))
    assert sorted(f["first"] for f in firsts if f["first"] != 2020) == [2022, 2022, 2022]
    pending = Submission.objects.filter(status=SubmissionStatus.UNDER_VERIFICATION)
    assert pending.count() == 2
    assert {s.year for s in pending} == {2025}
    assert all(s.evaluator.username == district_demo.PENDING_VERIFIER for s in pending)
    assert DistrictTarget.objects.filter(active=True, scope="district").count() == 2


def test_the_batch_stores_what_the_one_version_path_computes(demo: None, tmp_path: Path) -> None:
    submission = history().filter(organisation__industry_code="C2614", year=2021).first()
    assert submission is not None
    version = current_version(submission)
    stored = InventoryResult.objects.get(version=version)
    batch_lines = pl.read_parquet(stored.lines_path)
    assert version.content_sha256 == content_sha256(version)
    fresh = inventory_compute(version)  # recomputed from the records read back, one version
    assert fresh is not None
    fresh_lines = pl.read_parquet(fresh.lines_path)
    columns = ["enterprise", "site", "period", "activity", "quantity", "category", *LINE_FIGURES]
    assert batch_lines.select(columns).equals(fresh_lines.select(columns))
    # Per line bit-identical; sums agree to the last bits (Polars may add in another order).
    pairs = [(fresh.enterprise_totals, stored.enterprise_totals)]
    pairs += list(zip(fresh.totals, stored.totals, strict=True))
    pairs += list(zip(fresh.by_source, stored.by_source, strict=True))
    for mine, theirs in pairs:
        assert mine.keys() == theirs.keys()
        for key, value in mine.items():
            if isinstance(value, float):
                assert value == pytest.approx(theirs[key], rel=1e-12), key
            else:
                assert value == theirs[key], key
    assert fresh.factor_set_version == stored.factor_set_version
    assert fresh.context == stored.context == {**stored.context, "year": 2021}
    assert stored.line_count == ActivityRecord.objects.filter(version=version).count()


def test_each_history_submission_has_the_workflows_audit_entries(demo: None) -> None:
    submission = history().order_by("pk").first()
    assert submission is not None
    entries = list(
        AuditEntry.objects.filter(
            object_type="reporting.submission", object_id=str(submission.pk)
        ).order_by("sequence")
    )
    assert [e.action for e in entries] == [
        "submission.create",
        "submission.submit",
        "submission.assign_evaluator",
        "submission.verify",
    ]
    assert [e.actor_username for e in entries] == ["secretariat"] * 3 + ["evaluator2"]
    assert entries[-1].after["status"] == "verified"
    assert entries[-1].after["content_sha256"] == current_version(submission).content_sha256
    assert entries[1].after["status"] == "submitted"
    assert audit_verify().ok


def _district(year: int) -> dict[str, float]:
    sums = EnterpriseYearFact.objects.filter(year=year, basis="verified").aggregate(
        energy=Sum("energy_tce"),
        co2=Sum("gbt32150_co2e_t"),
        output=Sum("output_value_wan_yuan"),
        so2=Sum("so2_t"),
        location=Sum("scope2_location_t"),
        market=Sum("scope2_market_t"),
    )
    return {k: float(v) for k, v in sums.items()}


def test_the_figures_tell_the_story(demo: None) -> None:
    first, last = _district(2020), _district(2025)
    # output grows (the light industries fast, the heavy users hardly); intensities fall
    assert 1.1 < last["output"] / first["output"] < 1.4
    energy_intensity = (last["energy"] / last["output"]) / (first["energy"] / first["output"])
    co2_intensity = (last["co2"] / last["output"]) / (first["co2"] / first["output"])
    assert energy_intensity < 0.9
    assert co2_intensity < 0.9
    # green electricity rises: the market-based Scope 2 falls further below the location-based
    assert last["market"] / last["location"] < first["market"] / first["location"] - 0.1
    # coal gone by 2025 (one expanding maker burns it until 2024), SO2 with it
    coal = CarrierFact.objects.filter(carrier="raw_coal")
    assert coal.filter(fact__year=2020).count() >= 3
    assert not coal.filter(fact__year=2025).exists()
    assert last["so2"] < 0.2 * first["so2"]
    # the chemicals maker that expands from 2023 on coal: its emissions up by more than a third
    grower = Organisation.objects.get(
        pk__in=Submission.objects.filter(status=SubmissionStatus.UNDER_VERIFICATION).values(
            "organisation"
        ),
        industry_code=district_demo.OVER_BUDGET_INDUSTRY,
    )
    own = dict(
        EnterpriseYearFact.objects.filter(organisation=grower).values_list(
            "year", "gbt32150_co2e_t"
        )
    )
    assert own[2024] > 1.35 * own[2020]
    # ... and is over its budget (2020 emissions less 2 % a year) by a third and more
    alerts = BudgetAlert.objects.filter(organisation=grower, kind="over_budget")
    assert sorted(alerts.values_list("year", flat=True)) == [2023, 2024]
    for alert in alerts:
        budget = own[2020] * (1 - district_demo.BUDGET_REDUCTION_RATE) ** (alert.year - 2020)
        assert alert.limit_t == pytest.approx(budget)
        assert alert.verified_t == pytest.approx(own[alert.year])
        assert alert.verified_t > 1.3 * alert.limit_t
    # the other key users keep within their budgets
    assert not BudgetAlert.objects.exclude(organisation=grower).exists()


def _lines(organisation: Organisation, site: Site, year: int, **changes: Any) -> pl.DataFrame:
    row: dict[str, Any] = {
        "organisation_id": organisation.pk,
        "year": year,
        "site_id": site.pk,
        "period": str(year),
        "activity": "purchased_electricity",
        "quantity": 1000.0,
        "instrument": "",
        "removal_efficiency": 0.0,
        "sulfur_percent": None,
        "technology": "",
        "product": "",
        "product_unit": "",
    }
    row.update(changes)
    return pl.DataFrame([row], schema=INPUT_SCHEMA)


@pytest.mark.usefixtures("english")
def test_the_batch_refuses_whole_loads_naming_organisation_year_and_field(demo: None) -> None:
    secretariat = User.objects.get(username="secretariat")
    evaluator = User.objects.get(username=district_demo.VERIFIER)
    taken = history().order_by("pk").first()
    assert taken is not None
    organisation = taken.organisation
    site = Site.objects.filter(organisation=organisation).order_by("pk").first()
    assert site is not None
    other_site = Site.objects.exclude(organisation=organisation).order_by("pk").first()
    before = (Submission.objects.count(), ActivityRecord.objects.count())
    good = _lines(organisation, site, 2019)
    bad = pl.concat(
        [
            good,
            _lines(organisation, site, taken.year),  # already has a submission
            _lines(organisation, site, 2018, activity="moonshine"),
            _lines(organisation, site, 2017, quantity=-5.0),
            _lines(organisation, site, 2016, period="2015"),
            _lines(organisation, other_site, 2014),
        ]
    )
    with pytest.raises(ValidationError) as refused:
        inventories_load(actor=secretariat, evaluator=evaluator, lines=bad)
    problems = refused.value.message_dict["lines"]
    assert len(problems) == 5
    name = organisation.name_zh
    assert f"{name}, {taken.year}, year" in problems[-1]
    assert any(p.startswith(f"{name}, 2018, activity moonshine") for p in problems)
    assert any(p.startswith(f"{name}, 2017, quantity -5.0") for p in problems)
    assert any(p.startswith(f"{name}, 2016, period 2015") for p in problems)
    assert any(p.startswith(f"{name}, 2014, site_id {other_site.pk}") for p in problems)
    assert (Submission.objects.count(), ActivityRecord.objects.count()) == before
    with pytest.raises(PermissionDenied):
        inventories_load(actor=User.objects.get(username="manager"), evaluator=evaluator,
                         lines=good)  # fmt: skip
    unassigned = User.objects.get(username="evaluator3")
    with pytest.raises(ValidationError, match="not assigned"):
        inventories_load(actor=secretariat, evaluator=unassigned, lines=good)
    loaded = inventories_load(actor=secretariat, evaluator=evaluator, lines=good)
    assert (loaded.submissions, loaded.records, loaded.verified) == (1, 1, 1)
    new = Submission.objects.get(organisation=organisation, year=2019)
    assert new.status == SubmissionStatus.VERIFIED
    inventory = InventoryResult.objects.get(version=current_version(new))
    # 1,000 MWh at 0.1229 tce/MWh (the library's electricity coefficient)
    assert inventory.enterprise_totals["energy_tce"] == pytest.approx(122.9)


def test_the_batch_refusal_speaks_chinese(demo: None) -> None:
    from django.utils import translation

    taken = history().order_by("pk").first()
    assert taken is not None
    site = Site.objects.filter(organisation=taken.organisation).order_by("pk").first()
    assert site is not None
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        inventories_load(
            actor=User.objects.get(username="secretariat"),
            evaluator=User.objects.get(username=district_demo.VERIFIER),
            lines=_lines(taken.organisation, site, taken.year),
        )
    (problem,) = refused.value.message_dict["lines"]
    assert problem == (
        f"{taken.organisation.name_zh}，{taken.year}年，year {taken.year}：该组织在该年度已有报送"
    )
