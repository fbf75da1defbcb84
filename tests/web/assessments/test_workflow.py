"""The assessment workflow through its services: call -> application with a pre-score from the
verified inventory -> evidence -> submission -> two reviews -> decision -> certificate."""

from __future__ import annotations

import pytest

from greenledger.web.assessments.models import ApplicationStatus
from greenledger.web.members.models import Designation
from tests.web.assessments import helpers


def test_the_happy_path_from_call_to_certificate(world):
    application = helpers.draft_application(world)
    inputs = application.inventory_inputs
    # 800 of 2,000 MWh are green power; output value 10,000 x 10^4 yuan
    assert inputs["renewable_electricity_share"] == pytest.approx(0.4)
    assert inputs["output_value_wan_yuan"] == pytest.approx(10_000)
    assert inputs["tco2e_per_wan_yuan"] == pytest.approx(inputs["ghg_tco2e"] / 10_000)
    assert application.inventory_source["year"] == 2024
    submitted = helpers.submitted_application(world)
    assert submitted.status == ApplicationStatus.SUBMITTED
    prescore = submitted.prescore
    renewable = next(i for i in prescore["indicators"] if i["id"] == "renewable_share")
    # linear from the benchmark 0.2 to the leading 0.8, weight 30: (0.4 - 0.2) / 0.6 x 30 = 10
    assert renewable["points"] == pytest.approx(10.0)
    assert renewable["input_sources"] == {"renewable_electricity_share": "inventory"}
    before = Designation.objects.filter(type="zero_carbon_factory").count()
    approved = helpers.approved_application(world)
    assert approved.status == ApplicationStatus.APPROVED
    certificate = approved.certificate
    assert certificate.number.startswith("DJ-ZCF-")
    assert Designation.objects.filter(type="zero_carbon_factory").count() == before + 1
    assert approved.final_points == pytest.approx(prescore["total_points"])
