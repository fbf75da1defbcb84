"""Helpers of the core tests."""

from __future__ import annotations

from greenledger.core.context import AccountingContext
from greenledger.core.factors import FactorLibrary
from greenledger.core.inventory import compute_line
from greenledger.core.model import ActivityLine, LineResult


def account(
    library: FactorLibrary,
    activity: str,
    quantity: float,
    context: AccountingContext | None = None,
    **options: object,
) -> LineResult:
    """Account one line of a test enterprise in 2023."""
    line = ActivityLine(
        enterprise="Test Co.", period="2023-06", activity=activity, quantity=quantity, **options
    )  # type: ignore[arg-type]
    return compute_line(line, library, context or AccountingContext(region="CN", year=2023))
