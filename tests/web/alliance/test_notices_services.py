"""Notices: the secretariat drafts, edits, publishes and withdraws them; readers see what is
addressed to them; attachments are checked by content; open calls join the list by themselves."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from greenledger.web.alliance.models import Notice, NoticeAttachment
from greenledger.web.alliance.selectors.notices import (
    notice_for,
    notice_items,
    public_feed_items,
)
from greenledger.web.alliance.services.notices import (
    notice_attachment_add,
    notice_attachment_remove,
    notice_publish,
    notice_update,
    notice_withdraw,
)
from greenledger.web.assessments.services import call_close
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members.services import membership_create
from tests.web.alliance.notices_support import (
    XLSM_MAIN,
    a_draft,
    a_published,
    docx_bytes,
    for_enterprises,
    for_financial,
    office_file,
    private_media,
    xlsx_bytes,
)
from tests.web.assessments.helpers import PDF_BYTES, open_call, recognition_call
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
__all__ = ["private_media"]


@pytest.fixture(autouse=True)
def english() -> Any:
    """The reasons in English (the interface's default language is Chinese)."""
    with translation.override("en"):
        yield


def titles(user: Any, **kwargs: Any) -> list[str]:
    return [item.title_zh for item in notice_items(user, **kwargs)]


def test_a_draft_is_seen_by_the_staff_only_until_it_is_published(world: World) -> None:
    draft = a_draft(world)
    entry = AuditEntry.objects.get(action="alliance.notice.create", object_id=str(draft.pk))
    assert entry.after["title_en"] == "Notice on coordinated carbon reduction"
    assert notice_for(world.users["secretariat"], draft.pk) == draft
    for persona in ("enterprise_a", "analyst", "public"):
        assert notice_for(world.users[persona], draft.pk) is None
        assert titles(world.users[persona]) == []
    notice_publish(actor=world.users["secretariat"], notice=draft)
    for persona in ("enterprise_a", "analyst", "public"):
        assert titles(world.users[persona]) == ["关于推进协同降碳的通知"]
    with pytest.raises(ValidationError) as refused:
        notice_publish(actor=world.users["secretariat"], notice=draft)
    assert "already published" in refused.value.message_dict["status"][0]


def test_a_notice_for_a_kind_of_member_is_read_by_active_members_of_that_kind(
    world: World,
) -> None:
    enterprises = for_enterprises(world)
    financial = for_financial(world)
    users = world.users
    assert titles(users["enterprise_a"]) == ["企业成员名单公示"]
    assert notice_for(users["enterprise_b"], enterprises.pk) == enterprises
    # the bank is not a member: its analyst does not read what is addressed to members
    assert titles(users["analyst"]) == []
    assert notice_for(users["analyst"], financial.pk) is None
    for persona in ("public", "evaluator"):
        assert titles(users[persona]) == []
    assert set(titles(users["secretariat"])) == {"企业成员名单公示", "金融机构绿色项目对接通知"}
    membership_create(actor=None, organisation=world.bank, joined_on=dt.date(2026, 1, 1))
    assert titles(users["analyst"]) == ["金融机构绿色项目对接通知"]


def test_a_notice_with_a_missing_field_is_refused_naming_the_field(world: World) -> None:
    cases = [
        ({"title_en": "  "}, "title_en", "This field is required."),
        ({"body_zh": ""}, "body_zh", "This field is required."),
        ({"kind": "memo"}, "kind", "Choose a policy, a call or a result."),
        ({"title_zh": "长" * 301}, "title_zh", "At most 300 characters."),
        ({"public": False}, "audience", "Choose who the notice is for"),
    ]
    for overrides, field, reason in cases:
        with pytest.raises(ValidationError) as refused:
            a_draft(world, **overrides)
        assert refused.value.message_dict[field][0].startswith(reason), field
    assert Notice.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="alliance.notice").exists()


def test_only_the_staff_write_notices(world: World) -> None:
    notice = a_published(world)
    for persona in ("enterprise_a", "analyst", "public", "evaluator"):
        with pytest.raises(PermissionDenied):
            a_draft(world, title_zh="越权", **{"actor": world.users[persona]})
        with pytest.raises(PermissionDenied):
            notice_withdraw(actor=world.users[persona], notice=notice)
    assert Notice.objects.count() == 1


def test_an_edit_is_audited_and_a_withdrawn_notice_leaves_every_list(world: World) -> None:
    staff = world.users["district_admin"]
    notice = a_published(world)
    notice_update(
        actor=staff, notice=notice, kind="result", title_zh="协同降碳评选结果",
        title_en="Coordinated reduction: the results", body_zh="结果如下。", body_en="Results.",
        public=True, audiences={"for_research": True},
    )  # fmt: skip
    entry = AuditEntry.objects.get(action="alliance.notice.update")
    assert entry.before["title_zh"] == "关于推进协同降碳的通知"
    assert entry.after["title_zh"] == "协同降碳评选结果" and entry.after["for_research"] is True
    assert titles(world.users["public"]) == ["协同降碳评选结果"]
    notice_withdraw(actor=staff, notice=notice)
    assert titles(world.users["public"]) == [] and titles(staff) == []
    assert [i.title_zh for i in public_feed_items()] == []
    with pytest.raises(ValidationError) as refused:
        notice_update(
            actor=staff, notice=notice, kind="result", title_zh="再改", title_en="Again",
            body_zh="x", body_en="x", public=True, audiences={},
        )  # fmt: skip
    assert "withdrawn" in refused.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        notice_withdraw(actor=staff, notice=notice)
    with pytest.raises(ValidationError) as draft_refused:
        notice_withdraw(actor=staff, notice=a_draft(world))
    assert "never published" in draft_refused.value.message_dict["status"][0]


def test_attachments_are_checked_by_content_and_stored_with_their_hash(
    world: World, private_media: Path
) -> None:
    staff = world.users["secretariat"]
    notice = a_draft(world)
    pdf = notice_attachment_add(
        actor=staff, notice=notice, title="通知原文", upload=io.BytesIO(PDF_BYTES),
        filename="通知.pdf",
    )  # fmt: skip
    assert pdf.content_type == "application/pdf" and pdf.size == len(PDF_BYTES)
    assert pdf.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert (private_media / pdf.stored_path).read_bytes() == PDF_BYTES
    assert pdf.stored_path.startswith(f"alliance/notices/{notice.pk}/")
    form = notice_attachment_add(
        actor=staff, notice=notice, title="申报表", upload=io.BytesIO(xlsx_bytes()),
        filename="申报表.xlsx",
    )  # fmt: skip
    assert form.content_type.endswith("spreadsheetml.sheet")
    letter = notice_attachment_add(
        actor=staff, notice=notice, title="承诺书", upload=io.BytesIO(docx_bytes()),
        filename="承诺书.docx",
    )  # fmt: skip
    assert letter.content_type.endswith("wordprocessingml.document")
    assert AuditEntry.objects.filter(action="alliance.notice.attachment_add").count() == 3


@pytest.mark.parametrize(
    ("filename", "content", "reason"),
    [
        ("表.xlsx", docx_bytes(), "表.xlsx: the file is not the XLSX document its extension says."),
        ("表.xlsx", b"name,value\n", "表.xlsx: the file is not the XLSX document"),
        ("表.xlsx", office_file("xl/workbook.xml", XLSM_MAIN), "not a plain XLSX (no macros)"),
        ("信.docx", xlsx_bytes(), "信.docx: the file is not the DOCX document"),
        ("通知.pdf", xlsx_bytes(), "通知.pdf: the file is not what its extension says (.pdf)"),
        ("通知.txt", b"hello", "通知.txt: only PDF, PNG, JPEG, XLSX and DOCX files"),
        ("空.docx", b"", "空.docx: the file is empty."),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_kept(
    world: World, private_media: Path, filename: str, content: bytes, reason: str
) -> None:
    notice = a_draft(world)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        notice_attachment_add(
            actor=world.users["secretariat"], notice=notice, title="附件",
            upload=io.BytesIO(content), filename=filename,
        )  # fmt: skip
    assert reason in refused.value.message_dict["file"][0]
    assert NoticeAttachment.objects.count() == 0 and AuditEntry.objects.count() == before
    stored = private_media / "alliance" / "notices" / str(notice.pk)
    assert not stored.exists() or list(stored.iterdir()) == []


def test_a_removed_attachment_loses_its_file_once_committed(
    world: World, private_media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    staff = world.users["secretariat"]
    attachment = notice_attachment_add(
        actor=staff, notice=a_draft(world), title="原文", upload=io.BytesIO(PDF_BYTES),
        filename="原文.pdf",
    )  # fmt: skip
    path = private_media / attachment.stored_path
    with django_capture_on_commit_callbacks(execute=True):
        notice_attachment_remove(actor=staff, attachment=attachment)
    assert not path.exists() and NoticeAttachment.objects.count() == 0
    assert AuditEntry.objects.filter(action="alliance.notice.attachment_remove").exists()


def test_open_calls_appear_among_the_notices_and_leave_when_closed(world: World) -> None:
    a_published(world)
    call = open_call(world)
    recognition = recognition_call(world)
    anonymous_items = notice_items(world.users["public"])
    assert [(i.source, i.title_zh) for i in anonymous_items] == [
        ("call", "2026年度零碳工厂申报"),
        ("notice", "关于推进协同降碳的通知"),
    ]
    assert anonymous_items[0].url == f"/assessments/calls/{call.pk}/"
    assert anonymous_items[0].deadline == call.deadline
    # recognition calls open for nominations: the staff and enterprise users
    for persona in ("enterprise_a", "secretariat"):
        items = notice_items(world.users[persona])
        assert ("recognition", f"/recognition/{recognition.pk}/") in {
            (i.source, i.url) for i in items
        }
    assert "recognition" not in {i.source for i in notice_items(world.users["analyst"])}
    assert titles(world.users["public"], kind="policy") == ["关于推进协同降碳的通知"]
    assert titles(world.users["public"], kind="call") == ["2026年度零碳工厂申报"]
    assert [i.source for i in public_feed_items()] == ["call", "notice"]
    call_close(actor=world.users["secretariat"], call=call)
    assert titles(world.users["public"]) == ["关于推进协同降碳的通知"]


def test_the_feed_carries_public_notices_only(world: World) -> None:
    a_published(world)
    for_enterprises(world)
    for_financial(world)
    a_draft(world, title_zh="草稿")
    assert [i.title_zh for i in public_feed_items()] == ["关于推进协同降碳的通知"]
    assert timezone.now() - public_feed_items()[0].date < dt.timedelta(minutes=1)
