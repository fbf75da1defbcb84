"""The assessment services' rules: what is refused, and why, with nothing half-written."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role
from greenledger.web.assessments import services
from greenledger.web.assessments.models import (
    ApplicationStatus,
    CallStatus,
    Certificate,
    Evidence,
)
from greenledger.web.assessments.selectors import certificate_state, review_state
from greenledger.web.audit.models import AuditEntry
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.members.models import Designation, DesignationStatus
from greenledger.web.members.selectors import district_summary
from tests.web.assessments import helpers
from tests.web.conftest import PASSWORD


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


PNG_BYTES = _png()

# The refusals are asserted in English (the default language is Simplified Chinese).
pytestmark = pytest.mark.usefixtures("english")


def errors_of(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict


# ---------------------------------------------------------------------------------- calls


def test_a_call_refuses_overrides_of_fixed_or_unknown_thresholds(world):
    secretariat = world.users["secretariat"]
    base = {
        "ruleset_id": "zero_carbon_data_center/t-seesa-013",
        "title": "数据中心申报",
        "year": 2026,
        "deadline": timezone.localdate() + dt.timedelta(days=10),
        "issuing_body": "东江新区经委",
    }
    with pytest.raises(ValidationError) as caught:
        services.call_open(
            actor=secretariat,
            **base,
            thresholds={"indicators.pue_score.weight": 60, "indicators.nope.weight": 1},
        )
    reasons = errors_of(caught.value)["thresholds"]
    assert "indicators.pue_score.weight: fixed by the standard" in reasons
    assert any(r.startswith("indicators.nope.weight: no such threshold") for r in reasons)
    with pytest.raises(ValidationError) as caught:
        services.call_open(actor=secretariat, **{**base, "ruleset_id": "green_factory/1999"})
    assert "ruleset_id" in errors_of(caught.value)
    with pytest.raises(PermissionDenied):
        services.call_open(actor=world.users["enterprise_a"], **base)
    # a configurable threshold may be set by the call, and the call keeps it
    call = services.call_open(actor=secretariat, **base, thresholds={"levels.benchmark.min": 85})
    assert call.thresholds == {"levels.benchmark.min": 85.0}
    assert call.designation_type == "zero_carbon_data_center"


def test_applications_are_refused_for_a_closed_call_the_wrong_site_or_twice(world):
    call = helpers.open_call(world)
    manager_b = world.users["enterprise_b"]
    with pytest.raises(ValidationError) as caught:  # a data centre under a factory standard
        services.application_create(actor=manager_b, call=call, site=world.site_b)
    assert "site" in errors_of(caught.value)
    with pytest.raises(PermissionDenied):  # not their site
        services.application_create(actor=manager_b, call=call, site=world.site_a)
    helpers.draft_application(world)
    with pytest.raises(ValidationError, match="already applied"):
        services.application_create(actor=world.users["enterprise_a"], call=call, site=world.site_a)
    services.call_close(actor=world.users["secretariat"], call=call)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    with pytest.raises(ValidationError, match="closed"):
        services.application_submit(
            actor=world.users["enterprise_a"], application=helpers.complete_application(world)
        )


def test_without_a_verified_inventory_the_applicant_must_supply_every_figure(world):
    application = services.application_create(
        actor=world.users["enterprise_a"], call=helpers.open_call(world), site=world.site_a
    )
    assert application.inventory_inputs == {}
    assert application.inventory_source == {}


# ------------------------------------------------------------------------------- evidence


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("plan.pdf", PNG_BYTES, "not what its extension says (.pdf); its content is image/png"),
        ("plan.pdf", b"just some text, no PDF", "not what its extension says"),
        ("photo.png", helpers.PDF_BYTES, "its content is application/pdf"),
        ("plan.docx", helpers.PDF_BYTES, "only PDF, PNG and JPEG"),
        ("plan.pdf", b"", "the file is empty"),
        ("plan.pdf", helpers.PDF_BYTES.replace(b"%%EOF", b""), "truncated"),
        ("photo.png", PNG_BYTES[:40], "damaged"),
    ],
)
def test_evidence_is_checked_by_its_content(world, filename, content, message):
    application = helpers.draft_application(world)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.evidence_add(
            actor=world.users["enterprise_a"],
            application=application,
            item="zero_carbon_plan",
            upload=io.BytesIO(content),
            filename=filename,
        )
    text = " ".join(errors_of(caught.value)["file"])
    assert filename in text and message in text
    assert not Evidence.objects.exists()
    assert AuditEntry.objects.count() == entries
    directory = services.evidence.evidence_directory() / str(application.pk)
    assert not any(directory.iterdir())  # nothing left on disk either


def test_evidence_over_the_size_limit_is_refused(world):
    application = helpers.draft_application(world)
    with (
        override_settings(GREENLEDGER_MAX_EVIDENCE_BYTES=100),
        pytest.raises(ValidationError, match="over the limit of 100 bytes"),
    ):
        services.evidence_add(
            actor=world.users["enterprise_a"],
            application=application,
            item="zero_carbon_plan",
            upload=io.BytesIO(helpers.PDF_BYTES),
            filename="plan.pdf",
        )


def test_evidence_is_stored_outside_the_web_root_with_its_digest(world, settings):
    application = helpers.draft_application(world)
    evidence = services.evidence_add(
        actor=world.users["enterprise_a"],
        application=application,
        item="zero_carbon_plan",
        upload=io.BytesIO(PNG_BYTES),
        filename="site photo.png",
    )
    assert evidence.content_type == "image/png" and evidence.size == len(PNG_BYTES)
    assert evidence.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not evidence.path.startswith(str(settings.STATIC_ROOT))
    with pytest.raises(ValidationError, match="No requirement or indicator"):
        services.evidence_add(
            actor=world.users["enterprise_a"],
            application=application,
            item="no_such_item",
            upload=io.BytesIO(PNG_BYTES),
            filename="x.png",
        )
    with pytest.raises(PermissionDenied):
        services.evidence_add(
            actor=world.users["enterprise_b"],
            application=application,
            item="zero_carbon_plan",
            upload=io.BytesIO(PNG_BYTES),
            filename="x.png",
        )


# ----------------------------------------------------------------------------- submission


def test_submission_needs_every_required_evidence_and_every_input(world):
    application = helpers.draft_application(world)
    manager = world.users["enterprise_a"]
    with pytest.raises(ValidationError) as caught:
        services.application_submit(actor=manager, application=application)
    errors = errors_of(caught.value)
    assert len(errors["evidence"]) == len(helpers.REQUIRED_EVIDENCE)
    assert any("third_party_inventory" in e for e in errors["evidence"])
    assert any(e.startswith("registered_in_shanghai: missing") for e in errors["inputs"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    complete = helpers.complete_application(world)
    reporter = account_services.user_create(
        actor=None,
        username="reporter-a",
        password=PASSWORD,
        role=Role.ENTERPRISE_REPORTER,
        organisation=world.company_a,
    )
    with pytest.raises(PermissionDenied):  # reporters prepare, managers submit
        services.application_submit(actor=reporter, application=complete)
    with pytest.raises(ValidationError) as caught:
        services.application_set_inputs(
            actor=manager, application=complete, inputs={"offset_tco2e": "-1", "nope": 1}
        )
    assert set(errors_of(caught.value)) == {"offset_tco2e", "nope"}


# -------------------------------------------------------------------------------- reviews


def test_evaluators_with_a_conflict_of_interest_cannot_be_assigned(world):
    application = helpers.submitted_application(world)
    secretariat = world.users["secretariat"]
    insider = helpers.evaluator(world, "insider", organisation=world.company_a)
    with pytest.raises(ValidationError, match="works for the applicant"):
        services.review_assign(actor=secretariat, application=application, evaluator=insider)
    consultancy = world.company_c
    related = helpers.evaluator(world, "consultant", organisation=consultancy)
    services.relation_declare(
        actor=world.users["enterprise_a"],
        organisation=world.company_a,
        related=consultancy,
        kind="consultant",
    )
    with pytest.raises(ValidationError, match="related to the applicant"):
        services.review_assign(actor=secretariat, application=application, evaluator=related)
    with pytest.raises(ValidationError, match="third-party evaluator"):
        services.review_assign(
            actor=secretariat, application=application, evaluator=world.users["analyst"]
        )


def test_disagreeing_reviews_are_decided_by_a_third_evaluator(world):
    first, second = helpers.reviews_assigned(world)
    application = first.application
    application.refresh_from_db()
    prescore = application.prescore
    total = prescore["total_points"]
    # the first accepts the pre-score; the second takes 8 points off the management system
    # (10 -> 2): 8 > the call's tolerance of 5 points
    services.review_save(
        actor=first.evaluator,
        review=first,
        judgements=helpers.judgements_from_prescore(application),
        submit=True,
    )
    services.review_save(
        actor=second.evaluator,
        review=second,
        judgements=helpers.judgements_from_prescore(application, management_system=2.0),
        submit=True,
    )
    second.refresh_from_db()
    assert second.total_points == pytest.approx(total - 8)
    state = review_state(application)
    assert state.agree is False and state.needs_tiebreak
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    third = services.review_assign(
        actor=world.users["secretariat"],
        application=application,
        evaluator=helpers.evaluator(world, "evaluator-3"),
    )
    assert third.tiebreak
    with pytest.raises(ValidationError, match="only when their reviews disagree"):
        services.review_assign(
            actor=world.users["secretariat"],
            application=application,
            evaluator=helpers.evaluator(world, "evaluator-4"),
        )
    with pytest.raises(PermissionDenied):  # only the assigned evaluator scores a review
        services.review_save(actor=first.evaluator, review=third, judgements={}, submit=False)
    services.review_save(
        actor=third.evaluator,
        review=third,
        judgements=helpers.judgements_from_prescore(application, management_system=6.0),
        submit=True,
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REVIEWED
    assert application.final_points == pytest.approx(total - 4)  # the third review decides


def test_a_review_must_judge_every_item_within_its_weight(world):
    first, _second = helpers.reviews_assigned(world)
    application = first.application
    application.refresh_from_db()
    judgements = helpers.judgements_from_prescore(application, renewable_share=31.0)
    del judgements["zero_carbon_plan"]
    with pytest.raises(ValidationError) as caught:
        services.review_save(
            actor=first.evaluator, review=first, judgements=judgements, submit=True
        )
    reasons = " ".join(errors_of(caught.value)["judgements"])
    assert "renewable_share: 31 points is outside 0 to 30" in reasons
    assert "zero_carbon_plan: judge the basic requirement" in reasons
    first.refresh_from_db()
    assert first.status == "pending"


# ------------------------------------------------------------------------------ decisions


def test_the_decision_needs_reasons_and_a_recognised_level(world):
    application = helpers.reviewed_application(world)
    admin = world.users["district_admin"]
    with pytest.raises(ValidationError, match="reasons"):
        services.application_decide(actor=admin, application=application, approve=True, reason=" ")
    with pytest.raises(PermissionDenied):
        services.application_decide(
            actor=world.users["evaluator"], application=application, approve=True, reason="ok"
        )
    application.final_level = "not_recognised"
    application.save(update_fields=["final_level"])
    with pytest.raises(ValidationError, match="did not reach a recognised level"):
        services.application_decide(actor=admin, application=application, approve=True, reason="x")
    rejected = services.application_decide(
        actor=admin, application=application, approve=False, reason="未达到创建级门槛"
    )
    assert rejected.status == ApplicationStatus.REJECTED
    assert not Certificate.objects.exists()


def test_approval_adds_the_designation_to_the_registry_and_the_overview(world):
    before = district_summary().designations["zero_carbon_factory"]
    application = helpers.approved_application(world)
    certificate = application.certificate
    assert district_summary().designations["zero_carbon_factory"] == before + 1
    designation = certificate.designation
    assert (designation.organisation, designation.site) == (world.company_a, world.site_a)
    assert designation.level == "district" and designation.year == 2026
    # by hand: intensity i from the inventory, linear 0.5 -> 0.1 over 30 points; renewable
    # share 0.4: 10; fully offset: 30; certified management system: 10
    intensity = application.inventory_inputs["tco2e_per_wan_yuan"]
    expected = (0.5 - intensity) / 0.4 * 30 + 10 + 30 + 10
    assert certificate.points == pytest.approx(expected)
    assert 60 <= expected < 80
    assert certificate.level == "creating"
    issued = certificate.issued_on
    assert certificate.valid_until == issued.replace(year=issued.year + 3) - dt.timedelta(days=1)
    assert certificate.number == f"DJ-ZCF-{issued.year}-0001"
    assert audit_verify().ok


def test_revocation_and_expiry_show_in_the_certificate_state(world):
    certificate = helpers.certificate(world)
    today = timezone.localdate()
    assert certificate_state(certificate, today) == "valid"
    assert certificate_state(certificate, certificate.valid_until + dt.timedelta(days=1)) == (
        "expired"
    )
    services.certificate_revoke(
        actor=world.users["secretariat"], certificate=certificate, reason="发现数据造假"
    )
    certificate.refresh_from_db()
    assert certificate_state(certificate, today) == "revoked"
    assert Designation.objects.get(pk=certificate.designation_id).status == (
        DesignationStatus.REVOKED
    )


def test_renewal_reminders_go_out_once_before_expiry(world):
    certificate = helpers.certificate(world)
    world.company_a.contact_email = "energy@company-a.example"
    world.company_a.save()
    early = certificate.valid_until - dt.timedelta(days=200)
    assert services.certificate_reminders_send(today=early, days=90) == []
    due = certificate.valid_until - dt.timedelta(days=60)
    sent = services.certificate_reminders_send(today=due, days=90)
    assert [c.pk for c in sent] == [certificate.pk]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["energy@company-a.example"]
    assert certificate.number in mail.outbox[0].subject
    assert f"/verify/{certificate.number}" in mail.outbox[0].body
    assert services.certificate_reminders_send(today=due, days=90) == []
    assert len(mail.outbox) == 1


def test_the_registry_pages_link_the_designation_to_its_public_verification(world):
    certificate = helpers.certificate(world)
    link = f'href="/verify/{certificate.number}"'
    for url in (f"/members/{world.company_a.pk}/", f"/sites/{world.site_a.pk}/", "/designations/"):
        body = world.client("secretariat").get(url).content.decode()
        assert link in body, url
    assert world.client("anonymous").get(f"/verify/{certificate.number}").status_code == 200
