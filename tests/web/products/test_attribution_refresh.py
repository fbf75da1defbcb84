"""A process's figures after the verified inventory gets a newer verified version: the page
says they are older, and the manager takes them again (by hand: 500 t more limestone at
0.43971 t CO2/t = 219.855 t more, all the billet's)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from greenledger.web.products.models import Process
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import Submission
from tests.web.products.conftest import ProductsWorld


def _corrected(pw: ProductsWorld) -> None:
    world = pw.world
    submission = Submission.objects.get(organisation=pw.supplier, year=2025)
    reporting.submission_correct(actor=pw.manager_s, submission=submission, reason="石灰石补录")
    submission.refresh_from_db()
    reporting.record_create(
        actor=pw.manager_s, submission=submission, site="甲工厂", period="2025-11",
        activity="石灰石", quantity="500", unit="t",
    )  # fmt: skip
    reporting.submission_submit(actor=pw.manager_s, submission=submission)
    submission.refresh_from_db()
    if submission.status != "under_verification":
        reporting.submission_assign_evaluator(
            actor=world.users["secretariat"], submission=submission, evaluator=pw.evaluator
        )
        submission.refresh_from_db()
    reporting.submission_verify(actor=pw.evaluator, submission=submission)


def test_newer_inventory_flagged_and_taken_again(products_world: ProductsWorld) -> None:
    pw = products_world
    before = pw.billet_process.direct_tco2e
    _corrected(pw)
    client = pw.world.client("enterprise_a")
    url = reverse("products:process", args=[pw.billet_process.pk])
    text = client.get(url).content.decode()
    assert 'id="process-stale"' in text and 'id="process-refresh"' in text
    assert 'id="process-refresh"' not in pw.world.client("secretariat").get(url).content.decode()
    assert client.post(url, {"action": "refresh"}).status_code == 302
    process = Process.objects.get(pk=pw.billet_process.pk)
    assert process.direct_tco2e == pytest.approx(before + 219.855, rel=1e-9)
    assert process.provenance["version_number"] == 2
    assert 'id="process-stale"' not in client.get(url).content.decode()
