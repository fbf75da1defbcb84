"""The alliance pages at their fullest on the personas' world, for the Chinese interface walk
(``tests/web/test_zh_interface.py``)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any


def alliance_pages(world: Any) -> dict[str, Any]:
    """The alliance pages at their fullest on the personas' world (for the Chinese interface
    walk): a published conference tomorrow with a keynote and its speaker, company A's guest
    registered and checked in; a published notice and a draft; an application asked for more
    information (the path of its status page, from the mail, returned); company A's manager's
    pending invitation."""
    import io

    from django.utils import timezone, translation

    from greenledger.web.alliance.services import events, notices, registrations
    from greenledger.web.alliance.services.application_review import application_request_info
    from greenledger.web.alliance.services.applications import (
        DocumentUpload,
        application_submit,
    )
    from greenledger.web.alliance.services.event_agenda import session_add, speaker_add
    from greenledger.web.alliance.services.invitations import invitation_create
    from greenledger.web.finance.demo import demo_pdf
    from tests.web.conftest import credit_code

    secretariat, manager = world.users["secretariat"], world.users["enterprise_a"]
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    with translation.override("zh-hans"):
        event = events.event_create(
            actor=secretariat, kind="conference", title_zh="绿色低碳产业大会",
            title_en="Green low-carbon industry conference", starts_at=start,
            ends_at=start + dt.timedelta(hours=6), venue_zh="会议中心", capacity=50,
            themes=["technology"],
        )  # fmt: skip
        session = session_add(
            actor=secretariat, event=event, kind="keynote", title_zh="以科技创新助力实现双碳目标",
            starts_at=start, ends_at=start + dt.timedelta(minutes=40), theme="technology",
        )  # fmt: skip
        speaker_add(
            actor=secretariat, session=session, name="林澄远", affiliation="低碳技术研究院",
            title="院长", topic="节能降碳技术",
        )  # fmt: skip
        event = events.event_publish(actor=secretariat, event=event)
        guest = registrations.registration_create(
            actor=manager, event=event, name="王晓", email="wang.xiao@example.org"
        )
        registrations.registration_check_in(actor=secretariat, event=event, code=guest.code)
        notice = notices.notice_create(
            actor=secretariat, kind="policy", title_zh="关于绿色工厂的通知",
            title_en="Notice on green factories", body_zh="正文", body_en="Text",
        )  # fmt: skip
        notices.notice_publish(actor=secretariat, notice=notice)
        notices.notice_create(
            actor=secretariat, kind="result", title_zh="名单公示（草稿）", title_en="List (draft)",
            body_zh="正文", body_en="Text", public=False, audiences={"for_enterprises": True},
        )  # fmt: skip
        submitted = application_submit(
            kind="enterprise", name_zh="申请入会的企业", credit_code=credit_code(901),
            address="东江新区示范路9号", district="东江新区", contact_name="联系人",
            contact_email="applicant@example.org", standing="member",
            documents=[DocumentUpload(kind="business_licence", filename="licence.pdf",
                                      upload=io.BytesIO(demo_pdf("licence")))],
        )  # fmt: skip
        application_request_info(
            actor=secretariat, application=submitted.application, text="请补充营业执照副本。"
        )
        invitation_create(
            actor=manager, organisation=world.company_a, email="colleague@example.org",
            role="enterprise_reporter", language="zh-hans",
        )  # fmt: skip
    from greenledger.web.alliance.models import OutgoingMail

    asked = OutgoingMail.objects.get(to="applicant@example.org", template="application_more_info")
    status = re.search(r"https?://[^\s/]+(/\S*)", asked.body)
    assert status is not None, asked.body
    return {
        "event": event,
        "application": submitted.application,
        "notice": notice,
        "status_path": status.group(1),
    }
