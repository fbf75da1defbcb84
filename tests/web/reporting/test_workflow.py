"""The submission workflow through the services: transitions, refusals, versions, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role
from greenledger.web.audit.models import AuditEntry
from greenledger.web.reporting import selectors, services
from greenledger.web.reporting.models import (
    ActivityRecord,
    InventoryResult,
    RecordComment,
    SubmissionStatus,
)
from tests.web.conftest import World
from tests.web.reporting.conftest import draft, monthly_rows, run_import, write_csv

pytestmark = pytest.mark.django_db


def imported(world: World, tmp_path: Path, year: int = 2024):  # type: ignore[no-untyped-def]
    submission = draft(world, year)
    run_import(world, submission, write_csv(tmp_path / f"{year}.csv", monthly_rows(year=year)))
    return submission


def under_review(world: World, tmp_path: Path):  # type: ignore[no-untyped-def]
    submission = imported(world, tmp_path)
    services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    return services.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission, evaluator=world.users["evaluator"]
    )


def test_a_draft_goes_through_submission_verification_and_is_verified(
    world: World, tmp_path: Path
) -> None:
    submission = imported(world, tmp_path)
    submitted = services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    assert submitted.status == SubmissionStatus.SUBMITTED
    version = services.current_version(submitted)
    assert version.frozen and len(version.content_sha256) == 64
    inventory = InventoryResult.objects.get(version=version)
    assert inventory.enterprise_totals["energy_tce"] == pytest.approx(1451.7)
    reviewed = services.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submitted, evaluator=world.users["evaluator"]
    )
    assert reviewed.status == SubmissionStatus.UNDER_VERIFICATION
    verified = services.submission_verify(actor=world.users["evaluator"], submission=reviewed)
    assert verified.status == SubmissionStatus.VERIFIED
    actions = list(
        AuditEntry.objects.filter(object_type="reporting.submission").values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "submission.create",
        "submission.submit",
        "submission.assign_evaluator",
        "submission.verify",
    ]


def test_a_reporter_enters_data_but_only_the_manager_submits(world: World, tmp_path: Path) -> None:
    reporter = account_services.user_create(
        actor=None,
        username="reporter-a",
        password="reporter-password-1",
        role=Role.ENTERPRISE_REPORTER,
        organisation=world.company_a,
    )
    submission = draft(world)
    job = services.import_job_create(
        actor=reporter,
        submission=submission,
        upload=write_csv(tmp_path / "r.csv", monthly_rows()),
        filename="r.csv",
    )
    assert services.import_job_run(job.pk) == "succeeded"
    services.record_create(
        actor=reporter,
        submission=submission,
        site="甲工厂",
        period="2024-01",
        activity="柴油",
        quantity="2",
        unit="t",
    )
    with pytest.raises(PermissionDenied):
        services.submission_submit(actor=reporter, submission=submission)


def test_an_evaluator_of_the_same_organisation_cannot_be_assigned(
    world: World, tmp_path: Path
) -> None:
    insider = account_services.user_create(
        actor=None, username="insider", password="insider-password-1", role=Role.EVALUATOR
    )
    # The accounts services give evaluators no organisation; a row written another way (the
    # admin, an old import) must still not let an insider verify their own company.
    type(insider).objects.filter(pk=insider.pk).update(organisation=world.company_a)
    insider.refresh_from_db()
    account_services.assignment_create(actor=None, evaluator=insider, organisation=world.company_a)
    submission = imported(world, tmp_path)
    services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="belong to"):
        services.submission_assign_evaluator(
            actor=world.users["secretariat"], submission=submission, evaluator=insider
        )
    assert AuditEntry.objects.count() == entries


def test_an_evaluator_not_assigned_to_the_organisation_cannot_be_given_its_submission(
    world: World, tmp_path: Path
) -> None:
    stranger = account_services.user_create(
        actor=None, username="stranger", password="stranger-password-1", role=Role.EVALUATOR
    )
    submission = imported(world, tmp_path)
    services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    with pytest.raises(ValidationError, match="not assigned"):
        services.submission_assign_evaluator(
            actor=world.users["secretariat"], submission=submission, evaluator=stranger
        )


def test_only_the_secretariat_assigns_and_only_the_assigned_evaluator_verifies(
    world: World, tmp_path: Path
) -> None:
    submission = imported(world, tmp_path)
    services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    with pytest.raises(PermissionDenied):
        services.submission_assign_evaluator(
            actor=world.users["enterprise_a"],
            submission=submission,
            evaluator=world.users["evaluator"],
        )
    with pytest.raises(PermissionDenied):
        services.submission_verify(actor=world.users["evaluator"], submission=submission)
    services.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission, evaluator=world.users["evaluator"]
    )
    for persona in ("enterprise_a", "secretariat", "enterprise_b"):
        with pytest.raises(PermissionDenied):
            services.submission_verify(actor=world.users[persona], submission=submission)


def test_nobody_verifies_a_version_they_submitted(world: World, tmp_path: Path) -> None:
    submission = under_review(world, tmp_path)
    version = services.current_version(submission)
    version.submitted_by = world.users["evaluator"]  # as if the evaluator had submitted it
    version.save()
    with pytest.raises(PermissionDenied, match="submitted themselves"):
        services.submission_verify(actor=world.users["evaluator"], submission=submission)


def test_a_frozen_version_cannot_be_edited(world: World, tmp_path: Path) -> None:
    submission = imported(world, tmp_path)
    services.submission_submit(actor=world.users["enterprise_a"], submission=submission)
    record = ActivityRecord.objects.filter(version__submission=submission).first()
    manager = world.users["enterprise_a"]
    with pytest.raises(ValidationError, match="locked"):
        services.record_update(actor=manager, record=record, quantity="1")
    with pytest.raises(ValidationError, match="locked"):
        services.record_delete(actor=manager, record=record)
    with pytest.raises(ValidationError, match="locked"):
        services.record_create(
            actor=manager,
            submission=submission,
            period="2024-01",
            activity="柴油",
            quantity="1",
            unit="t",
        )
    with pytest.raises(ValidationError):
        services.submission_submit(actor=manager, submission=submission)


def test_comments_and_change_requests_lead_to_a_corrected_version_with_a_diff(
    world: World, tmp_path: Path
) -> None:
    submission = under_review(world, tmp_path)
    evaluator, manager = world.users["evaluator"], world.users["enterprise_a"]
    march = ActivityRecord.objects.get(
        version__submission=submission, activity="raw_coal", period="2024-03"
    )
    services.record_comment(actor=evaluator, record=march, text="请核对3月的原煤用量")
    assert RecordComment.objects.get().record == march
    services.submission_request_changes(
        actor=evaluator, submission=submission, comment="3月原煤请补充凭证"
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED
    with pytest.raises(ValidationError, match="reason"):
        services.submission_correct(actor=manager, submission=submission, reason=" ")
    version2 = services.submission_correct(
        actor=manager, submission=submission, reason="3月原煤按发票更正"
    )
    assert version2.number == 2 and not version2.frozen
    new_march = ActivityRecord.objects.get(version=version2, activity="raw_coal", period="2024-03")
    services.record_update(actor=manager, record=new_march, quantity="120")
    services.record_create(
        actor=manager,
        submission=submission,
        site="甲工厂",
        period="2024-04",
        activity="柴油",
        quantity="3",
        unit="t",
    )
    services.record_delete(
        actor=manager,
        record=ActivityRecord.objects.get(
            version=version2, activity="output_value", period="2024-12"
        ),
    )
    version1 = submission.versions.get(number=1)
    assert ActivityRecord.objects.filter(version=version1).count() == 36  # unchanged, readable
    diff = selectors.version_diff(version1, version2)
    assert (diff["added_count"], diff["removed_count"], diff["changed_count"]) == (1, 1, 1)
    assert diff["changed"][0]["before"]["quantity"] == pytest.approx(1000 / 12)
    assert diff["changed"][0]["after"]["quantity"] == 120.0
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    resubmitted = services.submission_submit(actor=manager, submission=submission)
    assert resubmitted.status == SubmissionStatus.UNDER_VERIFICATION  # the evaluator stays
    assert InventoryResult.objects.filter(version__submission=submission).count() == 2
    assert AuditEntry.objects.filter(action="submission.correct").get().after["reason"]


def test_record_entry_validates_like_a_file_line(world: World) -> None:
    submission = draft(world)
    manager = world.users["enterprise_a"]
    record = services.record_create(
        actor=manager,
        submission=submission,
        site="甲工厂",
        period="2024年3月",
        activity="天然气",
        quantity="1.5",
        unit="万m3",
    )
    assert (record.activity, record.period, record.unit) == ("natural_gas", "2024-03", "wan_Nm3")
    with pytest.raises(ValidationError) as refused:
        services.record_create(
            actor=manager,
            submission=submission,
            site="乙数据中心",
            period="2023-03",
            activity="天然气",
            quantity="-1",
            unit="万m3",
        )
    assert {"quantity"} <= set(refused.value.message_dict)
    with pytest.raises(PermissionDenied):
        services.record_create(
            actor=world.users["enterprise_b"],
            submission=submission,
            period="2024-01",
            activity="柴油",
            quantity="1",
            unit="t",
        )


def test_trends_give_yearly_change_and_intensities(world: World, tmp_path: Path) -> None:
    manager = world.users["enterprise_a"]
    for year, coal in ((2023, 1200.0), (2024, 1000.0)):
        submission = draft(world, year)
        rows = monthly_rows(year=year, coal_t=coal)
        run_import(world, submission, write_csv(tmp_path / f"{year}.csv", rows))
        services.submission_submit(actor=manager, submission=submission)
    trends = selectors.organisation_trends(
        world.company_a.submissions.all()  # type: ignore[attr-defined]
    )
    first, second = trends["yearly"]
    assert (first["year"], second["year"]) == (2023, 2024)
    expected = 100 * ((714.3 + 737.4) - (857.16 + 737.4)) / (857.16 + 737.4)
    assert second["energy_tce_change_percent"] == pytest.approx(expected)
    assert second["tce_per_wan_yuan"] == pytest.approx((714.3 + 737.4) / 12000)
    assert len(trends["monthly"]) == 24
    assert {row["category"] for row in trends["by_source"]} >= {"stationary_combustion"}
