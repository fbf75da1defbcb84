"""Scheduling of the parallel run (pytest-xdist ``--dist loadscope``).

A test module is one unit of work, so module-scoped fixtures are built once. The modules that
check the demo district share one load of it (``tests.web.conftest.demo_district``, a minute or
more per load): they form a single unit, run one after another on one worker, and the district
is loaded once for all of them instead of once per module.
"""

from __future__ import annotations

from typing import Any

import pytest

# The modules that use the shared demo district (``demo_district``); the fixture refuses others.
DEMO_DISTRICT_MODULES = frozenset(
    {
        "tests/web/alliance/test_demo_alliance.py",
        "tests/web/district/test_demo_history.py",
        "tests/web/ecology/test_demo_ecology.py",
        "tests/web/finance/test_demo_finance.py",
        "tests/web/members/test_demo_district.py",
        "tests/web/planning/test_demo_planning.py",
        "tests/web/products/test_demo_products.py",
    }
)
DEMO_DISTRICT_UNIT = "demo-district"


def unit_of(nodeid: str, default: str) -> str:
    """The demo district's unit for its modules' tests, else ``default``."""
    return DEMO_DISTRICT_UNIT if nodeid.split("::", 1)[0] in DEMO_DISTRICT_MODULES else default


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    if config.getoption("dist", None) != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoDistrictScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return unit_of(nodeid, super()._split_scope(nodeid))

    return DemoDistrictScheduling(config, log)
