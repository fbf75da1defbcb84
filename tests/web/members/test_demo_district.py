"""The loaded demo district: the model district's exact counts, its accounts, its stories.

The district is loaded once for the module (it takes seconds) and every test starts from it:
see ``tests.web.conftest.demo_district``, shared by the demo modules.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from greenledger.core.registry.credit_code import is_valid
from greenledger.web.accounts.models import Role, User
from greenledger.web.audit.selectors import audit_verify
from greenledger.web.members.demo import DEMO_PASSWORD, demo_load, demo_token
from greenledger.web.members.models import Organisation, OrganisationKind, Site, SiteKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

EXPECTED = {
    "green_factory": 39,
    "green_supply_chain": 8,
    "green_design_product": 22,
    "green_park": 3,
    "zero_carbon_factory": 4,
    "zero_carbon_park": 2,
    "zero_carbon_data_center": 1,
}


@pytest.fixture
def demo(demo_district: Any, db: None) -> None:
    """Each test starts from the loaded district; its writes roll back with its savepoint."""


def test_the_district_summary_counts_39_8_22_3_4_2_1_and_breaks_down_members_and_parks(
    demo: None,
) -> None:
    # One demo load serves several checks: loading the district takes seconds.
    response = Client().get("/api/district/summary")
    assert response.status_code == 200
    summary = response.json()
    assert summary["designations"] == EXPECTED
    assert set(summary["members_by_kind"]) == set(OrganisationKind.values)
    assert all(summary["members_by_kind"][kind] > 0 for kind in OrganisationKind.values)
    assert len(summary["parks"]) == 12
    assert sum(p["designations"].get("green_park", 0) for p in summary["parks"]) == 3
    assert sum(p["factories"] for p in summary["parks"]) > 100

    codes = list(Organisation.objects.values_list("credit_code", flat=True))
    assert 280 <= len(codes) <= 320
    assert all(is_valid(code) for code in codes)
    assert Site.objects.filter(kind=SiteKind.PARK).count() == 12
    assert Site.objects.filter(kind=SiteKind.DATA_CENTRE, parent_park__isnull=False).exists()


def every_table() -> dict[str, int]:
    """The row count of every table of the platform's apps (the audit ledger among them)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model.__module__.startswith("greenledger.")
    }


def test_loading_twice_changes_nothing(demo: None) -> None:
    # One second load for every app's part of the demo: no table gains or loses a row, no
    # service writes (each would append to the ledger), no site loses its coordinates.
    tables = every_table()
    unplaced = Site.objects.filter(latitude=None).count()
    report = demo_load()
    assert report.created == {}
    assert every_table() == tables
    assert {label.split(".")[0] for label in tables} >= {
        "members", "accounts", "audit", "reporting", "assessments", "district", "planning",
        "finance", "ecology", "products", "alliance",
    }  # fmt: skip
    assert tables["audit.AuditEntry"] > 1000
    assert Site.objects.filter(latitude=None).count() == unplaced
    assert audit_verify().ok


def test_each_role_has_a_demo_account_whose_password_and_token_work(demo: None) -> None:
    for role in Role.values:
        users = User.objects.filter(role=role)
        assert users.exists(), role
        assert all(user.check_password(DEMO_PASSWORD) for user in users)
    client = Client()
    manager = User.objects.get(username="manager")
    own = client.get(
        "/api/organisations?limit=500", HTTP_AUTHORIZATION=f"Bearer {demo_token('manager')}"
    ).json()
    public = client.get("/api/organisations?limit=500").json()
    own_ids = {o["id"] for o in own["items"]}
    assert manager.organisation_id in own_ids
    assert {o["id"] for o in public["items"]} <= own_ids
    published = set(Organisation.objects.filter(published=True).values_list("pk", flat=True))
    assert own_ids == published | {manager.organisation_id}


def test_the_demo_has_open_calls_a_verified_inventory_and_a_published_recognition(
    demo: None,
) -> None:
    from greenledger.web.assessments.models import Call, CallStatus, Nomination, RecognitionCall
    from greenledger.web.reporting.models import Submission

    manager = User.objects.get(username="manager")
    assert Call.objects.filter(status=CallStatus.OPEN).count() == 2
    verified = Submission.objects.get(organisation=manager.organisation, year=2025)
    assert verified.status == "verified"
    recognition = RecognitionCall.objects.get()
    assert recognition.status == "published"
    ranked = list(Nomination.objects.filter(call=recognition).order_by("rank"))
    # trimmed means by hand (see assessments/demo.py): 90.0, 86.0 (mean 86.0), 86.0 (85.6)
    assert [n.rank for n in ranked] == [1, 2, 3, 4, 5]
    assert [round(n.trimmed_mean, 2) for n in ranked] == [90.0, 86.0, 86.0, 81.33, 81.0]
    assert [round(n.mean, 2) for n in ranked] == [87.0, 86.0, 85.6, 82.4, 77.2]
    assert [n.recognised for n in ranked] == [True, True, True, False, False]
    assert all(n.designation.type == recognition.type for n in ranked[:3])
