"""Authorization-matrix rows of the assessments app: API operations.

Columns, in order: enterprise_a, enterprise_b, evaluator, secretariat, district_admin,
analyst, public, anonymous (see ``tests/web/test_authorization_matrix.py``).
"""

from __future__ import annotations

from tests.web.matrix_support import Row, expect  # noqa: F401

URL_ROWS: dict[str, list[Row]] = {}
API_ROWS: dict[tuple[str, str], Row] = {}
