"""Notice pages: the list and a notice for each reader, the secretariat's form, publish and
withdraw, attachments uploaded and downloaded, the Atom feed in Chinese and English."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from greenledger.web.alliance.models import Notice, NoticeAttachment
from tests.web.alliance.notices_support import (
    a_draft,
    a_published,
    for_enterprises,
    private_media,
    xlsx_bytes,
)
from tests.web.assessments.helpers import PDF_BYTES, open_call
from tests.web.conftest import World

pytestmark = pytest.mark.django_db
__all__ = ["private_media"]

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
ATOM = "{http://www.w3.org/2005/Atom}"


def form(**overrides: Any) -> dict[str, Any]:
    values = {
        "kind": "policy",
        "title_zh": "园区绿电交易指引",
        "title_en": "Guide to green-power trading in the parks",
        "body_zh": "各成员企业可通过园区平台参与绿电交易。",
        "body_en": "Member enterprises trade green power through the park platform.",
        "for_enterprises": "on",
    }
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def test_each_reader_sees_the_notices_addressed_to_them(world: World) -> None:
    public = a_published(world)
    members = for_enterprises(world)
    call = open_call(world)
    page = world.client("anonymous").get("/alliance/notices/", **ZH).content.decode()
    assert "关于推进协同降碳的通知" in page and "企业成员名单公示" not in page
    assert f'href="/assessments/calls/{call.pk}/"' in page and "2026年度零碳工厂申报" in page
    member_page = world.client("enterprise_a").get("/alliance/notices/", **EN).content.decode()
    assert "Member enterprises: the list" in member_page
    analyst = world.client("analyst")
    assert analyst.get(f"/alliance/notices/{members.pk}/").status_code == 404
    assert analyst.get(f"/alliance/notices/{public.pk}/").status_code == 200
    english = world.client("anonymous").get(f"/alliance/notices/{public.pk}/", **EN)
    text = english.content.decode()
    assert '<h1 lang="en">Notice on coordinated carbon reduction</h1>' in text
    assert "关于推进协同降碳的通知" in text  # the other language below it
    only_calls = world.client("anonymous").get("/alliance/notices/?kind=call", **ZH)
    assert "关于推进协同降碳的通知" not in only_calls.content.decode()


def test_the_secretariat_drafts_publishes_and_withdraws_a_notice(world: World) -> None:
    staff = world.client("secretariat")
    response = staff.post("/alliance/notices/new/", form(), **EN)
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/alliance/notices/{notice.pk}/"
    assert notice.published_at is None and notice.for_enterprises and not notice.public
    member = world.client("enterprise_a")
    assert member.get(f"/alliance/notices/{notice.pk}/").status_code == 404
    drafts = staff.get("/alliance/notices/", **EN).content.decode()
    assert f'id="unpublished-{notice.pk}"' in drafts
    assert staff.post(f"/alliance/notices/{notice.pk}/publish/").status_code == 302
    assert member.get(f"/alliance/notices/{notice.pk}/").status_code == 200
    assert world.client("anonymous").get(f"/alliance/notices/{notice.pk}/").status_code == 404
    revised = form(title_zh="园区绿电交易指引（修订）", public="on")
    edited = staff.post(f"/alliance/notices/{notice.pk}/edit/", revised)
    assert edited.status_code == 302
    assert world.client("anonymous").get(f"/alliance/notices/{notice.pk}/").status_code == 200
    again = staff.post(f"/alliance/notices/{notice.pk}/publish/", **EN)
    assert again.status_code == 422
    assert "The notice was already published on" in again.content.decode()
    assert staff.post(f"/alliance/notices/{notice.pk}/withdraw/").status_code == 302
    assert member.get(f"/alliance/notices/{notice.pk}/").status_code == 404
    assert staff.get(f"/alliance/notices/{notice.pk}/edit/").status_code == 200


def test_a_refused_form_names_the_field_and_the_reason_in_the_users_language(
    world: World,
) -> None:
    staff = world.client("secretariat")
    english = staff.post("/alliance/notices/new/", form(title_en="", for_enterprises=None), **EN)
    assert english.status_code == 422
    text = english.content.decode()
    assert "This field is required." in text
    chinese = staff.post("/alliance/notices/new/", form(for_enterprises=None), **ZH)
    assert chinese.status_code == 422
    assert "请选择通知的读者：公众，或至少一类成员。" in chinese.content.decode()
    assert Notice.objects.count() == 0


def test_others_cannot_write_notices(world: World) -> None:
    notice = a_published(world)
    assert world.client("enterprise_a").post("/alliance/notices/new/", form()).status_code == 403
    assert world.client("enterprise_a").get("/alliance/notices/new/").status_code == 403
    withdraw = f"/alliance/notices/{notice.pk}/withdraw/"
    assert world.client("public").post(withdraw).status_code == 403
    assert world.client("anonymous").post(withdraw).status_code == 404
    login = world.client("anonymous").get("/alliance/notices/new/")
    assert login.status_code == 302 and "/login/" in login["Location"]
    draft = a_draft(world)
    publish = f"/alliance/notices/{draft.pk}/publish/"
    assert world.client("enterprise_a").post(publish).status_code == 404
    assert Notice.objects.get(pk=notice.pk).withdrawn_at is None


def test_attachments_are_uploaded_by_the_staff_and_downloaded_by_readers(
    world: World, private_media: Path
) -> None:
    notice = a_published(world)
    staff = world.client("secretariat")
    url = f"/alliance/notices/{notice.pk}/attachments/"
    upload = SimpleUploadedFile("申报表.xlsx", xlsx_bytes())
    assert staff.post(url, {"title": "申报表", "file": upload}).status_code == 302
    attachment = NoticeAttachment.objects.get()
    download = world.client("anonymous").get(f"{url}{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == xlsx_bytes()
    assert download["Content-Type"].endswith("spreadsheetml.sheet")
    fake = SimpleUploadedFile("通知.pdf", b"not a pdf at all")
    refused = staff.post(url, {"title": "原文", "file": fake}, **EN)
    assert refused.status_code == 422
    assert "通知.pdf: the file is not what its extension says (.pdf)" in refused.content.decode()
    assert NoticeAttachment.objects.count() == 1
    assert world.client("enterprise_a").post(url, {"title": "x", "file": fake}).status_code == 403
    remove = staff.post(f"{url}{attachment.pk}/remove/")
    assert remove.status_code == 302 and NoticeAttachment.objects.count() == 0
    pdf = SimpleUploadedFile("原文.pdf", PDF_BYTES)
    assert staff.post(url, {"title": "原文", "file": pdf}).status_code == 302


def entries(response: Any) -> list[dict[str, str]]:
    root = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title") or "",
            "link": entry.find(f"{ATOM}link").get("href"),  # type: ignore[union-attr]
            "id": entry.findtext(f"{ATOM}id") or "",
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in root.iter(f"{ATOM}entry")
    ]


def test_the_atom_feed_carries_public_notices_in_chinese_or_english(world: World) -> None:
    notice = a_published(world)
    for_enterprises(world)
    call = open_call(world)
    chinese = world.client("anonymous").get("/alliance/notices/feed/")
    assert chinese.status_code == 200
    assert chinese["Content-Type"].startswith("application/atom+xml")
    assert [e["title"] for e in entries(chinese)] == [
        "申报通知: 2026年度零碳工厂申报",
        "政策: 关于推进协同降碳的通知",
    ]
    english = entries(world.client("anonymous").get("/alliance/notices/feed/?lang=en"))
    assert english[1] == {
        "title": "Policy: Notice on coordinated carbon reduction",
        "link": f"http://testserver/alliance/notices/{notice.pk}/",
        "id": f"tag:greenledger,2026:alliance/notice-{notice.pk}",
        "summary": "Members: report your measures for coordinated pollution and carbon reduction.",
    }
    assert english[0]["link"] == f"http://testserver/assessments/calls/{call.pk}/"
    assert english[0]["summary"] == f"Call for assessment open until {call.deadline}."
    assert entries(chinese)[1]["summary"] == "各成员单位：请按要求报送减污降碳协同措施。"


def test_the_feed_reads_its_notices_in_a_few_queries(
    world: World, django_assert_max_num_queries: Any
) -> None:
    for number in range(30):
        a_published(world, title_zh=f"第{number}号通知")
    with django_assert_max_num_queries(6):
        response = world.client("anonymous").get("/alliance/notices/feed/")
    assert len(entries(response)) == 30


def test_a_long_list_is_read_page_by_page(world: World) -> None:
    for number in range(31):
        a_published(world, title_zh=f"第{number}号通知")
    client = world.client("anonymous")
    first = client.get("/alliance/notices/?kind=policy", **ZH).content.decode()
    assert first.count('<tr id="notice-notice-') == 30 and "第30号通知" in first
    assert 'href="?kind=policy&amp;page=2" rel="next"' in first
    second = client.get("/alliance/notices/?kind=policy&page=2").content.decode()
    assert second.count('<tr id="notice-notice-') == 1 and "第0号通知" in second
