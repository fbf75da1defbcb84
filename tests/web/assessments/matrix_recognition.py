"""Authorization-matrix rows of the assessments app: recognition pages.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

The call (``helpers.recognition_call``) is open, its panel is the persona ``evaluator`` and two
more evaluators; company A's manager nominates A. While nominations are open every enterprise
user sees the call; in scoring only staff and the panel do; once published, everybody.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.web.assessments import helpers
from tests.web.conftest import World
from tests.web.matrix_support import Row, expect


def call_id(build: Any) -> dict[str, Any]:
    return {"call_id": lambda w: build(w).pk}


def published_list(world: World) -> dict[str, Any]:
    """No query parameters; builds a published list first so the page has rows to show."""
    helpers.recognition_published(world)
    return {}


def new_call(world: World) -> dict[str, Any]:
    return {
        "type": "green_manufacturing_demo_unit",
        "title": "2026年度绿色制造示范单位评选",
        "year": 2026,
        "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "places": 3,
        "trim": 0.2,
        "issuing_body": "东江新区经济和科技委员会",
        "panel": helpers.unaudited_panel_ids(world),
    }


OPEN = call_id(helpers.recognition_call)
WITH_NOMINATION = call_id(lambda w: helpers.nomination(w).call)
SCORING = call_id(helpers.recognition_in_scoring)
SCORED = call_id(helpers.recognition_scored)
PUBLISHED = call_id(helpers.recognition_published)
NOMINATION_IN_SCORING = {
    "nomination_id": lambda w: (helpers.recognition_in_scoring(w), helpers.nomination(w))[1].pk
}

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "recognition/": [
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200)),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), body=published_list),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200),
            body=lambda w: (helpers.recognition_in_scoring(w), {})[1]),
    ],
    "recognition/new/": [
        Row(expect(403, 403, 403, 200, 200, 403, 403, 302)),
        Row(expect(403, 403, 403, 302, 302, 403, 403, 403), method="post", writes=True,
            body=new_call),
    ],
    "recognition/<int:call_id>/": [
        Row(expect(200, 200, 200, 200, 200, 404, 404, 404), params=OPEN),
        Row(expect(200, 200, 200, 200, 200, 404, 404, 404), params=WITH_NOMINATION),
        Row(expect(404, 404, 200, 200, 200, 404, 404, 404), params=SCORING),
        Row(expect(200, 200, 200, 200, 200, 200, 200, 200), params=PUBLISHED),
    ],
    "recognition/<int:call_id>/nominate/": [
        # a manager nominates their own organisation (B's manager: B), staff the one chosen
        Row(expect(302, 302, 403, 302, 302, 404, 404, 404), method="post", writes=True,
            params=OPEN, body=lambda w: {
                "organisation": w.company_a.pk, "statement": "屋顶光伏与绿电交易覆盖全部用电"}),
    ],
    "recognition/<int:call_id>/start-scoring/": [
        Row(expect(403, 403, 403, 302, 302, 404, 404, 404), method="post", writes=True,
            params=WITH_NOMINATION),
    ],
    "recognition/nominations/<int:nomination_id>/score/": [
        Row(expect(404, 404, 302, 403, 403, 404, 404, 404), method="post", writes=True,
            params=NOMINATION_IN_SCORING, body=lambda w: {"score": "87.5", "comment": "示范性强"}),
    ],
    "recognition/<int:call_id>/publish/": [
        Row(expect(404, 404, 403, 302, 302, 404, 404, 404), method="post", writes=True,
            params=SCORED),
    ],
}  # fmt: skip
API_ROWS: dict[tuple[str, str], Row] = {}
