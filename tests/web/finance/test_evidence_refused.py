"""A project document asked for after the enterprise's grant to the bank ended (revoked, or
expired) answers the analyst 404, on the page and in the API, and each attempt is logged once
as a refused read of the project on that grant (the enterprise's access log shows it); the
enterprise's own download is not logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from greenledger.web.accounts.models import DataAccess
from greenledger.web.finance.models import ProjectEvidence
from tests.web.finance.conftest import FinanceWorld
from tests.web.finance.test_evidence_views import upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private(tmp_path: object) -> object:
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):  # type: ignore[operator]
        yield


@pytest.mark.parametrize("end", ["revoked", "expired"])
def test_a_document_after_the_grant_ended_is_a_logged_refusal(
    finance_world: FinanceWorld, end: str
) -> None:
    fw = finance_world
    upload(fw)
    evidence = ProjectEvidence.objects.get()
    grant = fw.grant
    analyst = fw.world.client("analyst")
    assert analyst.get(f"/finance/evidence/{evidence.pk}/").status_code == 200
    assert not DataAccess.objects.filter(refused=True).exists()
    if end == "revoked":
        grant.revoked_at = timezone.now()
    else:
        grant.expires_at = timezone.now() - dt.timedelta(seconds=1)
    grant.save(update_fields=["revoked_at", "expires_at"])
    assert analyst.get(f"/finance/evidence/{evidence.pk}/").status_code == 404
    api = fw.world.client("anonymous").get(
        f"/api/finance/evidence/{evidence.pk}", **fw.world.api_headers("analyst")
    )
    assert api.status_code == 404
    refused = DataAccess.objects.filter(refused=True).order_by("pk")
    assert [(a.grant_id, a.scope, a.object_id) for a in refused] == [
        (grant.pk, "projects", str(fw.project.pk))
    ] * 2
    assert all(a.user == fw.world.users["analyst"] for a in refused)
    # the enterprise's own download is neither refused nor logged as a bank's read
    own = fw.world.client("enterprise_a").get(f"/finance/evidence/{evidence.pk}/")
    assert own.status_code == 200
    assert DataAccess.objects.filter(refused=True).count() == 2
