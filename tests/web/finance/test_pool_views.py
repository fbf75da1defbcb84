"""The pool pages: the analyst browses and filters the pool and expresses interest; the
enterprise lists its project and answers the interest; refusals come back in the user's
language."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from greenledger.web.finance.models import Interest, InterestStatus
from tests.web.conftest import World
from tests.web.finance.pool_support import a_check, a_project


def _english(world: World, persona: str) -> Client:
    client = world.client(persona)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_list_browse_express_and_decide(world: World) -> None:
    project = a_project(world)
    manager = _english(world, "enterprise_a")
    listing = reverse("finance:pool_listing", args=[project.pk])
    refused = manager.post(listing, {"listing": "list"}, follow=True)
    assert "Run the eligibility check first" in refused.content.decode()
    a_check(project, category="1", status="eligible")
    listed = manager.post(listing, {"listing": "list"}, follow=True)
    assert f"{project.name} is listed in the green project pool." in listed.content.decode()

    analyst = _english(world, "analyst")
    page = analyst.get(reverse("finance:pool"), {"status": "eligible", "park": world.park.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="project-{project.pk}"' in html
    detail = reverse("finance:project", args=[project.pk])
    assert f'href="{detail}"' in html
    assert analyst.get(detail).status_code == 200
    assert "green_finance_2025: Eligible (category 1)" in html
    assert "550,000" in html
    none = analyst.get(reverse("finance:pool"), {"capex_min": "600000"})
    assert 'id="pool-empty"' in none.content.decode()
    bad = analyst.get(reverse("finance:pool"), {"capex_min": "-1"})
    assert bad.status_code == 400

    sent = analyst.post(
        reverse("finance:pool_interest", args=[project.pk]), {"message": "拟授信"}, follow=True
    )
    assert "was sent to the enterprise" in sent.content.decode()
    interest = Interest.objects.get(project=project, institution=world.bank)
    assert interest.message == "拟授信"
    twice = analyst.post(reverse("finance:pool_interest", args=[project.pk]), follow=True)
    assert "already expressed interest" in twice.content.decode()

    received = manager.get(reverse("finance:interests")).content.decode()
    assert f'id="interest-{interest.pk}"' in received and "拟授信" in received
    decide = reverse("finance:interest_decide", args=[interest.pk])
    assert world.client("enterprise_b").post(decide, {"decision": "accept"}).status_code == 404
    assert analyst.post(decide, {"decision": "accept"}).status_code == 403
    manager.post(decide, {"decision": "decline", "note": "项目已自筹"})
    interest.refresh_from_db()
    assert (interest.status, interest.decision_note) == (InterestStatus.DECLINED, "项目已自筹")
    seen = analyst.get(reverse("finance:interests")).content.decode()
    assert "Declined" in seen and "项目已自筹" in seen

    manager.post(listing, {"listing": "unlist"})
    gone = analyst.get(reverse("finance:pool")).content.decode()
    assert f'id="project-{project.pk}"' not in gone


def test_who_may_open_the_pages(world: World) -> None:
    for persona, pool_status, interests_status in (
        ("analyst", 200, 200), ("enterprise_a", 403, 200), ("secretariat", 403, 200),
        ("evaluator", 403, 403), ("public", 403, 403), ("anonymous", 302, 302),
    ):  # fmt: skip
        client = world.client(persona)
        assert client.get(reverse("finance:pool")).status_code == pool_status, persona
        assert client.get(reverse("finance:interests")).status_code == interests_status, persona


def test_pages_in_chinese(world: World) -> None:
    project = a_project(world)
    answer = world.client("enterprise_a").post(
        reverse("finance:pool_listing", args=[project.pk]), {"listing": "list"}, follow=True
    )
    assert "请先进行合格性预审" in answer.content.decode()
    assert "绿色项目库" in world.client("analyst").get(reverse("finance:pool")).content.decode()


def test_a_listed_project_of_an_enterprise_sharing_nothing_opens_from_the_pool(
    world: World,
) -> None:
    project = a_project(world, organisation=world.company_b, created_by=world.users["enterprise_b"])
    a_check(project)
    detail = reverse("finance:project", args=[project.pk])
    analyst = world.client("analyst")
    assert analyst.get(detail).status_code == 404  # company B shares nothing with the bank
    world.client("enterprise_b").post(
        reverse("finance:pool_listing", args=[project.pk]), {"listing": "list"}
    )
    assert f'href="{detail}"' in analyst.get(reverse("finance:pool")).content.decode()
    assert analyst.get(detail).status_code == 200
