"""Project documents pages: company A's manager uploads an energy audit report to its project,
the bank's analyst (A's grant covers projects) reads the list and downloads the file (both reads
logged), a refused file comes back at its field in Chinese, and after A revokes the grant the
analyst's next request answers 404."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from greenledger.web.accounts.models import DataAccess
from greenledger.web.finance.models import EligibilityCheck, ProjectEvidence
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.finance.conftest import FinanceWorld
from tests.web.test_zh_interface import english_runs

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture(autouse=True)
def private(tmp_path: object) -> object:
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):  # type: ignore[operator]
        yield


def upload(fw: FinanceWorld, data: bytes = PDF_BYTES, name: str = "审计报告.pdf") -> object:
    return fw.world.client("enterprise_a").post(
        f"/finance/projects/{fw.project.pk}/evidence/",
        {"kind": "energy_audit", "title": "节能审计报告", "issued_by": "某节能服务公司",
         "issued_on": "2026-03-01", "file": SimpleUploadedFile(name, data)},
        **ZH,
    )  # fmt: skip


def test_upload_list_download_and_remove(finance_world: FinanceWorld) -> None:
    fw = finance_world
    checks_before = EligibilityCheck.objects.filter(project=fw.project).count()
    response = upload(fw)
    assert response.status_code == 302  # type: ignore[attr-defined]
    evidence = ProjectEvidence.objects.get()
    assert EligibilityCheck.objects.filter(project=fw.project).count() == checks_before + 3
    page = fw.world.client("enterprise_a").get(f"/finance/projects/{fw.project.pk}/evidence/", **ZH)
    html = page.content.decode()
    assert "节能审计报告" in html and evidence.sha256[:12] in html
    assert english_runs(html) == []
    project_page = fw.world.client("enterprise_a").get(f"/finance/projects/{fw.project.pk}/")
    assert f'href="/finance/projects/{fw.project.pk}/evidence/"' in project_page.content.decode()
    analyst = fw.world.client("analyst")
    assert analyst.get(f"/finance/projects/{fw.project.pk}/evidence/").status_code == 200
    download = analyst.get(f"/finance/evidence/{evidence.pk}/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == evidence.sha256
    assert download["Content-Disposition"].startswith("attachment")
    assert DataAccess.objects.filter(user=fw.analyst).count() >= 2
    assert (
        fw.world.client("enterprise_b").get(f"/finance/evidence/{evidence.pk}/").status_code == 404
    )
    refused = analyst.post(f"/finance/evidence/{evidence.pk}/delete/")
    assert refused.status_code == 403
    removed = fw.world.client("enterprise_a").post(f"/finance/evidence/{evidence.pk}/delete/")
    assert removed.status_code == 302
    assert not ProjectEvidence.objects.exists()


def test_a_refused_file_is_named_in_chinese(finance_world: FinanceWorld) -> None:
    response = upload(finance_world, data=b"plain text", name="报告.txt")
    assert response.status_code == 422  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "报告.txt" in html
    assert english_runs(html) == []
    assert not ProjectEvidence.objects.exists()


def test_a_revoked_grant_ends_the_analysts_access(finance_world: FinanceWorld) -> None:
    fw = finance_world
    upload(fw)
    evidence = ProjectEvidence.objects.get()
    grant = fw.grant
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    analyst = fw.world.client("analyst")
    assert analyst.get(f"/finance/projects/{fw.project.pk}/evidence/").status_code == 404
    assert analyst.get(f"/finance/evidence/{evidence.pk}/").status_code == 404
