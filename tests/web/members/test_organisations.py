"""Registering and changing organisations: every problem names its field; nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenledger.web.audit.models import AuditEntry
from greenledger.web.members import services
from greenledger.web.members.models import Organisation
from tests.web.conftest import World, credit_code, organisation_values

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_an_organisation_with_a_registered_credit_code_is_refused(world: World) -> None:
    values = organisation_values(50, credit_code=world.company_a.credit_code)
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=world.users["secretariat"], **values)
    assert "credit_code" in caught.value.message_dict
    assert "甲公司" in caught.value.message_dict["credit_code"][0]


def test_an_organisation_with_a_registered_name_is_refused(world: World) -> None:
    values = organisation_values(51, name_zh="甲公司")
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=world.users["secretariat"], **values)
    assert list(caught.value.message_dict) == ["name_zh"]


def test_a_credit_code_typed_in_lower_case_with_blanks_is_stored_normalised(db: None) -> None:
    code = credit_code(52)
    organisation = services.organisation_create(
        actor=None, **organisation_values(52, credit_code=" " + code.lower() + " ")
    )
    assert organisation.credit_code == code


def test_every_problem_is_reported_at_once_keyed_by_field(db: None) -> None:
    bad = organisation_values(
        53, credit_code="91350100M000100Y44", industry_code="C05", kind="bank", district=""
    )
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=None, **bad)
    errors = caught.value.message_dict
    assert set(errors) >= {"credit_code", "industry_code", "kind", "district"}
    assert "should be 3" in errors["credit_code"][0]
    assert Organisation.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_an_enterprise_manager_changes_contacts_but_not_the_credit_code(world: World) -> None:
    manager = world.users["enterprise_a"]
    services.organisation_update(
        actor=manager, organisation=world.company_a, contact_phone="021-5555-0101"
    )
    with pytest.raises(ValidationError) as caught:
        services.organisation_update(
            actor=manager, organisation=world.company_a, credit_code=credit_code(54)
        )
    assert "credit_code" in caught.value.message_dict


def test_an_enterprise_manager_cannot_change_another_company(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_update(
            actor=world.users["enterprise_a"], organisation=world.company_b, address="x"
        )


def test_only_registry_staff_publish_organisations(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.organisation_set_published(
            actor=world.users["enterprise_a"], organisation=world.company_a, published=True
        )
    services.organisation_set_published(
        actor=world.users["secretariat"], organisation=world.company_a, published=True
    )
    world.company_a.refresh_from_db()
    assert world.company_a.published


def test_a_membership_change_keeps_the_earlier_state_in_the_history(world: World) -> None:
    import datetime as dt

    services.membership_change(
        actor=world.users["secretariat"],
        membership=world.membership_a,
        effective_on=dt.date(2024, 1, 1),
        standing="council_member",
        note="elected to the council",
    )
    rows = list(world.membership_a.history.order_by("id").values_list("standing", "note"))
    assert rows == [("member", "joined"), ("council_member", "elected to the council")]
