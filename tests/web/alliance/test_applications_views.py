"""The secretariat's pages: the queue, an application with its documents, and the decisions
(ask, approve, reject), each mailed; other users are refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from greenledger.web.alliance.models import ApplicationStatus, JoinApplication
from tests.web.alliance.conftest import mail_to
from tests.web.alliance.join_support import private_store, submit
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(tmp_path: Path) -> Iterator[Path]:
    yield from private_store(tmp_path)


def test_the_queue_lists_applications_for_the_staff_only(world: World, private: Path) -> None:
    first = submit(901).application
    second = submit(902).application
    staff = world.client("secretariat")
    page = staff.get("/alliance/applications/")
    assert page.status_code == 200
    assert [a.pk for a in page.context["applications"]] == [first.pk, second.pk]
    assert (
        staff.get("/alliance/applications/", {"status": "rejected"}).context["applications"] == []
    )
    for persona in ("enterprise_a", "analyst", "public"):
        assert world.client(persona).get("/alliance/applications/").status_code == 403
    assert world.client("anonymous").get("/alliance/applications/").status_code == 302


def test_the_staff_read_and_download_the_documents(world: World, private: Path) -> None:
    application = submit(903).application
    document = application.documents.get()
    staff = world.client("secretariat")
    page = staff.get(f"/alliance/applications/{application.pk}/")
    assert page.status_code == 200 and "营业执照.pdf" in page.content.decode()
    download = staff.get(f"/alliance/applications/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    url = f"/alliance/applications/documents/{document.pk}/"
    assert world.client("enterprise_a").get(url).status_code == 403


def test_ask_then_approve_from_the_pages(world: World, private: Path, sent_mail: list[Any]) -> None:
    application = submit(904).application
    staff = world.client("secretariat")
    base = f"/alliance/applications/{application.pk}"
    refused = staff.post(f"{base}/request/", {"text": ""})
    assert refused.status_code == 422
    assert staff.post(f"{base}/request/", {"text": "请说明主营产品。"}).status_code == 302
    assert JoinApplication.objects.get().status == ApplicationStatus.MORE_INFO
    response = staff.post(f"{base}/approve/", {"note": "同意入会"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.manager is not None and not application.manager.is_active
    assert len(mail_to(application.contact_email, "activation")) == 1
    # decided: a second decision is refused with the reason on the page
    again = staff.post(f"{base}/reject/", {"reasons": "晚了"})
    assert again.status_code == 422 and application.reference in again.content.decode()
    # a new activation link while the account waits
    assert staff.post(f"{base}/activation/").status_code == 302
    assert len(mail_to(application.contact_email, "activation")) == 2


def test_reject_from_the_page_needs_reasons(
    world: World, private: Path, sent_mail: list[Any]
) -> None:
    application = submit(905).application
    staff = world.client("secretariat")
    base = f"/alliance/applications/{application.pk}"
    assert staff.post(f"{base}/reject/", {"reasons": ""}).status_code == 422
    assert staff.post(f"{base}/reject/", {"reasons": "非本区企业"}).status_code == 302
    assert JoinApplication.objects.get().status == ApplicationStatus.REJECTED
    assert world.client("enterprise_a").post(f"{base}/approve/").status_code == 403
    assert world.client("anonymous").post(f"{base}/approve/").status_code == 404
