"""The colleague pages in Simplified Chinese (the default language): the words of the alliance
catalogue are the ones shown (no other catalogue shadows them), the membership's renewal date
on the manager's page, the invitation page, the reset pages and the mail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from greenledger.web.members.models import Membership
from tests.web.alliance.colleagues_support import invite
from tests.web.alliance.conftest import mail_to
from tests.web.conftest import World


def test_the_words_of_the_colleague_pages_read_as_ours() -> None:
    with override("zh-hans"):
        assert _("Colleagues") == "同事"
        assert _("Invite a colleague") == "邀请同事"
        assert _("Renewed until") == "续期至"
        assert _("Membership renewals") == "会籍续期"
        assert _("Forgot your password?") == "忘记密码？"
        assert pgettext("colleague", "Remove") == "移除"
        assert pgettext("account", "active") == "启用"
        assert pgettext("person", "Name") == "姓名"
        assert pgettext("invitation", "Pending") == "待接受"
        assert pgettext("invitation", "Expired") == "已过期"
        assert pgettext("invitation", "Sent") == "发送时间"


@pytest.mark.django_db
def test_the_managers_page_and_the_invitation_page_in_chinese(world: World) -> None:
    Membership.objects.filter(pk=world.membership_a.pk).update(renewed_until=dt.date(2026, 12, 31))
    _invitation, path = invite(world, email="zh@company-a.example", language="zh-hans")
    page = world.client("enterprise_a").get("/alliance/colleagues/").content.decode()
    assert "<h1>同事</h1>" in page and "有访问权限的人员" in page
    assert "续期至" in page and "2026-12-31" in page and "待接受" in page
    accept = Client().get(path).content.decode()
    assert "<h1>接受邀请</h1>" in accept
    assert "以“企业填报员”角色代表甲公司使用平台" in accept
    [mail] = mail_to("zh@company-a.example", "invitation")
    assert mail.subject == "GreenLedger：邀请您以甲公司同事身份使用平台"
    assert "请在以下地址设置您的用户名和密码：" in mail.body


@pytest.mark.django_db
def test_the_reset_pages_in_chinese(db: Any) -> None:
    client = Client()
    assert "<h1>重置密码</h1>" in client.get("/alliance/password-reset/").content.decode()
    done = client.get("/alliance/password-reset/done/").content.decode()
    assert "<h1>请查看您的电子邮件</h1>" in done
    complete = client.get("/alliance/password-reset/complete/").content.decode()
    assert "<h1>密码已更改</h1>" in complete
