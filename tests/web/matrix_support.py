"""The authorization matrix's row type: the expected status of a route for each persona.

Shared by ``test_authorization_matrix.py`` and the per-app row modules (e.g.
``tests/web/assessments/matrix_*.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.web.conftest import PERSONAS, World


def expect(*statuses: int) -> dict[str, int]:
    assert len(statuses) == len(PERSONAS), "a row needs one status per persona"
    return dict(zip(PERSONAS, statuses, strict=True))


@dataclass(frozen=True)
class Row:
    """Expected statuses for one route.

    ``params`` maps a URL parameter to the name of a World attribute (its primary key is used)
    or to a function of the world that returns the value, e.g. ``lambda w: "2.35.2"``.
    """

    statuses: dict[str, int]
    method: str = "get"
    params: dict[str, str | Callable[[World], Any]] = field(default_factory=dict)
    body: Callable[[World], dict[str, Any]] | None = None
    # A page's successful write answers with a redirect (post/redirect/get): for such a row a
    # 302 means "done", and the write must have appended to the audit ledger.
    writes: bool = False
    # Checked after the request, with the world and the persona asked (e.g. that a refused read
    # was logged); raises AssertionError when the state is not what the row promises.
    after: Callable[[World, str], None] | None = None


# Which of A's objects a URL parameter names, unless a row says otherwise.
DEFAULT_PARAMS = {
    "organisation_id": "company_a",
    "org_id": "company_a",
    "site_id": "site_a",
    "designation_id": "designation_a",
    "membership_id": "membership_a",
    "token_id": "token_a",
}
