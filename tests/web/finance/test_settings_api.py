"""The settings and project documents API: the secretariat lists the configurable thresholds
and sets one (201; 422 by field in the caller's language), others get 403; company A's manager
uploads an energy audit report (201), the analyst (A's grant covers projects) lists and
downloads it, a reader's upload answers 403, company B's users 404, the manager removes it
(204)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from greenledger.web.finance.models import CatalogueSetting, ProjectEvidence
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.finance.conftest import FinanceWorld

pytestmark = pytest.mark.django_db

BOND = "green_bond_2021"
ABATEMENT = "categories.2.abatement.threshold"
NOTE = "绿色债券支持项目目录（2021年版）2.1 条；秘书处筛选值"


def call(fw: FinanceWorld, persona: str, method: str, url: str, **kwargs: Any) -> Any:
    headers = fw.world.api_headers(persona)
    return getattr(Client(), method)(f"/api/finance{url}", **kwargs, **headers)


def test_settings_list_and_set(finance_world: FinanceWorld) -> None:
    fw = finance_world
    listed = call(fw, "secretariat", "get", f"/settings?catalogue={BOND}")
    assert listed.status_code == 200
    rows = {row["path"]: row for row in listed.json()}
    assert rows[ABATEMENT]["published"] is None and rows[ABATEMENT]["current"] is None
    assert rows[ABATEMENT]["role"] == "threshold" and rows[ABATEMENT]["limit"] == "min"
    created = call(
        fw, "district_admin", "post", "/settings", content_type="application/json",
        data={"catalogue": BOND, "path": ABATEMENT, "value": 900, "source_note": NOTE},
    )  # fmt: skip
    assert created.status_code == 201, created.content
    assert created.json()["value"] == 900.0
    row = call(fw, "secretariat", "get", f"/settings?catalogue={BOND}").json()
    mine = next(r for r in row if r["path"] == ABATEMENT)
    assert mine["in_force"] == 900.0 and mine["current"]["source_note"] == NOTE
    assert len(mine["history"]) == 1


def test_settings_refusals(finance_world: FinanceWorld) -> None:
    fw = finance_world
    assert call(fw, "analyst", "get", "/settings").status_code == 403
    body = {"catalogue": BOND, "path": "categories.2.nope.threshold", "value": 1,
            "source_note": NOTE}  # fmt: skip
    refused = call(fw, "secretariat", "post", "/settings", content_type="application/json",
                   data=body, HTTP_ACCEPT_LANGUAGE="zh-hans")  # fmt: skip
    assert refused.status_code == 422
    assert "不是本目录可设置的阈值" in refused.content.decode()
    forbidden = call(fw, "enterprise_a", "post", "/settings", content_type="application/json",
                     data={**body, "path": ABATEMENT})  # fmt: skip
    assert forbidden.status_code == 403
    assert not CatalogueSetting.objects.exists()


def test_evidence_upload_read_and_remove(finance_world: FinanceWorld, tmp_path: Path) -> None:
    fw = finance_world
    url = f"/projects/{fw.project.pk}/evidence"

    def form() -> dict[str, object]:
        upload = SimpleUploadedFile("审计.pdf", PDF_BYTES)
        return {"kind": "energy_audit", "title": "节能审计报告", "issued_by": "某节能服务公司",
                "issued_on": "2026-03-01", "file": upload}  # fmt: skip

    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        assert call(fw, "analyst", "post", url, data=form()).status_code == 403
        assert call(fw, "enterprise_b", "post", url, data=form()).status_code == 404
        bad = call(fw, "enterprise_a", "post", url, data={**form(), "issued_on": "三月"})
        assert bad.status_code == 422 and "issued_on" in bad.content.decode()
        created = call(fw, "enterprise_a", "post", url, data=form())
        assert created.status_code == 201, created.content
        evidence = ProjectEvidence.objects.get()
        assert created.json()["sha256"] == hashlib.sha256(PDF_BYTES).hexdigest()
        listed = call(fw, "analyst", "get", url)
        assert [e["id"] for e in listed.json()] == [evidence.pk]
        download = call(fw, "analyst", "get", f"/evidence/{evidence.pk}")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF_BYTES
        hidden = call(fw, "enterprise_b", "get", f"/evidence/{evidence.pk}")
        assert hidden.status_code == 404
        assert call(fw, "analyst", "delete", f"/evidence/{evidence.pk}").status_code == 403
        removed = call(fw, "enterprise_a", "delete", f"/evidence/{evidence.pk}")
        assert removed.status_code == 204
    assert not ProjectEvidence.objects.exists()
