"""The registry admin saves through the services: field errors on the form, audit entries."""

from __future__ import annotations

import pytest

from greenledger.web.audit.models import AuditEntry
from greenledger.web.members.models import Designation, Organisation
from tests.web.conftest import World, credit_code
from tests.web.members.test_designations import workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def organisation_form(**overrides: str) -> dict[str, str]:
    data = {
        "kind": "enterprise",
        "name_zh": "后台新企业有限公司",
        "name_en": "",
        "credit_code": credit_code(70),
        "industry_code": "C3825",
        "address": "",
        "district": "东江新区",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "membership-TOTAL_FORMS": "0",
        "membership-INITIAL_FORMS": "0",
        "membership-MIN_NUM_FORMS": "0",
        "membership-MAX_NUM_FORMS": "1",
    }
    data.update(overrides)
    return data


def test_the_secretariat_adds_an_organisation_and_the_ledger_records_it(world: World) -> None:
    client = world.client("secretariat")
    entries = AuditEntry.objects.count()
    response = client.post("/admin/members/organisation/add/", organisation_form())
    assert response.status_code == 302, response.content[:2000]
    created = Organisation.objects.get(name_zh="后台新企业有限公司")
    assert AuditEntry.objects.count() == entries + 1
    assert AuditEntry.objects.order_by("-sequence")[0].object_id == str(created.pk)


def test_a_bad_credit_code_is_shown_on_its_field_and_nothing_is_saved(world: World) -> None:
    client = world.client("secretariat")
    entries = AuditEntry.objects.count()
    response = client.post(
        "/admin/members/organisation/add/", organisation_form(credit_code="91350100M000100Y44")
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "credit_code" in form.errors
    assert not Organisation.objects.filter(name_zh="后台新企业有限公司").exists()
    assert AuditEntry.objects.count() == entries


def test_audit_entries_are_read_only_in_the_admin(world: World) -> None:
    client = world.client("district_admin")
    entry = AuditEntry.objects.first()
    assert entry is not None
    assert client.get("/admin/audit/auditentry/").status_code == 200
    assert client.get("/admin/audit/auditentry/add/").status_code == 403
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    change = client.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "forged"})
    assert change.status_code in (200, 403)
    entry.refresh_from_db()
    assert entry.action != "forged"


def test_an_audit_entry_shows_its_recorded_states_as_json(world: World) -> None:
    import html
    import json

    entry = AuditEntry.objects.exclude(after=None).first()
    assert entry is not None
    page = world.client("district_admin").get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    shown = json.dumps(entry.after, ensure_ascii=False, indent=1, sort_keys=True)
    assert f'<pre class="recorded">{html.escape(shown)}</pre>' in page.content.decode()
    assert entry.hash in page.content.decode()


def test_the_designation_import_page_imports_a_workbook(world: World) -> None:
    client = world.client("secretariat")
    file = workbook(
        [[world.company_a.credit_code, "green_factory", "national", 2019, "第四批",
          "工业和信息化部", "2019-12-01", "甲工厂"]]
    )  # fmt: skip
    file.name = "名单.xlsx"
    response = client.post("/admin/members/designation/import/", {"file": file})
    assert response.status_code == 302
    assert Designation.objects.filter(type="green_factory", organisation=world.company_a).exists()


def test_the_designation_import_page_lists_every_problem(world: World) -> None:
    client = world.client("secretariat")
    file = workbook([["91350100M000100Y43", "green_factory", "national", 2019, "", "", "x", ""]])
    file.name = "bad.xlsx"
    response = client.post(
        "/admin/members/designation/import/", {"file": file}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<td>2</td><td>credit_code</td><td>No registered organisation" in text
    assert "<td>2</td><td>issuing_body</td><td>This column is required.</td>" in text
