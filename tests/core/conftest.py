"""Shared fixtures of the core tests: the shipped factor library and accounting contexts."""

from __future__ import annotations

import pytest

from greenledger.core.context import AccountingContext
from greenledger.core.factors import FactorLibrary, load_library


@pytest.fixture(scope="session")
def library() -> FactorLibrary:
    return load_library()


@pytest.fixture
def national_2023() -> AccountingContext:
    return AccountingContext(region="CN", year=2023)
