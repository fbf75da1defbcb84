"""An institution that withdrew its interest in a listed project may express it again: its one
row (unique per project and institution) is reopened, pending, with the new message and time,
audited; the enterprise may then answer it. Interests still pending or answered stay refused.
Finance's "Withdrawn" reads 已撤回 (an interest) / 已撤销 (a project) on Chinese pages, not the
membership sense 已退出."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.models import Interest, InterestStatus, ProjectStatus
from greenledger.web.finance.services.pool import (
    interest_decide,
    interest_express,
    interest_withdraw,
    project_list,
)
from tests.web.conftest import World
from tests.web.finance.pool_support import a_check, a_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """A page request leaves its language active; later tests expect the default (zh)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _withdrawn(world: World) -> Interest:
    project = a_project(world)
    a_check(project)
    project_list(actor=world.users["enterprise_a"], project=project)
    interest = interest_express(actor=world.users["analyst"], project=project, message="初次")
    return interest_withdraw(actor=world.users["analyst"], interest=interest)


def test_a_withdrawn_interest_is_expressed_again(world: World) -> None:
    interest = _withdrawn(world)
    first_time = interest.expressed_at
    again = interest_express(
        actor=world.users["analyst"], project=interest.project, message="再次表达意向"
    )
    assert again.pk == interest.pk
    assert Interest.objects.filter(project=interest.project).count() == 1
    again.refresh_from_db()
    assert again.status == InterestStatus.PENDING
    assert again.message == "再次表达意向" and again.expressed_at > first_time
    assert again.decided_by_id is None and again.decided_at is None
    entry = AuditEntry.objects.get(action="finance.interest.reopen")
    assert entry.object_id == str(interest.pk)
    assert entry.before["status"] == "withdrawn" and entry.after["status"] == "pending"
    # the enterprise may answer it now
    done = interest_decide(actor=world.users["enterprise_a"], interest=again, accept=True)
    assert done.status == InterestStatus.ACCEPTED
    # answered: expressing again is refused
    with pytest.raises(ValidationError) as refused:
        interest_express(actor=world.users["analyst"], project=interest.project)
    assert "project" in refused.value.message_dict


def test_a_pending_interest_is_not_expressed_twice(world: World) -> None:
    project = a_project(world)
    a_check(project)
    project_list(actor=world.users["enterprise_a"], project=project)
    interest_express(actor=world.users["analyst"], project=project)
    with pytest.raises(ValidationError):
        interest_express(actor=world.users["analyst"], project=project, message="again")
    assert Interest.objects.get(project=project).message == ""


def test_the_pool_page_offers_the_button_again(world: World) -> None:
    interest = _withdrawn(world)
    client = world.client("analyst")
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    url = reverse("finance:pool_interest", args=[interest.project_id])
    page = client.get(reverse("finance:pool")).content.decode()
    assert f'action="{url}"' in page
    done = client.post(url, {"message": "once more"}, follow=True).content.decode()
    assert "was sent to the enterprise" in done
    interest.refresh_from_db()
    assert (interest.status, interest.message) == (InterestStatus.PENDING, "once more")


def test_withdrawn_reads_as_withdrawn_not_left_on_chinese_pages(world: World) -> None:
    interest = _withdrawn(world)
    for persona in ("enterprise_a", "analyst"):
        client = world.client(persona)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
        page = client.get(reverse("finance:interests")).content.decode()
        row = page.split(f'id="interest-{interest.pk}"')[1].split("</tr>")[0]
        assert "已撤回" in row and "已退出" not in row
    with translation.override("zh-hans"):
        assert str(ProjectStatus.WITHDRAWN.label) == "已撤回"
        assert str(InterestStatus.WITHDRAWN.label) == "已撤回"
    with translation.override("en"):
        assert str(InterestStatus.WITHDRAWN.label) == "Withdrawn"


def test_the_api_expresses_a_withdrawn_interest_again(world: World) -> None:
    interest = _withdrawn(world)
    url = f"/api/finance/pool/{interest.project_id}/interests"
    client = world.client("anonymous")
    again = client.post(
        url, {"message": "API again"}, content_type="application/json",
        **world.api_headers("analyst"),
    )  # fmt: skip
    assert again.status_code == 201, again.content
    assert (again.json()["id"], again.json()["status"]) == (interest.pk, "pending")
    twice = client.post(
        url, {"message": "x"}, content_type="application/json", **world.api_headers("analyst")
    )
    assert twice.status_code == 422
