"""The applications API: anyone submits (multipart), the secretariat reads and decides; the
refusals name the field; other callers get 403."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from greenledger.web.alliance.models import ApplicationStatus, JoinApplication
from tests.web.alliance.conftest import mail_to
from tests.web.alliance.join_support import join_values, private_store, submit
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
API = "/api/alliance/applications"


@pytest.fixture
def private(tmp_path: Path) -> Iterator[Path]:
    yield from private_store(tmp_path)


def post_json(world: World, persona: str, url: str, body: dict[str, Any]) -> Any:
    return Client().post(
        url, json.dumps(body), content_type="application/json", **world.api_headers(persona)
    )


def test_anyone_submits_by_multipart_and_gets_the_reference(
    private: Path, sent_mail: list[Any]
) -> None:
    data = {
        **join_values(1001),
        "language": "en",
        "business_licence": SimpleUploadedFile("licence.pdf", PDF_BYTES),
    }
    response = Client().post(API, data)
    assert response.status_code == 201, response.content
    body = response.json()
    application = JoinApplication.objects.get()
    assert body["reference"] == application.reference and body["status"] == "submitted"
    assert "status_key" not in body  # the link goes to the contact's mailbox only
    assert application.language == "en"
    assert len(mail_to("linxiao1001@greenenergy.example", "application_received")) == 1


def test_a_refused_submission_names_every_field(world: World, private: Path) -> None:
    data = {**join_values(1002, credit_code=world.company_b.credit_code, contact_email="x")}
    response = Client().post(API, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"credit_code", "contact_email", "business_licence"}
    assert errors["contact_email"] == "Enter a valid e-mail address."
    assert JoinApplication.objects.count() == 0


def test_the_secretariat_reads_and_decides_through_the_api(
    world: World, private: Path, sent_mail: list[Any]
) -> None:
    application = submit(1003).application
    headers = world.api_headers("secretariat")
    listed = Client().get(API, {"status": "open"}, **headers).json()
    assert [a["reference"] for a in listed["items"]] == [application.reference]
    detail = Client().get(f"{API}/{application.pk}", **headers).json()
    assert [d["kind"] for d in detail["documents"]] == ["business_licence"]
    document_id = detail["documents"][0]["id"]
    download = Client().get(f"{API}/documents/{document_id}", **headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    asked = post_json(
        world, "secretariat", f"{API}/{application.pk}/request-info", {"text": "请补充章程。"}
    )
    assert asked.status_code == 200 and asked.json()["status"] == "more_info"
    approved = post_json(world, "secretariat", f"{API}/{application.pk}/approve", {"note": "同意"})
    assert approved.status_code == 200
    assert approved.json()["manager_username"] == "linxiao1003"
    assert approved.json()["application"]["status"] == "approved"
    again = post_json(world, "secretariat", f"{API}/{application.pk}/reject", {"reasons": "迟"})
    assert again.status_code == 422
    assert [e["field"] for e in again.json()["errors"]] == ["status"]
    assert JoinApplication.objects.get().status == ApplicationStatus.APPROVED


def test_other_callers_get_403(world: World, private: Path) -> None:
    application = submit(1004).application
    for persona in ("enterprise_a", "analyst", "public", "anonymous"):
        headers = world.api_headers(persona)
        assert Client().get(API, **headers).status_code == 403
        assert Client().get(f"{API}/{application.pk}", **headers).status_code == 403
        response = post_json(world, persona, f"{API}/{application.pk}/reject", {"reasons": "x"})
        assert response.status_code == 403
    assert JoinApplication.objects.get().status == ApplicationStatus.SUBMITTED
