"""The demo district's assessments: a verified inventory for the demo enterprise, open calls,
and one published demonstration-unit recognition.

Called by ``members.demo.demo_load`` inside its transaction, after the accounts; idempotent
like it (what exists is left alone). Everything goes through the services, as users would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from greenledger.web.accounts.models import User
from greenledger.web.assessments import services
from greenledger.web.assessments.models import Call, RecognitionCall
from greenledger.web.members.models import DesignationType, Organisation, Site, SiteKind
from greenledger.web.reporting import services as reporting
from greenledger.web.reporting.models import Submission

INVENTORY_YEAR = 2025
CALLS = (
    ("zero_carbon_factory_shanghai/t-seesa-009", "2026年度东江新区零碳工厂申报"),
    ("green_factory/2025", "2026年度东江新区绿色工厂申报"),
)
# The demo enterprise's one product (a fictional figure of the demo, like the rest of its
# inventory): 200 t a month, 2,400 t in the year, so its emissions per tonne (the transition
# loan's KPI on /finance/portfolio/transition/) come from verified data; about 1.8 tCO2e/t,
# between the demo's fictional screening values for chemicals (entry 2.0, advanced 1.6).
PRODUCT = "对位芳纶聚合体"
PRODUCT_T_PER_MONTH = 200
RECOGNITION_TITLE = "2025年度东江新区绿色制造示范单位"
PANEL = ("evaluator", "evaluator2", "evaluator3", "evaluator4", "evaluator5")
# The five panel members' scores of the five nominees, in nomination order. With 20 % trimmed
# at each end the highest and lowest score of each nominee are left out:
#   trimmed means 86.0, 90.0, 86.0, 81.33, 81.0 (means 85.6, 87.0, 86.0, 82.4, 77.2)
#   ranking: 2nd nominee, 3rd (86.0, mean 86.0), 1st (86.0, mean 85.6), 4th, 5th
PANEL_SCORES = (
    (88, 91, 79, 84, 86),
    (93, 72, 90, 89, 91),
    (85, 86, 87, 84, 88),
    (70, 95, 74, 98, 75),
    (81, 83, 60, 82, 80),
)


def load(*, report: Any) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=_USERNAMES)}
    manager = users.get("manager")
    if manager is None or manager.organisation is None:
        return
    _verified_inventory(report, manager, users)
    for ruleset_id, title in CALLS:
        if not Call.objects.filter(title=title).exists():
            services.call_open(
                actor=users["secretariat"],
                ruleset_id=ruleset_id,
                title=title,
                year=INVENTORY_YEAR + 1,
                deadline=timezone.localdate() + dt.timedelta(days=90),
                issuing_body="东江新区经济和科技委员会",
            )
            report.count("assessment calls")
    _recognition(report, users)


_USERNAMES = ("manager", "secretariat", *PANEL)


def _verified_inventory(report: Any, manager: User, users: dict[str, User]) -> None:
    """The demo enterprise's verified year: monthly grid and green electricity, natural gas,
    output value and product output (one product) at its first factory."""
    organisation = manager.organisation
    if Submission.objects.filter(organisation=organisation, year=INVENTORY_YEAR).exists():
        return
    site = Site.objects.filter(organisation=organisation, kind=SiteKind.FACTORY).order_by("pk")
    factory = site.first()
    if factory is None:
        return
    submission = reporting.submission_create_draft(
        actor=manager, organisation=organisation, year=INVENTORY_YEAR
    )
    for month in range(1, 13):
        common = {"site": factory.name_zh, "period": f"{INVENTORY_YEAR}-{month:02d}"}
        rows = (
            ("purchased_electricity", 300 + 10 * (month % 4), "MWh", ""),
            ("purchased_electricity", 200, "MWh", "green_power"),
            ("natural_gas", 4, "万Nm3", ""),
            ("output_value", 3500, "万元", ""),
            ("product_output", PRODUCT_T_PER_MONTH, "t", ""),
        )
        for activity, quantity, unit, instrument in rows:
            product = {"product": PRODUCT} if activity == "product_output" else {}
            reporting.record_create(
                actor=manager,
                submission=submission,
                activity=activity,
                quantity=str(quantity),
                unit=unit,
                instrument=instrument,
                **product,
                **common,
            )
    reporting.submission_submit(actor=manager, submission=submission)
    reporting.submission_assign_evaluator(
        actor=users["secretariat"], submission=submission, evaluator=users["evaluator"]
    )
    reporting.submission_verify(actor=users["evaluator"], submission=submission)
    report.count("verified inventories")


def _recognition(report: Any, users: dict[str, User]) -> None:
    if RecognitionCall.objects.filter(title=RECOGNITION_TITLE).exists():
        return
    panel = [users[name] for name in PANEL if name in users]
    if len(panel) < len(PANEL):
        return
    secretariat = users["secretariat"]
    call = services.recognition_call_open(
        actor=secretariat,
        type=DesignationType.GREEN_MANUFACTURING_DEMO_UNIT,
        title=RECOGNITION_TITLE,
        year=INVENTORY_YEAR,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        places=3,
        trim=0.2,
        issuing_body="东江新区绿色低碳产业发展联盟",
        panel=panel,
    )
    nominees = (
        Organisation.objects.filter(
            designations__type=DesignationType.GREEN_FACTORY, designations__level="national"
        )
        .distinct()
        .order_by("pk")[1 : 1 + len(PANEL_SCORES)]
    )
    nominations = [
        services.nomination_create(
            actor=secretariat,
            call=call,
            organisation=organisation,
            statement="国家级绿色工厂，近三年单位产值能耗持续下降，光伏与绿电占比提升。",
        )
        for organisation in nominees
    ]
    services.recognition_start_scoring(actor=secretariat, call=call)
    for nomination, scores in zip(nominations, PANEL_SCORES, strict=False):
        for member, score in zip(panel, scores, strict=True):
            services.panel_score_record(actor=member, nomination=nomination, score=score)
    services.recognition_publish(actor=secretariat, call=call)
    report.count("recognitions published")
