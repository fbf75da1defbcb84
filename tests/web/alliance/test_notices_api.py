"""Notices and the outbox through the API: the same readers and writers as the pages, the
contract's statuses and error shape, the operations documented in OpenAPI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenledger.web.alliance.models import MailStatus, Notice, OutgoingMail
from tests.web.alliance.notices_support import (
    a_draft,
    a_published,
    for_enterprises,
    private_media,
    xlsx_bytes,
)
from tests.web.alliance.test_outbox import failed_mail
from tests.web.assessments.helpers import PDF_BYTES, open_call
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
__all__ = ["private_media"]

API = "/api/alliance"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
BODY = {
    "kind": "result", "title_zh": "2026年度示范单位名单", "title_en": "Demonstration units 2026",
    "body_zh": "名单如下。", "body_en": "The list follows.", "public": False,
    "for_research": True,
}  # fmt: skip


def field_errors(response: Any) -> dict[str, list[str]]:
    """The contract's ``errors`` as field -> messages."""
    found: dict[str, list[str]] = {}
    for error in response.json()["errors"]:
        found.setdefault(error["field"], []).append(error["message"])
    return found


def call(world: World, persona: str, method: str, path: str, body: Any = None) -> Any:
    client = world.client("anonymous")
    headers = {**world.api_headers(persona), **EN}
    if method == "get":
        return client.get(f"{API}{path}", **headers)
    data = b"" if body is None else json.dumps(body)
    return client.generic(
        method.upper(), f"{API}{path}", data=data, content_type="application/json", **headers
    )


def test_readers_get_the_notices_addressed_to_them_and_the_open_calls(world: World) -> None:
    public = a_published(world)
    members = for_enterprises(world)
    open_call(world)
    anonymous = call(world, "anonymous", "get", "/notices").json()
    assert [(i["source"], i["title_zh"]) for i in anonymous["items"]] == [
        ("call", "2026年度零碳工厂申报"),
        ("notice", "关于推进协同降碳的通知"),
    ]
    assert anonymous["items"][1]["url"] == f"/alliance/notices/{public.pk}/"
    member = call(world, "enterprise_a", "get", "/notices?kind=result").json()
    assert [i["id"] for i in member["items"]] == [members.pk]
    assert call(world, "analyst", "get", f"/notices/{members.pk}").status_code == 404
    detail = call(world, "enterprise_b", "get", f"/notices/{members.pk}").json()
    assert detail["state"] == "published" and detail["for_enterprises"] is True
    refused = call(world, "anonymous", "get", "/notices?kind=memo")
    assert refused.status_code == 422
    assert field_errors(refused)["kind"] == ["Choose a policy, a call or a result."]


def test_the_staff_write_notices_through_the_api(world: World) -> None:
    created = call(world, "secretariat", "post", "/notices", BODY)
    assert created.status_code == 201 and created.json()["state"] == "draft"
    notice_id = created.json()["id"]
    assert call(world, "enterprise_a", "get", f"/notices/{notice_id}").status_code == 404
    drafts = call(world, "district_admin", "get", "/notices/unpublished").json()
    assert [n["id"] for n in drafts["items"]] == [notice_id]
    assert call(world, "enterprise_a", "get", "/notices/unpublished").status_code == 403
    assert call(world, "enterprise_a", "post", "/notices", BODY).status_code == 403
    no_audience = call(world, "secretariat", "post", "/notices", {**BODY, "for_research": False})
    assert no_audience.status_code == 422
    assert field_errors(no_audience)["audience"] == [
        "Choose who the notice is for: the public, or members of at least one kind."
    ]
    published = call(world, "secretariat", "post", f"/notices/{notice_id}/publish")
    assert published.status_code == 200 and published.json()["state"] == "published"
    again = call(world, "secretariat", "post", f"/notices/{notice_id}/publish")
    assert again.status_code == 422 and "already published" in field_errors(again)["status"][0]
    changed = call(world, "secretariat", "put", f"/notices/{notice_id}", {**BODY, "public": True})
    assert changed.status_code == 200 and changed.json()["public"] is True
    assert call(world, "enterprise_a", "post", f"/notices/{notice_id}/withdraw").status_code == 403
    withdrawn = call(world, "secretariat", "post", f"/notices/{notice_id}/withdraw")
    assert withdrawn.json()["state"] == "withdrawn"
    assert call(world, "anonymous", "get", f"/notices/{notice_id}").status_code == 404
    assert Notice.objects.get(pk=notice_id).withdrawn_at is not None


def test_attachments_through_the_api(world: World, private_media: Path) -> None:
    notice = a_published(world)
    client = world.client("anonymous")
    headers = {**world.api_headers("secretariat"), **EN}
    url = f"{API}/notices/{notice.pk}/attachments"
    workbook = xlsx_bytes()
    upload = SimpleUploadedFile("申报表.xlsx", workbook)
    created = client.post(url, {"title": "申报表", "file": upload}, **headers)
    assert created.status_code == 201
    attachment = created.json()
    assert attachment["content_type"].endswith("spreadsheetml.sheet")
    download = client.get(f"{url}/{attachment['id']}")
    assert b"".join(download.streaming_content) == workbook
    fake = SimpleUploadedFile("原文.pdf", b"<html>not a pdf</html>")
    refused = client.post(url, {"title": "原文", "file": fake}, **headers)
    assert refused.status_code == 422
    assert field_errors(refused)["file"][0].startswith("原文.pdf: the file is not what")
    member = {**world.api_headers("enterprise_a")}
    pdf = SimpleUploadedFile("原文.pdf", PDF_BYTES)
    assert client.post(url, {"title": "原文", "file": pdf}, **member).status_code == 403
    assert client.delete(f"{url}/{attachment['id']}", **headers).status_code == 204
    assert client.get(f"{url}/{attachment['id']}").status_code == 404


def test_the_outbox_through_the_api(world: World, sent_mail: list[Any], settings: Any) -> None:
    failed = failed_mail(settings)
    assert call(world, "enterprise_a", "get", "/outbox").status_code == 403
    assert call(world, "enterprise_a", "post", f"/outbox/{failed.pk}/retry").status_code == 403
    listed = call(world, "secretariat", "get", "/outbox?status=failed").json()
    assert [(m["id"], m["attempts"]) for m in listed["items"]] == [(failed.pk, 1)]
    detail = call(world, "secretariat", "get", f"/outbox/{failed.pk}").json()
    assert detail["last_error"].startswith("ConnectionRefusedError")
    assert "http://testserver/alliance/join/status/secret/" in detail["body"]
    retried = call(world, "secretariat", "post", f"/outbox/{failed.pk}/retry")
    assert retried.status_code == 200 and retried.json()["status"] == "sent"
    assert OutgoingMail.objects.get(pk=failed.pk).status == MailStatus.SENT
    again = call(world, "secretariat", "post", f"/outbox/{failed.pk}/retry")
    assert again.status_code == 422


def test_the_operations_are_documented_with_their_statuses(world: World) -> None:
    a_draft(world)
    schema = world.client("anonymous").get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "403" in paths[f"{API}/outbox"]["get"]["responses"]
    assert {"403", "404", "422"} <= set(
        paths[f"{API}/notices/{{notice_id}}/publish"]["post"]["responses"]
    )
    upload = paths[f"{API}/notices/{{notice_id}}/attachments"]["post"]
    assert upload["requestBody"]["content"]["multipart/form-data"]["schema"]["required"] == [
        "title", "file",
    ]  # fmt: skip
    assert "AllianceNoticeOut" in schema["components"]["schemas"]
