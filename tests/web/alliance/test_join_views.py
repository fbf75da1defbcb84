"""The join pages: the public form (field errors with the reason, nothing stored when refused),
the received page, the applicant's status page with the reply while more is asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from greenledger.web.alliance.models import ApplicationStatus, JoinApplication
from greenledger.web.alliance.services.application_review import (
    application_reject,
    application_request_info,
)
from tests.web.alliance.conftest import link_in, mail_to
from tests.web.alliance.join_support import (
    PNG_BYTES,
    join_values,
    private_store,
    stored_files,
    submit,
)
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def private(tmp_path: Path) -> Iterator[Path]:
    yield from private_store(tmp_path)


def form_data(number: int = 801, **overrides: Any) -> dict[str, Any]:
    data = {**join_values(number), **overrides}
    data.setdefault("business_licence", SimpleUploadedFile("营业执照.pdf", PDF_BYTES))
    return data


def test_anyone_applies_and_gets_the_status_link_by_mail(
    private: Path, sent_mail: list[Any]
) -> None:
    client = Client()
    assert client.get("/alliance/join/").status_code == 200
    response = client.post("/alliance/join/", form_data())
    assert response.status_code == 302 and response["Location"] == "/alliance/join/received/"
    application = JoinApplication.objects.get()
    received = client.get("/alliance/join/received/")
    assert application.reference in received.content.decode()
    (mail,) = mail_to("linxiao801@greenenergy.example", "application_received")
    status_page = Client().get(link_in(mail))
    assert status_page.status_code == 200
    text = status_page.content.decode()
    assert application.reference in text and "营业执照.pdf" in text
    assert 'id="reply-form"' not in text  # nothing asked yet


def test_the_form_in_english_records_the_language_of_the_mail(
    private: Path, sent_mail: list[Any]
) -> None:
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.post("/alliance/join/", form_data()).status_code == 302
    assert JoinApplication.objects.get().language == "en"
    assert sent_mail[0].subject.startswith("GreenLedger: application JA-")


def test_a_registered_code_and_a_false_document_are_shown_on_their_fields(
    world: World, private: Path
) -> None:
    response = Client().post(
        "/alliance/join/",
        form_data(
            credit_code=world.company_a.credit_code,
            application_letter=SimpleUploadedFile("申请函.png", b"%PDF-1.4 not an image"),
        ),
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert "credit_code" in form.errors
    assert JoinApplication.objects.count() == 0 and stored_files(private) == []
    # the credit code is refused before the files are looked at
    response = Client().post(
        "/alliance/join/",
        form_data(application_letter=SimpleUploadedFile("申请函.png", b"%PDF-1.4 not an image")),
    )
    assert response.status_code == 422
    (reason,) = response.context["form"].errors["application_letter"]
    assert reason.startswith("申请函.png")
    assert JoinApplication.objects.count() == 0 and stored_files(private) == []


def test_a_missing_business_licence_is_refused(private: Path) -> None:
    data = form_data()
    del data["business_licence"]
    response = Client().post("/alliance/join/", data)
    assert response.status_code == 422
    assert "business_licence" in response.context["form"].errors
    assert JoinApplication.objects.count() == 0


def test_the_applicant_answers_a_request_with_a_document(
    world: World, private: Path, sent_mail: list[Any]
) -> None:
    application = submit(802).application
    application_request_info(
        actor=world.users["secretariat"], application=application, text="请补充法人授权书。"
    )
    (mail,) = mail_to(application.contact_email, "application_more_info")
    url = link_in(mail)
    page = Client().get(url)
    assert page.status_code == 200 and "请补充法人授权书。" in page.content.decode()
    assert 'id="reply-form"' in page.content.decode()
    refused = Client().post(url, {"text": "", "document_kind": "other"})
    assert refused.status_code == 422 and "text" in refused.context["form"].errors
    response = Client().post(
        url,
        {
            "text": "授权书见附件。",
            "document_kind": "other",
            "document": SimpleUploadedFile("授权书.png", PNG_BYTES),
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.documents.filter(filename="授权书.png").exists()
    # nothing more to answer until the secretariat asks again
    again = Client().post(url, {"text": "再补充"})
    assert again.status_code == 302
    assert application.messages.filter(kind="reply").count() == 1


def test_an_old_or_wrong_status_link_answers_404(world: World, private: Path) -> None:
    submitted = submit(803)
    url = f"/alliance/join/status/{submitted.status_key}/"
    assert Client().get(url).status_code == 200
    application_reject(
        actor=world.users["secretariat"], application=submitted.application, reasons="不符合条件"
    )
    page = Client().get(url)  # a decided application stays readable through its link
    assert page.status_code == 200 and "不符合条件" in page.content.decode()
    assert Client().get("/alliance/join/status/nope/").status_code == 404


def test_the_pages_and_refusals_speak_chinese_by_default(world: World, private: Path) -> None:
    page = Client().get("/alliance/join/").content.decode()
    assert "申请入会" in page and "提交入会申请" in page and "证明材料" in page
    response = Client().post("/alliance/join/", form_data(credit_code=world.company_a.credit_code))
    assert response.status_code == 422
    assert response.context["form"].errors["credit_code"] == [
        "联盟名录中已有使用此统一社会信用代码的组织，不能重复申请。如认为有误，请联系秘书处。"
    ]
    queue = world.client("secretariat").get("/alliance/applications/").content.decode()
    assert "入会申请" in queue and "没有申请。" in queue
