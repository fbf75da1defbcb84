"""Query-count regressions of the assessment pages: the start page makes as many queries for
several calls as for one, and an application's page as many with its reviews as the rule set
has items, not one per item or review; counted with the page cache off."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from greenledger.web.assessments import services
from tests.web.assessments import helpers
from tests.web.conftest import World
from tests.web.query_counts import queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def test_the_start_page_makes_as_many_queries_for_three_calls_as_for_one(world: World) -> None:
    helpers.open_call(world)
    staff = world.client("secretariat")
    manager = world.client("enterprise_a")
    one = (queries(staff, "/assessments/"), queries(manager, "/assessments/"))
    for title in ("2026年度绿色工厂申报", "2027年度零碳工厂申报"):
        services.call_open(
            actor=world.users["secretariat"],
            ruleset_id=helpers.RULESET,
            title=title,
            year=2026,
            deadline=timezone.localdate() + dt.timedelta(days=30),
            issuing_body="东江新区经济和科技委员会",
        )
    three = (queries(staff, "/assessments/"), queries(manager, "/assessments/"))
    assert three == one
    assert max(three) <= 6


def test_an_application_page_does_not_query_per_review_or_evidence_file(world: World) -> None:
    application = helpers.submitted_application(world)
    url = f"/assessments/applications/{application.pk}/"
    manager = world.client("enterprise_a")
    staff = world.client("secretariat")
    submitted = (queries(manager, url), queries(staff, url))
    helpers.reviewed_application(world)  # two reviews, every item judged
    reviewed = (queries(manager, url), queries(staff, url))
    assert max(reviewed) <= max(submitted) + 2  # the reviews and their evaluators, once
    assert max(reviewed) <= 14
