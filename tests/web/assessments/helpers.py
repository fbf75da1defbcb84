"""Builders of the assessment tests: a verified inventory for company A, a call, an
application with its answers and evidence, evaluators, reviews and certificates.

Everything goes through the services, as a user would, so the audit ledger is exercised too.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone

from greenledger.web.accounts import services as account_services
from greenledger.web.accounts.models import Role, User
from greenledger.web.assessments import services
from greenledger.web.assessments.models import Application, Call, Review
from greenledger.web.reporting import services as reporting
from tests.web.conftest import PASSWORD, World

RULESET = "zero_carbon_factory_shanghai/t-seesa-009"
# What company A declares (the inventory supplies tco2e_per_wan_yuan, the renewable share and
# the residual emissions).
DECLARED = {
    "registered_in_shanghai": True,
    "no_major_incident_3y": True,
    "no_obsolete_equipment": True,
    "zero_carbon_plan": True,
    "third_party_inventory": True,
    "energy_management_system": True,
}
REQUIRED_EVIDENCE = (
    "boundary_and_registration",
    "no_major_incident",
    "zero_carbon_plan",
    "third_party_inventory",
    "offset_coverage",
    "management_system",
)
# A minimal but real PDF (magic, one empty page, end-of-file marker).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def cached(world: World, key: str, build: Any) -> Any:
    if key not in world.objects:
        world.objects[key] = build()
    return world.objects[key]


def verified_inventory(world: World, year: int = 2024) -> Any:
    """Company A's verified year: 1,200 MWh bought from the grid, 800 MWh of green power,
    10,000 (10^4 yuan) output value, all at 甲工厂."""

    def build() -> Any:
        manager = world.users["enterprise_a"]
        submission = reporting.submission_create_draft(
            actor=manager, organisation=world.company_a, year=year
        )
        common = {"site": "甲工厂", "period": f"{year}-01"}
        reporting.record_create(
            actor=manager, submission=submission, activity="purchased_electricity",
            quantity="1200", unit="MWh", **common,
        )  # fmt: skip
        reporting.record_create(
            actor=manager, submission=submission, activity="purchased_electricity",
            quantity="800", unit="MWh", instrument="green_power", **common,
        )  # fmt: skip
        reporting.record_create(
            actor=manager, submission=submission, activity="output_value",
            quantity="10000", unit="万元", **common,
        )  # fmt: skip
        reporting.submission_submit(actor=manager, submission=submission)
        reporting.submission_assign_evaluator(
            actor=world.users["secretariat"], submission=submission,
            evaluator=world.users["evaluator"],
        )  # fmt: skip
        return reporting.submission_verify(actor=world.users["evaluator"], submission=submission)

    return cached(world, f"verified_{year}", build)


def open_call(world: World, **overrides: Any) -> Call:
    def build() -> Call:
        values: dict[str, Any] = {
            "ruleset_id": RULESET,
            "title": "2026年度零碳工厂申报",
            "year": 2026,
            "deadline": timezone.localdate() + dt.timedelta(days=30),
            "issuing_body": "东江新区经济和科技委员会",
        }
        values.update(overrides)
        return services.call_open(actor=world.users["secretariat"], **values)

    return cached(world, "call", build)


def draft_application(world: World) -> Application:
    def build() -> Application:
        verified_inventory(world)
        return services.application_create(
            actor=world.users["enterprise_a"], call=open_call(world), site=world.site_a
        )

    return cached(world, "draft_application", build)


def pdf_upload() -> io.BytesIO:
    return io.BytesIO(PDF_BYTES)


def complete_application(world: World, offset_tco2e: float | None = None) -> Application:
    """The draft with every input answered and every required evidence file uploaded."""

    def build() -> Application:
        application = draft_application(world)
        inputs: dict[str, Any] = dict(DECLARED)
        inputs["offset_tco2e"] = (
            offset_tco2e
            if offset_tco2e is not None
            else application.inventory_inputs["ghg_tco2e"]  # fully offset
        )
        manager = world.users["enterprise_a"]
        services.application_set_inputs(actor=manager, application=application, inputs=inputs)
        for item in REQUIRED_EVIDENCE:
            services.evidence_add(
                actor=manager, application=application, item=item,
                upload=pdf_upload(), filename=f"{item}.pdf",
            )  # fmt: skip
        application.refresh_from_db()
        return application

    return cached(world, "complete_application", build)


def submitted_application(world: World) -> Application:
    def build() -> Application:
        return services.application_submit(
            actor=world.users["enterprise_a"], application=complete_application(world)
        )

    return cached(world, "submitted_application", build)


def evaluator(world: World, name: str, organisation: Any = None) -> User:
    """Another third-party evaluator (the persona ``evaluator`` is the first)."""

    def build() -> User:
        return account_services.user_create(
            actor=None, username=name, password=PASSWORD, role=Role.EVALUATOR,
            organisation=organisation,
        )  # fmt: skip

    return cached(world, f"user_{name}", build)


def reviews_assigned(world: World) -> tuple[Review, Review]:
    def build() -> tuple[Review, Review]:
        application = submitted_application(world)
        secretariat = world.users["secretariat"]
        first = services.review_assign(
            actor=secretariat, application=application, evaluator=world.users["evaluator"]
        )
        second = services.review_assign(
            actor=secretariat, application=application, evaluator=evaluator(world, "evaluator-2")
        )
        return first, second

    return cached(world, "reviews", build)


def judgements_from_prescore(application: Application, **points: float) -> dict[str, Any]:
    """Judgements that accept the pre-score, except the indicators given in ``points``."""
    result = application.prescore
    judged: dict[str, Any] = {
        r["id"]: {"passed": r["passed"], "comment": ""} for r in result["requirements"]
    }
    for indicator in result["indicators"]:
        judged[indicator["id"]] = {
            "points": points.get(indicator["id"], indicator["points"]),
            "comment": "",
        }
    return judged


def reviewed_application(world: World) -> Application:
    """Both evaluators accept the pre-score: the reviews agree."""

    def build() -> Application:
        first, second = reviews_assigned(world)
        application = first.application
        application.refresh_from_db()
        for review in (first, second):
            services.review_save(
                actor=review.evaluator, review=review,
                judgements=judgements_from_prescore(application), submit=True,
            )  # fmt: skip
        application.refresh_from_db()
        return application

    return cached(world, "reviewed_application", build)


def approved_application(world: World) -> Application:
    def build() -> Application:
        return services.application_decide(
            actor=world.users["district_admin"], application=reviewed_application(world),
            approve=True, reason="两位评审一致认定达到零碳标杆要求",
        )  # fmt: skip

    return cached(world, "approved_application", build)


def certificate(world: World) -> Any:
    return approved_application(world).certificate


# -- builders of the API matrix: evidence, relations, recognition --------------------------------


def draft_evidence(world: World) -> Any:
    """One evidence file on A's draft application."""

    def build() -> Any:
        return services.evidence_add(
            actor=world.users["enterprise_a"], application=draft_application(world),
            item=REQUIRED_EVIDENCE[0], upload=pdf_upload(), filename="registration.pdf",
        )  # fmt: skip

    return cached(world, "draft_evidence", build)


def relation(world: World) -> Any:
    """Company A declares company C (published) its consultant."""

    def build() -> Any:
        return services.relation_declare(
            actor=world.users["enterprise_a"], organisation=world.company_a,
            related=world.company_c, kind="consultant", note="节能诊断服务",
        )  # fmt: skip

    return cached(world, "relation", build)


def panel(world: World) -> list[User]:
    """Three evaluators of no organisation: the persona ``evaluator`` and two more."""
    return [
        world.users["evaluator"],
        evaluator(world, "evaluator-2"),
        evaluator(world, "evaluator-3"),
    ]


def unaudited_panel_ids(world: World) -> list[int]:
    """Ids of three evaluators for a request body. The matrix builds a body after counting the
    audit ledger, so the two extra evaluators are created without the service (which would
    audit the creation and look like a refused request that changed state)."""

    def build() -> list[int]:
        extra = [
            User.objects.create_user(username=f"panel-{n}", password=PASSWORD, role=Role.EVALUATOR)
            for n in (1, 2)
        ]
        return [world.users["evaluator"].pk, *(u.pk for u in extra)]

    return cached(world, "unaudited_panel_ids", build)


def recognition_call(world: World) -> Any:
    """An open call for zero-carbon demonstration units, the three-evaluator panel, two places,
    a third of the scores trimmed at each end (with three scores: the median)."""

    def build() -> Any:
        return services.recognition_call_open(
            actor=world.users["secretariat"], type="zero_carbon_demo_unit",
            title="2026年度零碳示范单位评选", year=2026,
            deadline=timezone.localdate() + dt.timedelta(days=30), places=2,
            issuing_body="东江新区绿色低碳产业联盟", panel=panel(world), trim=0.34,
        )  # fmt: skip

    return cached(world, "recognition_call", build)


def nomination(world: World) -> Any:
    """Company A's manager nominates A under the open recognition call."""

    def build() -> Any:
        return services.nomination_create(
            actor=world.users["enterprise_a"], call=recognition_call(world),
            organisation=world.company_a, site=world.site_a,
            statement="屋顶光伏与绿电交易覆盖全部用电",
        )  # fmt: skip

    return cached(world, "nomination", build)


def recognition_in_scoring(world: World) -> Any:
    def build() -> Any:
        nomination(world)
        return services.recognition_start_scoring(
            actor=world.users["secretariat"], call=recognition_call(world)
        )

    return cached(world, "recognition_in_scoring", build)


def recognition_scored(world: World) -> Any:
    """The call in scoring with every panel member's score on A's nomination."""

    def build() -> Any:
        call = recognition_in_scoring(world)
        for member, score in zip(panel(world), (80, 85, 90), strict=True):
            services.panel_score_record(actor=member, nomination=nomination(world), score=score)
        return call

    return cached(world, "recognition_scored", build)


# -- builders of the recognition pages ------------------------------------------------------------


def recognition_published(world: World) -> Any:
    """The scored call (A's nomination only) published by the secretariat: A is recognised."""

    def build() -> Any:
        return services.recognition_publish(
            actor=world.users["secretariat"], call=recognition_scored(world)
        )

    return cached(world, "recognition_published", build)


def unaudited_call(world: World) -> Call:
    """An open call for a request body, created without the service for the same reason as
    ``unaudited_panel_ids``."""

    def build() -> Call:
        return Call.objects.create(
            ruleset_id=RULESET, title="2026年度零碳工厂申报（矩阵）", year=2026,
            deadline=timezone.localdate() + dt.timedelta(days=30),
            designation_type="zero_carbon_factory", issuing_body="东江新区经济和科技委员会",
            created_at=timezone.now(),
        )  # fmt: skip

    return cached(world, "unaudited_call", build)
