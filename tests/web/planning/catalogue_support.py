"""Shared by the catalogue tests: a research institute with a researcher, and proposal records.

The matrix personas have no researcher, so the catalogue tests build their own here.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.utils import timezone

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role, User
from greenledger.web.members import services as member_services
from greenledger.web.members.models import Organisation, OrganisationKind
from greenledger.web.planning.models import TechnologyProposal
from tests.web.conftest import PASSWORD, organisation_values


def research_institute(number: int = 71, name: str = "东江低碳技术研究院") -> Organisation:
    return member_services.organisation_create(
        actor=None,
        **organisation_values(
            number, name_zh=name, name_en="Test Institute", kind=OrganisationKind.RESEARCH
        ),
    )


def researcher(institute: Organisation, username: str = "researcher-1") -> User:
    return account_services.user_create(
        actor=None,
        username=username,
        password=PASSWORD,
        role=Role.RESEARCHER,
        organisation=institute,
    )


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def token_headers(user: User) -> dict[str, str]:
    token = account_services.api_token_create(actor=user, name="tests").token
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def technology_record(**overrides: Any) -> dict[str, Any]:
    """A valid new technology: waste-heat recovery on kiln exhaust, the institute's own study."""
    record: dict[str, Any] = {
        "name_zh": "窑炉烟气余热梯级回收",
        "name_en": "Cascade waste-heat recovery from kiln exhaust",
        "source": {
            "issuer": "东江低碳技术研究院",
            "title": "窑炉余热梯级利用示范研究报告",
            "document": "DJ-LCT-2025-07",
            "edition": "2025",
        },
        "item": "Table 3",
        "confirmed": False,
        "note": "Measured on three kilns, 2024.",
        "industries": ["C30", "C31"],
        "end_use": "heat_recovery",
        "carrier": "natural_gas",
        "effect": "energy",
        "saving_rate": 0.12,
        "capacity_unit": "t/h flue gas",
        "capex_yuan_per_unit": 85000,
        "opex_change_yuan_per_unit": 1200,
        "lifetime_years": 15,
        "lead_time_years": 1,
        "max_penetration": 0.7,
        "requires": [],
    }
    record.update(overrides)
    return record


def case_record(**overrides: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "title": "某水泥厂变频改造",
        "enterprise": "东江建材有限公司",
        "year": 2024,
        "saving_rate": 0.21,
        "saving_tce": 640.0,
        "capex_yuan": 1_800_000.0,
    }
    record.update(overrides)
    return record


def published(
    institute: Organisation,
    user: User,
    technology_id: str,
    record: dict[str, Any],
    kind: str = "technology",
) -> TechnologyProposal:
    """A published proposal written straight into the table (for the selectors' tests)."""
    moment = timezone.now()
    return TechnologyProposal.objects.create(
        organisation=institute,
        kind=kind,
        technology_id=technology_id,
        record=record,
        status="published",
        created_by=user,
        created_at=moment,
        submitted_at=moment,
        reviewed_at=moment,
    )
