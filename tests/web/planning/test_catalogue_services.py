"""Proposals: a researcher drafts, edits and submits; the secretariat publishes or rejects."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from greenledger.web.accounts.models import Role
from greenledger.web.audit.models import AuditEntry
from greenledger.web.planning.models import TechnologyProposal
from greenledger.web.planning.selectors import catalogue as selectors
from greenledger.web.planning.services.catalogue import (
    proposal_create,
    proposal_publish,
    proposal_reject,
    proposal_submit,
    proposal_update,
)
from tests.web.conftest import World
from tests.web.planning.catalogue_support import (
    case_record,
    research_institute,
    researcher,
    technology_record,
)


@pytest.fixture
def lab(world: World) -> dict[str, Any]:
    institute = research_institute()
    other = research_institute(72, "西岭能源研究所")
    return {
        "institute": institute,
        "researcher": researcher(institute),
        "rival": researcher(other, "researcher-2"),
    }


def actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="planning.proposal").values_list(
            "action", flat=True
        )
    )


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_technology_goes_from_draft_to_the_catalogue(world: World, lab: dict[str, Any]) -> None:
    user = lab["researcher"]
    draft = proposal_create(
        actor=user, kind="technology", technology_id="kiln_heat_cascade", record=technology_record()
    )
    assert (draft.status, draft.organisation_id, draft.record["id"]) == (
        "draft",
        lab["institute"].pk,
        "kiln_heat_cascade",
    )
    draft = proposal_update(actor=user, proposal=draft, record=technology_record(saving_rate=0.15))
    submitted = proposal_submit(actor=user, proposal=draft)
    assert submitted.status == "submitted" and submitted.submitted_at is not None
    with pytest.raises(KeyError):
        selectors.technology("kiln_heat_cascade")  # not before the secretariat publishes it
    done = proposal_publish(actor=world.users["secretariat"], proposal=submitted, note="数据可信")
    assert (done.status, done.reviewed_by, done.review_note) == (
        "published",
        world.users["secretariat"],
        "数据可信",
    )
    assert selectors.technology("kiln_heat_cascade").saving_rate == pytest.approx(0.15)
    assert actions() == [
        "planning.proposal.create",
        "planning.proposal.update",
        "planning.proposal.submit",
        "planning.proposal.publish",
    ]
    entry = AuditEntry.objects.get(action="planning.proposal.publish")
    assert entry.before["status"] == "submitted" and entry.after["status"] == "published"


def test_a_case_result_is_rejected_with_a_note_then_reworked(
    world: World, lab: dict[str, Any]
) -> None:
    user = lab["researcher"]
    case = proposal_create(
        actor=user, kind="case", technology_id="vsd_pumps_fans", record=case_record()
    )
    proposal_submit(actor=user, proposal=case)
    with pytest.raises(ValidationError) as refused:
        proposal_reject(actor=world.users["secretariat"], proposal=case, note="  ")
    assert list(errors_of(refused)) == ["note"]
    rejected = proposal_reject(
        actor=world.users["secretariat"], proposal=case, note="请补充节能量的测量方法"
    )
    assert rejected.status == "rejected"
    assert selectors.cases_for("vsd_pumps_fans") == []
    reworked = proposal_update(actor=user, proposal=rejected, record=case_record(saving_tce=700))
    assert reworked.status == "draft" and reworked.record["saving_tce"] == 700
    proposal_submit(actor=user, proposal=reworked)
    proposal_publish(actor=world.users["district_admin"], proposal=reworked)
    assert [c.pk for c in selectors.cases_for("vsd_pumps_fans")] == [case.pk]
    assert actions().count("planning.proposal.reject") == 1


def test_a_bad_technology_record_names_each_field_in_the_users_language(
    lab: dict[str, Any],
) -> None:
    bad = technology_record(saving_rate=1.2, lifetime_years=-3, end_use="kitchen")
    bad["source"] = {"issuer": "东江低碳技术研究院", "title": "报告", "edition": "2025"}
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        proposal_create(
            actor=lab["researcher"], kind="technology", technology_id="kiln_x", record=bad
        )
    errors = errors_of(refused)
    assert set(errors) == {
        "record.saving_rate",
        "record.lifetime_years",
        "record.end_use",
        "record.source",
    }
    assert "1.2" in errors["record.saving_rate"][0]
    assert "document" in errors["record.source"][0]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as chinese:
        proposal_create(
            actor=lab["researcher"], kind="technology", technology_id="kiln_x", record=bad
        )
    assert errors_of(chinese)["record.saving_rate"] != errors["record.saving_rate"]
    assert TechnologyProposal.objects.count() == 0 and actions() == []


def test_ids_prerequisites_and_cases_are_checked_against_the_catalogue(
    lab: dict[str, Any],
) -> None:
    user = lab["researcher"]
    cases = [
        ("technology", "vsd_pumps_fans", technology_record(), "technology_id"),
        ("technology", "Kiln Heat", technology_record(), "technology_id"),
        ("technology", "kiln_y", technology_record(requires=["nothing_like_it"]), "record"),
        ("technology", "kiln_y", technology_record(colour="green"), "record.colour"),
        ("case", "no_such_technology", case_record(), "technology_id"),
        ("case", "vsd_pumps_fans", case_record(year=2099), "record.year"),
        ("case", "vsd_pumps_fans", case_record(saving_rate=3), "record.saving_rate"),
        ("case", "vsd_pumps_fans", case_record(title=""), "record.title"),
        ("case", "vsd_pumps_fans", case_record(capex_yuan="many"), "record.capex_yuan"),
        ("case", "vsd_pumps_fans", case_record(weather="sunny"), "record.weather"),
        ("pamphlet", "vsd_pumps_fans", case_record(), "kind"),
    ]
    for kind, tid, record, field in cases:
        with pytest.raises(ValidationError) as refused:
            proposal_create(actor=user, kind=kind, technology_id=tid, record=record)
        assert field in errors_of(refused), (kind, tid, errors_of(refused))


def test_a_publication_rechecks_the_id_another_publication_took(
    world: World, lab: dict[str, Any]
) -> None:
    first = proposal_create(
        actor=lab["researcher"],
        kind="technology",
        technology_id="kiln_z",
        record=technology_record(),
    )
    second = proposal_create(
        actor=lab["rival"],
        kind="technology",
        technology_id="kiln_z",
        record=technology_record(name_en="Another kiln idea"),
    )
    proposal_submit(actor=lab["researcher"], proposal=first)
    proposal_submit(actor=lab["rival"], proposal=second)
    proposal_publish(actor=world.users["secretariat"], proposal=first)
    with pytest.raises(ValidationError) as refused:
        proposal_publish(actor=world.users["secretariat"], proposal=second)
    assert list(errors_of(refused)) == ["technology_id"]
    second.refresh_from_db()
    assert second.status == "submitted"


def test_who_may_do_what(world: World, lab: dict[str, Any]) -> None:
    user, rival = lab["researcher"], lab["rival"]
    for persona in ("enterprise_a", "secretariat", "public", "analyst"):
        with pytest.raises(PermissionDenied):
            proposal_create(
                actor=world.users[persona],
                kind="case",
                technology_id="vsd_pumps_fans",
                record=case_record(),
            )
    draft = proposal_create(
        actor=user, kind="case", technology_id="vsd_pumps_fans", record=case_record()
    )
    with pytest.raises(PermissionDenied):
        proposal_update(actor=rival, proposal=draft, record=case_record())
    with pytest.raises(PermissionDenied):
        proposal_submit(actor=rival, proposal=draft)
    with pytest.raises(ValidationError) as not_submitted:
        proposal_publish(actor=world.users["secretariat"], proposal=draft)
    assert list(errors_of(not_submitted)) == ["status"]
    proposal_submit(actor=user, proposal=draft)
    with pytest.raises(PermissionDenied):
        proposal_update(actor=user, proposal=draft, record=case_record())  # under review
    for reviewer in (user, world.users["enterprise_a"], world.users["evaluator"]):
        with pytest.raises(PermissionDenied):
            proposal_publish(actor=reviewer, proposal=draft)
        with pytest.raises(PermissionDenied):
            proposal_reject(actor=reviewer, proposal=draft, note="不行")
    assert user.role == Role.RESEARCHER
    assert actions() == ["planning.proposal.create", "planning.proposal.submit"]
