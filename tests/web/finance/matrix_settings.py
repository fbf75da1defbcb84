"""Authorization-matrix rows of the catalogue settings pages (and API) and of project evidence.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).

Settings: the registry staff set screening values; every other signed-in user gets 403 (403 in
the API too), anonymous visitors are sent to sign in (a POST answers 404). A refused value (a
negative one) answers 422 and writes nothing.
"""

from __future__ import annotations

from typing import Any

from tests.web.conftest import World
from tests.web.matrix_support import Row, expect

NOTE = "绿色债券支持项目目录（2021年版）；矩阵筛选值"


def a_setting(world: World) -> dict[str, Any]:
    return {"catalogue": "green_bond_2021", "path": "categories.2.abatement.threshold",
            "value": "900", "source_note": NOTE, "action": "set"}  # fmt: skip


def a_negative_setting(world: World) -> dict[str, Any]:
    return {**a_setting(world), "value": "-1"}


STAFF_PAGE = expect(403, 403, 403, 200, 200, 403, 403, 302)

#                                                ent_a ent_b  eval  secr admin  anal  publ  anon
URL_ROWS: dict[str, list[Row]] = {
    "finance/settings/": [Row(STAFF_PAGE)],
    "finance/settings/set/": [
        Row(expect(403, 403, 403, 302, 302, 403, 403, 404), method="post", writes=True,
            body=a_setting),
        Row(expect(403, 403, 403, 422, 422, 403, 403, 404), method="post",
            body=a_negative_setting),
    ],
}  # fmt: skip

API_ROWS: dict[tuple[str, str], Row] = {}
