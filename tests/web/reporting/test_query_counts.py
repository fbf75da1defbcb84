"""Query-count regressions of the reporting pages: a submission's page and its inventory make
as many queries for a year of records as for a month (no query per record, line or version),
counted with the page cache off so every request renders from the database."""

from __future__ import annotations

from typing import Any

import pytest

from greenledger.web.reporting import services
from tests.web.conftest import World
from tests.web.query_counts import queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def add_months(world: World, submission: Any, months: range) -> None:
    manager = world.users["enterprise_a"]
    for month in months:
        for activity, quantity, unit in (
            ("purchased_electricity", "120", "MWh"),
            ("natural_gas", "3", "万Nm3"),
            ("output_value", "900", "万元"),
        ):
            services.record_create(
                actor=manager,
                submission=submission,
                activity=activity,
                quantity=quantity,
                unit=unit,
                site="甲工厂",
                period=f"2024-{month:02d}",
            )


def test_the_submission_and_inventory_pages_make_as_many_queries_for_a_year_as_for_a_month(
    world: World,
) -> None:
    manager = world.users["enterprise_a"]
    submission = services.submission_create_draft(
        actor=manager, organisation=world.company_a, year=2024
    )
    add_months(world, submission, range(1, 2))
    client = world.client("enterprise_a")
    page = f"/reporting/submissions/{submission.pk}/"
    inventory = f"/reporting/submissions/{submission.pk}/inventory/"
    month = (queries(client, page), queries(client, inventory))
    add_months(world, submission, range(2, 13))  # 36 records: a full page of the records list
    year = (queries(client, page), queries(client, inventory))
    assert year == month
    assert year[0] <= 18 and year[1] <= 10

    # Submitted and verified, read by the evaluator: still no query per record.
    services.submission_submit(actor=manager, submission=submission)
    services.submission_assign_evaluator(
        actor=world.users["secretariat"], submission=submission, evaluator=world.users["evaluator"]
    )
    services.submission_verify(actor=world.users["evaluator"], submission=submission)
    evaluator = world.client("evaluator")
    assert queries(evaluator, page) <= 20
    assert queries(evaluator, inventory) <= 20
