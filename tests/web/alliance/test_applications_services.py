"""Applications to join: submission (every field checked, the credit code refused when
invalid, registered or already applied for; documents checked by content; nothing
half-created), the applicant's reply, and the secretariat's review (ask, approve, reject)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from greenledger.web.accounts.models import Role, User
from greenledger.web.alliance.models import (
    ApplicationDocument,
    ApplicationStatus,
    JoinApplication,
    OutgoingMail,
)
from greenledger.web.alliance.selectors.applications import (
    application_by_status_key,
    applications_for_review,
    open_application_count,
)
from greenledger.web.alliance.services._common import secret_hash
from greenledger.web.alliance.services.application_review import (
    application_approve,
    application_reject,
    application_request_info,
    manager_username,
)
from greenledger.web.alliance.services.applications import DocumentUpload, application_reply
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members.models import Membership, MembershipHistory, Organisation
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.alliance.join_support import (
    PNG_BYTES,
    join_values,
    licence,
    private_store,
    stored_files,
    submit,
)
from tests.web.conftest import World, credit_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(tmp_path: Path) -> Iterator[Path]:
    yield from private_store(tmp_path)


def png(name: str, kind: str = "other") -> DocumentUpload:
    return DocumentUpload(kind=kind, upload=io.BytesIO(PNG_BYTES), filename=name)


def errors_of(excinfo: Any) -> dict[str, list[str]]:
    return dict(excinfo.value.message_dict)


def test_an_application_is_stored_with_its_documents_and_mails_the_status_link(
    private: Path, sent_mail: list[Any]
) -> None:
    submitted = submit(501, documents=[licence(), png("简介.png", "profile")])
    application = submitted.application
    assert application.reference == f"JA-{application.submitted_at.year}-0001"
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.language == "zh-hans"
    # only the hash of the link's secret is kept
    assert application.status_key_hash == secret_hash(submitted.status_key)
    assert submitted.status_key not in application.status_key_hash
    documents = list(application.documents.order_by("id"))
    assert [(d.kind, d.content_type) for d in documents] == [
        ("business_licence", "application/pdf"),
        ("profile", "image/png"),
    ]
    assert len(stored_files(private)) == 2
    assert all((private / d.stored_path).is_file() for d in documents)
    (received,) = mail_to("linxiao501@greenenergy.example", "application_received")
    assert link_in(received) == f"/alliance/join/status/{submitted.status_key}/"
    assert sent_mail[0].subject == f"GreenLedger：入会申请 {application.reference} 已收到"
    assert AuditEntry.objects.filter(action="alliance.application_submit").count() == 1
    # the second application of the year takes the next number
    assert submit(502).application.reference == f"JA-{application.submitted_at.year}-0002"


@pytest.mark.usefixtures("english")
def test_every_field_problem_is_reported_at_once_and_nothing_is_stored(private: Path) -> None:
    good = credit_code(501)
    wrong = "1" if good[-1] != "1" else "2"
    values = join_values(
        credit_code=good[:-1] + wrong,  # the wrong check character
        industry_code="C99",
        contact_email="not-an-address",
        name_zh="",
        kind="club",
        standing="sponsor",
    )
    from greenledger.web.alliance.services.applications import application_submit

    with pytest.raises(ValidationError) as excinfo:
        application_submit(**values, documents=[])
    errors = errors_of(excinfo)
    assert set(errors) == {
        "credit_code",
        "industry_code",
        "contact_email",
        "name_zh",
        "kind",
        "standing",
        "business_licence",
    }
    assert errors["credit_code"] == [f"The check character is wrong; it should be {good[-1]}."]
    assert errors["business_licence"] == [
        "Attach the business licence or registration certificate (PDF, PNG or JPEG)."
    ]
    assert "division 99 does not belong to section C" in errors["industry_code"][0]
    assert JoinApplication.objects.count() == 0 and stored_files(private) == []
    assert OutgoingMail.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_a_credit_code_already_registered_is_refused_before_review(
    world: World, private: Path
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        submit(1, credit_code=world.company_a.credit_code.lower())  # normalised first
    assert errors_of(excinfo) == {
        "credit_code": [
            "An organisation with this credit code is already in the alliance's registry: it "
            "cannot apply again. Ask the secretariat if you think this is wrong."
        ]
    }
    assert JoinApplication.objects.count() == 0


@pytest.mark.usefixtures("english")
def test_a_second_open_application_with_the_same_code_is_refused(private: Path) -> None:
    submit(501)
    with pytest.raises(ValidationError) as excinfo:
        submit(501, contact_email="someone.else@greenenergy.example")
    assert "already waiting for review" in errors_of(excinfo)["credit_code"][0]
    assert JoinApplication.objects.count() == 1
    assert len(stored_files(private)) == 1  # the refused one stored no file


def test_the_database_refuses_two_open_applications_with_one_code(private: Path) -> None:
    """The backstop when two submissions pass the check at the same moment."""
    first = submit(501).application
    twin = JoinApplication(
        reference="JA-2099-0001",
        kind=first.kind,
        name_zh="另一家",
        credit_code=first.credit_code,
        address="x",
        district="x",
        contact_name="x",
        contact_email="x@example.com",
        standing="member",
        status_key_hash="f" * 64,
        submitted_at=first.submitted_at,
        updated_at=first.submitted_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    # once decided, the code may be applied for again
    application_reject(
        actor=User.objects.create(username="staff-x", role=Role.SECRETARIAT),
        application=first,
        reasons="材料不全",
    )
    assert submit(501).application.status == ApplicationStatus.SUBMITTED


@pytest.mark.usefixtures("english")
def test_a_document_that_is_not_what_it_claims_refuses_the_whole_application(
    private: Path,
) -> None:
    fake = DocumentUpload(
        kind="application_letter",
        upload=io.BytesIO(b"MZ\x90\x00 an executable renamed"),
        filename="申请函.pdf",
    )
    with pytest.raises(ValidationError) as excinfo:
        submit(501, documents=[licence(), fake])
    assert errors_of(excinfo) == {
        "application_letter": [
            "申请函.pdf: the file is not what its extension says (.pdf); its content is "
            "application/x-msdownload."
        ]
    }
    # the licence stored before the refusal is gone with the application
    assert JoinApplication.objects.count() == 0 and ApplicationDocument.objects.count() == 0
    assert stored_files(private) == []


def test_the_status_link_finds_the_application_and_nothing_else(private: Path) -> None:
    submitted = submit(501)
    assert application_by_status_key(submitted.status_key) == submitted.application
    assert application_by_status_key(submitted.status_key[:-1] + "x") is None
    assert application_by_status_key("") is None


def test_the_secretariat_asks_for_more_and_the_applicant_answers(
    world: World, private: Path, sent_mail: list[Any]
) -> None:
    staff = world.users["secretariat"]
    submitted = submit(501)
    asked = application_request_info(
        actor=staff, application=submitted.application, text="请补充2025年能源审计报告。"
    )
    assert asked.status == ApplicationStatus.MORE_INFO
    (question,) = mail_to("linxiao501@greenenergy.example", "application_more_info")
    assert "请补充2025年能源审计报告。" in question.body
    # the mail's new link replaces the first one
    new_key = link_in(question).split("/")[-2]
    assert application_by_status_key(submitted.status_key) is None
    assert application_by_status_key(new_key) == asked
    answered = application_reply(
        application=asked,
        text="已上传审计报告。",
        documents=[png("审计报告首页.png")],
    )
    assert answered.status == ApplicationStatus.SUBMITTED
    assert [(m.kind, m.text) for m in answered.messages.order_by("id")] == [
        ("request", "请补充2025年能源审计报告。"),
        ("reply", "已上传审计报告。"),
    ]
    assert answered.documents.count() == 2
    # no second answer until the secretariat asks again
    with pytest.raises(ValidationError) as excinfo:
        application_reply(application=answered, text="再补充")
    assert list(errors_of(excinfo)) == ["status"]


def test_only_the_staff_review_applications(world: World, private: Path) -> None:
    application = submit(501).application
    for persona in ("enterprise_a", "evaluator", "analyst", "public"):
        user = world.users[persona]
        with pytest.raises(PermissionDenied):
            application_approve(actor=user, application=application)
        with pytest.raises(PermissionDenied):
            application_reject(actor=user, application=application, reasons="不符合")
        with pytest.raises(PermissionDenied):
            application_request_info(actor=user, application=application, text="?")
        assert applications_for_review(user).count() == 0
    assert open_application_count(world.users["secretariat"]) == 1
    assert JoinApplication.objects.get().status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        ("enterprise", Role.ENTERPRISE_MANAGER),
        ("financial_institution", Role.FINANCIAL_ANALYST),
        ("research_institution", Role.RESEARCHER),
        ("social_organisation", Role.SOCIAL_MEMBER),
    ],
)
def test_approval_creates_the_organisation_membership_and_an_inactive_manager(
    world: World, private: Path, sent_mail: list[Any], clock: Any, kind: str, role: str
) -> None:
    clock.set("2026-05-20 10:00")
    application = submit(601, kind=kind, standing="council_member").application
    approved = application_approve(
        actor=world.users["secretariat"], application=application, note="理事会审议通过"
    )
    organisation = approved.organisation
    assert (organisation.kind, organisation.name_zh, organisation.credit_code) == (
        kind,
        application.name_zh,
        application.credit_code,
    )
    assert organisation.contact_email == "linxiao601@greenenergy.example"
    membership = Membership.objects.get(organisation=organisation)
    assert membership.standing == "council_member" and membership.status == "active"
    assert membership.joined_on == dt.date(2026, 5, 20)
    assert membership.renewed_until == dt.date(2026, 12, 31)
    assert MembershipHistory.objects.filter(membership=membership).count() == 1
    manager = approved.manager
    assert (manager.username, manager.role, manager.organisation) == (
        "linxiao601",
        role,
        organisation,
    )
    assert manager.organisation_admin and not manager.is_active
    assert not manager.has_usable_password()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert (application.organisation, application.manager) == (organisation, manager)
    assert application.decided_by == world.users["secretariat"]
    (activation,) = mail_to("linxiao601@greenenergy.example", "activation")
    assert link_in(activation) == f"/alliance/activate/{approved.activation.token}/"
    assert "linxiao601" in activation.body
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "organisation_create",
        "membership_create",
        "user_create",
        "alliance.application_approve",
        "alliance.activation_create",
    } <= actions


def test_an_approved_application_cannot_be_decided_again(world: World, private: Path) -> None:
    staff = world.users["secretariat"]
    application = submit(501).application
    application_approve(actor=staff, application=application)
    with pytest.raises(ValidationError) as excinfo:
        application_reject(actor=staff, application=application, reasons="重复")
    assert list(errors_of(excinfo)) == ["status"]
    assert Organisation.objects.filter(credit_code=application.credit_code).count() == 1


@pytest.mark.usefixtures("english")
def test_approval_is_refused_when_the_code_was_registered_meanwhile(
    world: World, private: Path
) -> None:
    from greenledger.web.members.services import organisation_create

    application = submit(501).application
    organisation_create(
        actor=None,
        kind="enterprise",
        name_zh="抢先登记的企业",
        credit_code=application.credit_code,
        district="东江新区",
    )
    before = User.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        application_approve(actor=world.users["secretariat"], application=application)
    assert "already registered" in errors_of(excinfo)["credit_code"][0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert (
        User.objects.count() == before
        and not Membership.objects.filter(organisation__name_zh=application.name_zh).exists()
    )


def test_a_rejection_needs_reasons_and_mails_them(
    world: World, private: Path, sent_mail: list[Any]
) -> None:
    staff = world.users["secretariat"]
    application = submit(501, contact_email="lin@greenenergy.example").application
    with pytest.raises(ValidationError) as excinfo:
        application_reject(actor=staff, application=application, reasons="  ")
    assert list(errors_of(excinfo)) == ["reasons"]
    rejected = application_reject(
        actor=staff, application=application, reasons="营业执照已过期，请更新后再申请。"
    )
    assert rejected.status == ApplicationStatus.REJECTED
    assert rejected.decision_note == "营业执照已过期，请更新后再申请。"
    (mail,) = mail_to("lin@greenenergy.example", "application_rejected")
    assert "营业执照已过期，请更新后再申请。" in mail.body
    assert not Organisation.objects.filter(credit_code=application.credit_code).exists()


def test_manager_user_names_are_made_unique(world: World) -> None:
    User.objects.create(username="lin.xiao", role=Role.PUBLIC)
    User.objects.create(username="Lin.Xiao2", role=Role.PUBLIC)
    assert manager_username("Lin.Xiao@example.com") == "lin.xiao3"
    assert manager_username("zhang@example.com") == "zhang"


@pytest.mark.usefixtures("english")
def test_a_name_already_in_the_registry_is_refused_at_submission(
    world: World, private: Path
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        submit(502, name_zh=world.company_b.name_zh)
    assert errors_of(excinfo) == {
        "name_zh": ["An organisation with this name is already in the alliance's registry."]
    }
