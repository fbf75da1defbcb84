"""The analyst withdraws its institution's pending interest (service, page button, API); the
enterprise then sees it withdrawn and can no longer answer it; nobody else may withdraw it, and
an answered interest cannot be withdrawn."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.models import Interest, InterestStatus
from greenledger.web.finance.services.pool import (
    interest_decide,
    interest_express,
    interest_withdraw,
    project_list,
)
from tests.web.conftest import World
from tests.web.finance.pool_support import a_check, a_project

pytestmark = pytest.mark.django_db


def _pending(world: World) -> Interest:
    project = a_project(world)
    a_check(project)
    project_list(actor=world.users["enterprise_a"], project=project)
    return interest_express(actor=world.users["analyst"], project=project, message="拟授信")


def _client(world: World, persona: str, language: str = "en") -> Client:
    client = world.client(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    return client


def test_the_analyst_withdraws_a_pending_interest_audited(world: World) -> None:
    interest = _pending(world)
    done = interest_withdraw(actor=world.users["analyst"], interest=interest)
    assert done.status == InterestStatus.WITHDRAWN
    assert done.decided_by_id == world.users["analyst"].pk and done.decided_at is not None
    entry = AuditEntry.objects.filter(action="finance.interest.withdraw").get()
    assert entry.object_id == str(interest.pk)
    # the enterprise can no longer answer it; withdrawing twice is refused by field
    with pytest.raises(ValidationError) as refused:
        interest_decide(actor=world.users["enterprise_a"], interest=interest, accept=True)
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError) as twice:
        interest_withdraw(actor=world.users["analyst"], interest=interest)
    assert "status" in twice.value.message_dict


@pytest.mark.parametrize("persona", ["enterprise_a", "secretariat", "evaluator"])
def test_only_the_interested_institution_withdraws(world: World, persona: str) -> None:
    interest = _pending(world)
    with pytest.raises(PermissionDenied):
        interest_withdraw(actor=world.users[persona], interest=interest)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING


def test_an_answered_interest_cannot_be_withdrawn(world: World) -> None:
    interest = _pending(world)
    interest_decide(actor=world.users["enterprise_a"], interest=interest, accept=True)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        interest_withdraw(actor=world.users["analyst"], interest=interest)
    assert "已接受" in refused.value.message_dict["status"][0]
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED


def test_the_page_button_withdraws_and_the_enterprise_sees_it(world: World) -> None:
    interest = _pending(world)
    analyst = _client(world, "analyst")
    page = analyst.get(reverse("finance:interests")).content.decode()
    url = reverse("finance:interest_withdraw", args=[interest.pk])
    assert f'id="withdraw-{interest.pk}"' in page and f'action="{url}"' in page
    assert world.client("enterprise_a").post(url).status_code == 403
    done = analyst.post(url, follow=True).content.decode()
    assert "Your interest was withdrawn." in done
    assert f'id="withdraw-{interest.pk}"' not in done  # no button on a withdrawn interest
    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN
    seen = _client(world, "enterprise_a").get(reverse("finance:interests")).content.decode()
    assert (
        "Withdrawn" in seen
        and "finance/interests/"
        not in seen.split(f'id="interest-{interest.pk}"')[1].split("</tr>")[0]
    )  # the manager has no decision form for it
    again = analyst.post(url, follow=True).content.decode()
    assert "Only a pending interest can be withdrawn" in again


def test_the_page_in_chinese(world: World) -> None:
    interest = _pending(world)
    analyst = _client(world, "analyst", "zh-hans")
    page = analyst.get(reverse("finance:interests")).content.decode()
    assert "撤回意向" in page and "Withdraw" not in page
    url = reverse("finance:interest_withdraw", args=[interest.pk])
    assert "您的意向已撤回。" in analyst.post(url, follow=True).content.decode()
    again = analyst.post(url, follow=True).content.decode()
    assert "只有待处理的意向可以撤回" in again
    assert (
        "Withdrawn"
        not in _client(world, "enterprise_a", "zh-hans")
        .get(reverse("finance:interests"))
        .content.decode()
    )


def test_the_api_withdraws_once(world: World) -> None:
    interest = _pending(world)
    url = f"/api/finance/pool/interests/{interest.pk}/withdraw"
    client = world.client("anonymous")
    assert client.post(url, **world.api_headers("enterprise_a")).status_code == 403
    answer = client.post(url, **world.api_headers("analyst"))
    assert answer.status_code == 200
    assert (answer.json()["id"], answer.json()["status"]) == (interest.pk, "withdrawn")
    again = client.post(url, **world.api_headers("analyst"))
    assert again.status_code == 422
    assert "status" in again.content.decode()
    assert client.post(url, **world.api_headers("enterprise_b")).status_code == 404
