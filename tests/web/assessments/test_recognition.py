"""Recognition of demonstration units through the pages: a call opened by the secretariat,
nominations by managers and the secretariat, panel scoring with a conflict of interest, and the
published ranking by trimmed mean.

The golden round (hand-computed; trim 0.25 cuts one score at each end of four, none of three):

| nominee | evaluator | evaluator-2 | evaluator-3 | evaluator-4 | mean  | trimmed | sum |
|---------|-----------|-------------|-------------|-------------|-------|---------|-----|
| A       | 74        | 73          | 72          | (conflict)  | 73.00 | 73.00   | 219 |
| B       | 95        | 70          | 72          | 74          | 77.75 | 73.00   | 311 |
| C       | 76        | 75          | 77          | 50          | 69.50 | 75.50   | 278 |

By trimmed mean (then mean) the order is C (75.5), B (73.0, mean 77.75), A (73.0, mean 73.0);
by mean alone it would be B, A, C and by the sum B, C, A. Two places: C and B are recognised.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from greenledger.web.assessments import services
from greenledger.web.assessments.models import (
    Nomination,
    PanelScore,
    RecognitionCall,
    RecognitionStatus,
)
from greenledger.web.members import services as member_services
from greenledger.web.members.models import Designation
from tests.web.assessments import helpers
from tests.web.conftest import World, organisation_values

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
SCORES = {  # nominee -> the scores of evaluator, evaluator-2, evaluator-3, evaluator-4
    "A": (74, 73, 72, None),
    "B": (95, 70, 72, 74),
    "C": (76, 75, 77, 50),
}


def call_form(panel: list[Any], **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "type": "zero_carbon_demo_unit",
        "title": "2026年度零碳示范单位评选",
        "year": 2026,
        "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "places": 2,
        "trim": "0.25",
        "issuing_body": "东江新区绿色低碳产业联盟",
        "panel": [member.pk for member in panel],
    }
    values.update(overrides)
    return values


def text(response: Any) -> str:
    return response.content.decode()


def ranking_rows(html: str) -> list[tuple[str, str]]:
    """(rank, row html) of the ranking table, in page order."""
    body = html.split('id="ranking"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr id="nomination-\d+" data-rank="(\d+)">(.*?)</tr>', body, re.S)


class Round:
    """Everyone taking part, and the consultancy evaluator-4 works for (A's consultant)."""

    def __init__(self, world: World) -> None:
        self.world = world
        consultancy = member_services.organisation_create(
            actor=None, **organisation_values(5, name_zh="丁节能咨询公司", name_en="D Consulting")
        )
        services.relation_declare(
            actor=world.users["enterprise_a"], organisation=world.company_a,
            related=consultancy, kind="consultant", note="节能诊断服务",
        )  # fmt: skip
        self.panel = [
            world.users["evaluator"],
            helpers.evaluator(world, "evaluator-2"),
            helpers.evaluator(world, "evaluator-3"),
            helpers.evaluator(world, "evaluator-4", organisation=consultancy),
        ]
        self.staff = world.client("secretariat")

    def client(self, member: Any) -> Any:
        from django.test import Client

        client = Client()
        client.force_login(member)
        return client

    def open_call(self) -> RecognitionCall:
        response = self.staff.post(reverse("recognition_new"), call_form(self.panel))
        call = RecognitionCall.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("recognition_call", args=[call.pk])
        return call

    def nominate_all(self, call: RecognitionCall) -> dict[str, Nomination]:
        url = reverse("recognition_nominate", args=[call.pk])
        world = self.world
        posts = [
            (world.client("enterprise_a"), {"site": world.site_a.pk, "statement": "屋顶光伏"}),
            (world.client("enterprise_b"), {"statement": "数据中心余热回收"}),
            (self.staff, {"organisation": world.company_c.pk, "statement": "园区微电网"}),
        ]
        for client, data in posts:
            response = client.post(url, data)
            assert response.status_code == 302, text(response)
        found = {n.organisation_id: n for n in call.nominations.all()}
        return {
            "A": found[world.company_a.pk],
            "B": found[world.company_b.pk],
            "C": found[world.company_c.pk],
        }

    def score(self, nominations: dict[str, Nomination], *, skip: tuple[str, ...] = ()) -> None:
        for key, scores in SCORES.items():
            for member, value in zip(self.panel, scores, strict=True):
                if value is None or (member.username, key) in skip:
                    continue
                url = reverse("recognition_score", args=[nominations[key].pk])
                response = self.client(member).post(url, {"score": value, "comment": "依据充分"})
                assert response.status_code == 302


def test_a_full_round_ranks_by_trimmed_mean_and_records_the_designations(world: World) -> None:
    helpers.verified_inventory(world)  # A's 2024 inventory becomes its supporting data
    designations_before = Designation.objects.count()
    round_ = Round(world)
    call = round_.open_call()
    assert call.status == RecognitionStatus.OPEN
    assert set(call.panel.all()) == set(round_.panel) and call.trim == 0.25

    nominations = round_.nominate_all(call)
    assert nominations["A"].site == world.site_a
    assert nominations["A"].supporting_data["inventory"]["year"] == 2024

    # While open, A's manager sees A's nomination and its supporting data, not B's or C's.
    page = text(world.client("enterprise_a").get(reverse("recognition_call", args=[call.pk]), **EN))
    assert "屋顶光伏" in page and "数据中心余热回收" not in page and "园区微电网" not in page
    assert f'id="supporting-{nominations["A"].pk}"' in page
    assert "Green supply chain" in page  # the designation A holds
    assert 'id="nomination-form"' not in page  # A is nominated already
    staff_page = text(round_.staff.get(reverse("recognition_call", args=[call.pk])))
    assert all(
        statement in staff_page for statement in ("屋顶光伏", "数据中心余热回收", "园区微电网")
    )

    response = round_.staff.post(reverse("recognition_start_scoring", args=[call.pk]))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == RecognitionStatus.SCORING

    # evaluator-4 works for A's consultant: no form for A, and a score for A is refused.
    conflicted = round_.client(round_.panel[3])
    page = text(conflicted.get(reverse("recognition_call", args=[call.pk]), **EN))
    assert "conflict of interest" in page
    assert page.count('class="score-form"') == 2
    url = reverse("recognition_score", args=[nominations["A"].pk])
    assert conflicted.post(url, {"score": 99}).status_code == 403
    assert not PanelScore.objects.filter(reviewer=round_.panel[3], nomination=nominations["A"])

    # Everybody scores but evaluator-3 on B: publishing is refused and names B.
    round_.score(nominations, skip=(("evaluator-3", "B"),))
    response = round_.staff.post(reverse("recognition_publish", args=[call.pk]), follow=True)
    assert "乙公司" in text(response) and "error" in text(response)
    call.refresh_from_db()
    assert call.status == RecognitionStatus.SCORING
    progress = text(round_.staff.get(reverse("recognition_call", args=[call.pk]), **EN))
    assert "3 of 3 scores" in progress  # A: evaluator-4 is not expected
    assert "3 of 4 scores" in progress and "evaluator-3" in progress  # B: still to score

    round_.score(nominations)  # scoring again replaces: nothing doubles
    assert PanelScore.objects.filter(nomination__call=call).count() == 11
    response = round_.staff.post(reverse("recognition_publish", args=[call.pk]))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == RecognitionStatus.PUBLISHED

    ranked = {key: Nomination.objects.get(pk=n.pk) for key, n in nominations.items()}
    assert (ranked["C"].rank, ranked["B"].rank, ranked["A"].rank) == (1, 2, 3)
    assert ranked["C"].trimmed_mean == pytest.approx(75.5)
    assert ranked["C"].mean == pytest.approx(69.5)
    assert ranked["B"].trimmed_mean == pytest.approx(73.0)
    assert ranked["B"].mean == pytest.approx(77.75)
    assert ranked["A"].trimmed_mean == pytest.approx(73.0)
    assert ranked["A"].mean == pytest.approx(73.0)
    # The naive orderings differ: by mean B, A, C; by sum B, C, A.
    by_mean = sorted("ABC", key=lambda k: -ranked[k].mean)
    by_sum = sorted("ABC", key=lambda k: -sum(s for s in SCORES[k] if s is not None))
    assert (by_mean, by_sum) == (["B", "A", "C"], ["B", "C", "A"])
    assert [k for k in "ABC" if ranked[k].recognised] == ["B", "C"]

    # The registry holds the two new district-level designations.
    assert Designation.objects.count() == designations_before + call.places
    new = Designation.objects.filter(type="zero_carbon_demo_unit", level="district")
    assert {d.organisation_id for d in new} == {world.company_b.pk, world.company_c.pk}
    assert {ranked["B"].designation_id, ranked["C"].designation_id} == {d.pk for d in new}

    # The public page: the recognised units in rank order with trimmed means; the units not
    # recognised and every reviewer's scores stay with staff and the panel.
    anonymous = world.client("anonymous")
    page = text(anonymous.get(reverse("recognition_call", args=[call.pk]), **EN))
    rows = ranking_rows(page)
    assert [rank for rank, _ in rows] == ["1", "2"]
    names = ["Company C", "Company B"]  # the English names on English pages
    assert [name in row for name, (_, row) in zip(names, rows, strict=True)] == [True] * 2
    assert "75.50" in rows[0][1] and "69.50" in rows[0][1]
    assert "73.00" in rows[1][1] and "77.75" in rows[1][1]
    assert "Company A" not in page
    # A's own manager still sees where A ranked
    own = ranking_rows(
        text(world.client("enterprise_a").get(reverse("recognition_call", args=[call.pk]), **EN))
    )
    assert [rank for rank, _ in own] == ["1", "2", "3"] and "Not recognised" in own[2][1]
    assert "95.0" not in page and "evaluator-2" not in page and "屋顶光伏" not in page
    assert f'id="supporting-{nominations["A"].pk}"' not in page
    assert 'data-chart="chart-ranking"' in page and 'id="chart-ranking"' in page
    # Staff also see every reviewer's score (evaluator-4 has none for A).
    staff_page = text(round_.staff.get(reverse("recognition_call", args=[call.pk]), **EN))
    staff_rows = ranking_rows(staff_page)
    assert "95.0" in staff_rows[1][1] and "evaluator-4" in staff_page

    # The public list names the recognised units in rank order with their trimmed means.
    listing = text(anonymous.get(reverse("recognition_list"), **EN))
    section = listing.split(f'id="call-{call.pk}"', 1)[1].split("</article>", 1)[0]
    assert section.index("Company C") < section.index("Company B")
    assert "Company A" not in section
    assert "75.50" in section and "73.00" in section


def test_opening_a_call_needs_three_panel_members_and_explains_the_trimmed_share(
    world: World,
) -> None:
    staff = world.client("secretariat")
    page = text(staff.get(reverse("recognition_new"), **EN))
    assert "0.2 with five reviewers leaves out the highest and lowest score" in page
    assert 'value="0.2"' in page  # the default share
    panel = [world.users["evaluator"], helpers.evaluator(world, "evaluator-2")]
    response = staff.post(reverse("recognition_new"), call_form(panel), **EN)
    assert response.status_code == 200
    assert "at least three reviewers" in text(response)
    assert not RecognitionCall.objects.exists()
    # The service's own checks come back on the form's fields.
    panel.append(world.users["secretariat"])  # not an evaluator: not offered, refused
    response = staff.post(reverse("recognition_new"), call_form(panel, trim="0.6"), **EN)
    assert response.status_code == 200 and not RecognitionCall.objects.exists()


def test_a_panel_member_sees_their_own_score_pre_filled_and_not_the_others(world: World) -> None:
    call = helpers.recognition_in_scoring(world)
    nomination = helpers.nomination(world)
    first, second, _third = helpers.panel(world)
    services.panel_score_record(actor=second, nomination=nomination, score=61.5, comment="偏低")
    client = world.client("evaluator")
    url = reverse("recognition_score", args=[nomination.pk])
    assert client.post(url, {"score": "88.5", "comment": "示范性强"}).status_code == 302
    page = text(client.get(reverse("recognition_call", args=[call.pk]), **EN))
    assert 'value="88.5"' in page and "示范性强" in page
    assert "61.5" not in page and "偏低" not in page
    assert "2 of 3 scores" in page
    # A score outside 0..100 is refused with the service's reason, and nothing changes.
    response = client.post(url, {"score": "101"}, follow=True, **EN)
    assert "between 0 and 100" in text(response)
    assert PanelScore.objects.get(reviewer=first).score == 88.5


def test_nominations_close_at_the_deadline_and_a_manager_nominates_only_their_own(
    world: World,
) -> None:
    call = helpers.recognition_call(world)
    manager_b = world.client("enterprise_b")
    url = reverse("recognition_nominate", args=[call.pk])
    # B's manager cannot nominate A: the organisation field is not theirs to choose.
    response = manager_b.post(url, {"organisation": world.company_a.pk, "statement": "替甲提名"})
    assert response.status_code == 302
    assert list(call.nominations.values_list("organisation_id", flat=True)) == [world.company_b.pk]
    # A site of another organisation is refused on the form.
    manager_a = world.client("enterprise_a")
    response = manager_a.post(url, {"site": world.site_b.pk, "statement": "x"}, **EN)
    assert response.status_code == 200 and "Select a valid choice" in text(response)
    RecognitionCall.objects.filter(pk=call.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=2)
    )
    page = text(manager_a.get(reverse("recognition_call", args=[call.pk]), **EN))
    assert "deadline has passed" in page and 'id="nomination-form"' not in page
    response = manager_a.post(url, {"statement": "迟到的提名"}, **EN)
    assert response.status_code == 200 and "closed" in text(response)
    assert call.nominations.count() == 1


def test_the_list_shows_each_persona_what_concerns_them(world: World) -> None:
    helpers.recognition_call(world)
    url = reverse("recognition_list")
    staff = text(world.client("secretariat").get(url, **EN))
    assert 'id="in-progress"' in staff and 'id="new-call"' in staff
    manager = text(world.client("enterprise_a").get(url, **EN))
    assert 'id="open-calls"' in manager and 'id="in-progress"' not in manager
    evaluator = text(world.client("evaluator").get(url, **EN))
    assert 'id="panel-calls"' in evaluator and 'id="open-calls"' not in evaluator
    anonymous = text(world.client("anonymous").get(url, **EN))
    assert "No recognition list has been published yet." in anonymous
    assert "2026年度零碳示范单位评选" not in anonymous
