"""Consent end to end on the finance world (pages through Django's test client): company A ends
its old grant, shares its verified inventory and its projects with the bank for one project's due
diligence; the analyst reads the project's eligibility and the inventory (both logged under the
new grant); A revokes; the analyst's next requests answer 404 and nothing more is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from greenledger.web.accounts.models import DataAccess, DataSharing
from greenledger.web.finance.services.eligibility import eligibility_run
from tests.web.finance.conftest import FinanceWorld

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def test_due_diligence_consent_from_grant_to_revocation(finance_world: FinanceWorld) -> None:
    fw = finance_world
    project = fw.project
    eligibility_run(actor=fw.manager, project=project)
    manager, analyst = Client(), Client()
    manager.force_login(fw.manager)
    analyst.force_login(fw.analyst)
    project_page = f"/finance/projects/{project.pk}/"
    inventory_page = f"/reporting/submissions/{fw.planning.submission.pk}/inventory/"

    # the old general grant ends: the project is hidden from the bank at once
    old = fw.grant
    assert manager.post(f"/finance/grants/{old.pk}/revoke/").status_code == 302
    assert analyst.get(project_page).status_code == 404
    assert analyst.get(inventory_page).status_code == 404

    # a grant for this project's due diligence: verified inventories and projects, 30 days
    response = manager.post(
        "/finance/grants/new/",
        {
            "institution": fw.bank.pk,
            "purpose": "due_diligence",
            "data": ["inventories", "projects"],
            "expires_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
            "project": project.pk,
        },
    )
    assert response.status_code == 302
    grant = DataSharing.objects.get(organisation=fw.enterprise, revoked_at__isnull=True)
    assert (grant.purpose, grant.project_ref, grant.plans, grant.meters) == (
        "due_diligence", project.pk, False, False,
    )  # fmt: skip

    held = analyst.get("/finance/grants/", **EN).content.decode()
    assert project.name in held and "Due diligence of a financing project" in held
    page = analyst.get(project_page, **EN)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="project-eligibility"' in text and 'id="check-green_finance_2025"' in text
    assert analyst.get(inventory_page).status_code == 200
    refused = DataAccess.objects.filter(refused=True).order_by("id")
    assert [(a.scope, a.object_id, a.grant_id) for a in refused] == [
        ("projects", str(project.pk), old.pk),
        ("inventories", str(fw.planning.submission.pk), old.pk),
    ]  # the attempts after the old grant ended, logged as refused
    logged = list(DataAccess.objects.filter(refused=False).order_by("id"))
    assert [(a.scope, a.object_id, a.grant_id) for a in logged] == [
        ("projects", str(project.pk), grant.pk),
        ("inventories", str(fw.planning.submission.pk), grant.pk),
    ]
    log_page = manager.get("/finance/access-log/", **EN).content.decode()
    assert project_page in log_page and inventory_page in log_page
    assert "Due diligence of a financing project" in log_page

    # revocation: the analyst's next requests are refused
    assert manager.post(f"/finance/grants/{grant.pk}/revoke/").status_code == 302
    assert analyst.get(project_page).status_code == 404
    assert analyst.get(inventory_page).status_code == 404
    assert DataAccess.objects.filter(refused=False).count() == 2
    assert [(a.scope, a.grant_id) for a in DataAccess.objects.filter(refused=True)[:2]] == [
        ("inventories", grant.pk), ("projects", grant.pk),
    ]  # fmt: skip
