"""Project evidence: company A's project claims green finance 2025 category 1, whose criterion
(energy saving 221.22 tce a year against a screening value of 100) asks for an energy audit.
Without the audit the result is "needs data"; with an uploaded audit report it is eligible
(221.22 is far beyond 100 + 5 %); removing the report brings "needs data" back."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from greenledger.web.accounts import permissions
from greenledger.web.audit.models import AuditEntry
from greenledger.web.finance.models import ProjectEvidence
from greenledger.web.finance.selectors.projects import current_checks
from greenledger.web.finance.services.evidence import (
    project_evidence_add,
    project_evidence_remove,
)
from greenledger.web.finance.services.settings import catalogue_setting_set
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.finance.conftest import FinanceWorld

pytestmark = pytest.mark.django_db

GREEN = "green_finance_2025"
SAVING = "categories.1.energy_saving.threshold"


@pytest.fixture
def private(tmp_path: Path) -> object:
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        yield tmp_path / "private"


def green_status(fw: FinanceWorld) -> tuple[str, list[str]]:
    check = next(c for c in current_checks(fw.project) if c.catalogue == GREEN)
    return check.status, check.result["criteria"][0]["evidence_missing"]


def add(fw: FinanceWorld, data: bytes = PDF_BYTES, name: str = "节能审计报告.pdf") -> object:
    return project_evidence_add(
        actor=fw.manager, project=fw.project, kind="energy_audit", title="节能审计报告",
        issued_by="上海某节能服务公司", issued_on=dt.date(2026, 3, 1),
        upload=io.BytesIO(data), filename=name,
    )  # fmt: skip


def test_an_energy_audit_makes_the_project_eligible(
    finance_world: FinanceWorld, private: Path, django_capture_on_commit_callbacks: object
) -> None:
    catalogue_setting_set(
        actor=finance_world.world.users["secretariat"], catalogue=GREEN, path=SAVING,
        value=100, source_note="筛选值：秘书处依据节能审计实践设定",
    )  # fmt: skip
    from greenledger.web.finance.services.eligibility import eligibility_run

    eligibility_run(actor=finance_world.manager, project=finance_world.project)
    assert green_status(finance_world) == ("needs_data", ["energy_audit"])
    evidence = add(finance_world)
    assert green_status(finance_world) == ("eligible", [])
    assert isinstance(evidence, ProjectEvidence)
    stored = Path(evidence.path)
    assert stored.is_file() and stored.is_relative_to(private)
    assert evidence.sha256 == hashlib.sha256(PDF_BYTES).hexdigest()
    assert (evidence.size, evidence.content_type) == (len(PDF_BYTES), "application/pdf")
    assert AuditEntry.objects.filter(action="finance.evidence.add").count() == 1
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        project_evidence_remove(actor=finance_world.manager, evidence=evidence)
    assert not stored.exists()
    assert green_status(finance_world) == ("needs_data", ["energy_audit"])
    assert AuditEntry.objects.filter(action="finance.evidence.remove").count() == 1


def test_a_text_file_is_refused_and_nothing_stays(
    finance_world: FinanceWorld, private: Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        add(finance_world, data=b"not a pdf", name="audit.txt")
    assert "audit.txt" in caught.value.message_dict["file"][0]
    assert not ProjectEvidence.objects.exists()
    assert not any(p.is_file() for p in private.rglob("*"))


def test_a_file_over_the_limit_is_refused(finance_world: FinanceWorld, private: Path) -> None:
    with override_settings(GREENLEDGER_MAX_EVIDENCE_BYTES=100), pytest.raises(ValidationError):
        add(finance_world)
    assert not ProjectEvidence.objects.exists()


def test_fields_are_required_and_dates_not_future(
    finance_world: FinanceWorld, private: Path
) -> None:
    with pytest.raises(ValidationError) as caught:
        project_evidence_add(
            actor=finance_world.manager, project=finance_world.project, kind="energy_audit",
            title=" ", issued_by="x", issued_on=dt.date(2026, 1, 1),
            upload=io.BytesIO(PDF_BYTES), filename="a.pdf",
        )  # fmt: skip
    assert list(caught.value.message_dict) == ["title"]
    with pytest.raises(ValidationError) as caught:
        project_evidence_add(
            actor=finance_world.manager, project=finance_world.project, kind="energy_audit",
            title="t", issued_by="x", issued_on=timezone.localdate() + dt.timedelta(days=1),
            upload=io.BytesIO(PDF_BYTES), filename="a.pdf",
        )  # fmt: skip
    assert list(caught.value.message_dict) == ["issued_on"]
    with pytest.raises(ValidationError) as caught:
        project_evidence_add(
            actor=finance_world.manager, project=finance_world.project, kind="meter_series",
            title="t", issued_by="x", issued_on=dt.date(2026, 1, 1),
            upload=io.BytesIO(PDF_BYTES), filename="a.pdf",
        )  # fmt: skip
    assert list(caught.value.message_dict) == ["kind"]


@pytest.mark.parametrize("persona", ["analyst", "secretariat", "enterprise_b"])
def test_only_the_manager_adds(finance_world: FinanceWorld, private: Path, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        project_evidence_add(
            actor=finance_world.world.users[persona], project=finance_world.project,
            kind="energy_audit", title="t", issued_by="x", issued_on=dt.date(2026, 1, 1),
            upload=io.BytesIO(PDF_BYTES), filename="a.pdf",
        )  # fmt: skip


def test_who_may_read_the_documents(finance_world: FinanceWorld) -> None:
    users, project = finance_world.world.users, finance_world.project
    readers = {p for p in users if permissions.can_view_project_evidence(users[p], project)}
    assert readers == {"enterprise_a", "enterprise_reporter_a", "secretariat", "district_admin",
                       "analyst"} & set(users)  # fmt: skip
    grant = finance_world.grant
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at"])
    type(project).objects.filter(pk=project.pk).update(listed=True, status="listed")
    assert permissions.can_view_project(users["analyst"], project)  # listed in the pool
    assert not permissions.can_view_project_evidence(users["analyst"], project)
