"""The object-level rules: who sees which organisations, and when access ends."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from greenledger.web.accounts import permissions, services
from greenledger.web.accounts.models import Assignment, DataSharing
from tests.web.conftest import PERSONAS, World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

#                 sees: A      B      C (published)  bank (published)
VISIBLE = {
    "enterprise_a": {"A", "C", "bank"},
    "enterprise_b": {"B", "C", "bank"},
    "evaluator": {"A", "C", "bank"},
    "secretariat": {"A", "B", "C", "bank"},
    "district_admin": {"A", "B", "C", "bank"},
    "analyst": {"A", "C", "bank"},
    "public": {"C", "bank"},
    "anonymous": {"C", "bank"},
}


def names(world: World) -> dict[int, str]:
    return {
        world.company_a.pk: "A",
        world.company_b.pk: "B",
        world.company_c.pk: "C",
        world.bank.pk: "bank",
    }


def user_of(world: World, persona: str) -> object:
    return AnonymousUser() if persona == "anonymous" else world.users[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_sees_exactly_its_organisations(world: World, persona: str) -> None:
    visible = permissions.visible_organisations(user_of(world, persona))
    assert {names(world)[o.pk] for o in visible} == VISIBLE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_lists_show_the_same_organisations_sites_and_designations(
    world: World, persona: str
) -> None:
    headers = world.api_headers(persona)
    client = Client()
    organisations = client.get("/api/organisations?limit=500", **headers).json()["items"]
    assert {names(world)[o["id"]] for o in organisations} == VISIBLE[persona]
    allowed_ids = {pk for pk, name in names(world).items() if name in VISIBLE[persona]}
    sites = client.get("/api/sites?limit=500", **headers).json()["items"]
    assert {s["organisation_id"] for s in sites} <= allowed_ids
    designations = client.get("/api/designations?limit=500", **headers).json()["items"]
    assert {d["organisation_id"] for d in designations} <= allowed_ids
    if "A" not in VISIBLE[persona]:
        assert world.site_a.pk not in {s["id"] for s in sites}
        assert world.designation_a.pk not in {d["id"] for d in designations}


def test_an_evaluator_loses_access_when_the_assignment_ends(world: World) -> None:
    evaluator = world.users["evaluator"]
    assignment = Assignment.objects.get(evaluator=evaluator, organisation=world.company_a)
    services.assignment_end(actor=world.users["secretariat"], assignment=assignment)
    assert not permissions.can_view_organisation(evaluator, world.company_a)


def test_an_analyst_loses_access_when_the_enterprise_revokes_its_grant(world: World) -> None:
    analyst = world.users["analyst"]
    grant = DataSharing.objects.get(organisation=world.company_a)
    services.data_sharing_revoke(actor=world.users["enterprise_a"], grant=grant)
    assert not permissions.can_view_organisation(analyst, world.company_a)


def test_an_enterprise_cannot_share_another_enterprises_data(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.data_sharing_grant(
            actor=world.users["enterprise_b"], organisation=world.company_a, institution=world.bank
        )


def test_a_hidden_object_is_logged_when_asked_for(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="greenledger.security"):
        response = Client().get(
            f"/api/organisations/{world.company_a.pk}", **world.api_headers("enterprise_b")
        )
    assert response.status_code == 404
    assert any(
        "organisation" in r.getMessage() and "enterprise-b" in r.getMessage()
        for r in caplog.records
    )


def test_the_secretariat_cannot_make_a_district_administrator(world: World) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.user_create(
            actor=world.users["secretariat"],
            username="sneaky",
            password="a-long-enough-password-9",
            role="district_admin",
        )
    with pytest.raises(PermissionDenied):
        services.user_change_role(
            actor=world.users["secretariat"],
            user=world.users["public"],
            role="district_admin",
            organisation=None,
        )
    promoted = services.user_change_role(
        actor=world.users["district_admin"],
        user=world.users["public"],
        role="district_admin",
        organisation=None,
    )
    assert promoted.is_superuser and promoted.is_staff


def test_the_secretariat_cannot_deactivate_or_reset_a_district_administrator(
    world: World,
) -> None:
    from django.core.exceptions import PermissionDenied

    admin = world.users["district_admin"]
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=world.users["secretariat"], user=admin)
    with pytest.raises(PermissionDenied):
        services.user_set_password(
            actor=world.users["secretariat"], user=admin, password="another-long-password-7"
        )
    services.user_set_password(actor=admin, user=admin, password="another-long-password-7")
    with pytest.raises(PermissionDenied):
        services.user_update_profile(
            actor=world.users["enterprise_a"],
            user=world.users["enterprise_b"],
            email="b@example.org",
            first_name="",
            last_name="",
        )
