"""Recognition of demonstration units: a call, nominations with supporting data from verified
inventories, panel scores, ranking by trimmed mean, and publication."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from greenledger.core.assessment.review import panel_statistics, rank
from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Role
from greenledger.web.assessments.models import (
    RECOGNITION_TYPES,
    Nomination,
    PanelScore,
    RecognitionCall,
    RecognitionStatus,
)
from greenledger.web.assessments.services._common import invalid, now, refuse, require, today
from greenledger.web.assessments.services.relations import conflict_of_interest
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import DesignationLevel, Organisation, Site
from greenledger.web.members.services import designation_create
from greenledger.web.reporting.selectors import newest_verified_inventory

SCORE_RANGE = (0.0, 100.0)  # the panel's scoring scale (the district's procedure)
SUPPORTING_FIGURES = (
    "energy_tce",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "tce_per_wan_yuan",
    "co2e_t_per_wan_yuan",
)
CALL_FIELDS = ["type", "title", "year", "deadline", "places", "trim", "issuing_body", "status"]


@transaction.atomic
def recognition_call_open(
    *,
    actor: Any,
    type: str,
    title: str,
    year: int,
    deadline: dt.date,
    places: int,
    issuing_body: str,
    panel: list[Any],
    trim: float = 0.2,
) -> RecognitionCall:
    require(permissions.can_run_assessments(actor), _("Only the secretariat runs recognition."))
    errors: dict[str, list[str]] = {}
    if type not in {t.value for t in RECOGNITION_TYPES}:
        errors["type"] = [_("Not a demonstration-unit recognition.")]
    if not title.strip():
        errors["title"] = [_("Give the call a title.")]
    if not 1 <= int(places) <= 1000:
        errors["places"] = [_("Recognise between 1 and 1000 units.")]
    if not 0 <= float(trim) < 0.5:
        errors["trim"] = [_("The trimmed share must lie between 0 and 0.5 (exclusive).")]
    if not issuing_body.strip():
        errors["issuing_body"] = [_("Name the body that issues the recognition.")]
    if len(panel) < 3:
        errors["panel"] = [_("A panel needs at least three reviewers.")]
    if any(member.role != Role.EVALUATOR for member in panel):
        errors["panel"] = [_("Panel members are third-party evaluators.")]
    if errors:
        raise ValidationError(errors)
    call = RecognitionCall.objects.create(
        type=type,
        title=title.strip(),
        year=year,
        deadline=deadline,
        places=places,
        trim=trim,
        issuing_body=issuing_body.strip(),
        created_by=actor,
        created_at=now(),
    )
    call.panel.set(panel)
    audit_append(
        actor=actor,
        action="recognition.open",
        obj=call,
        after={**snapshot(call, CALL_FIELDS), "panel": sorted(m.pk for m in panel)},
    )
    return call


def supporting_data(organisation: Organisation) -> dict[str, Any]:
    """The nominee's newest verified inventory figures and the designations it holds."""
    data: dict[str, Any] = {
        "designations": sorted(
            organisation.designations.filter(status="active").values_list("type", flat=True)
        )
    }
    inventory = newest_verified_inventory(organisation)
    if inventory is not None:
        totals = inventory.enterprise_totals
        data["inventory"] = {
            "year": inventory.version.submission.year,
            "version": inventory.version.number,
            "factor_set_version": inventory.factor_set_version,
            **{name: totals.get(name) for name in SUPPORTING_FIGURES},
        }
    return data


@transaction.atomic
def nomination_create(
    *,
    actor: Any,
    call: RecognitionCall,
    organisation: Organisation,
    statement: str,
    site: Site | None = None,
) -> Nomination:
    require(
        permissions.can_nominate(actor, organisation),
        _("The secretariat nominates; an enterprise's manager nominates their own."),
    )
    if call.status != RecognitionStatus.OPEN or today() > call.deadline:
        raise invalid("call", _("Nominations for this call are closed."))
    if site is not None and site.organisation_id != organisation.pk:
        raise invalid("site", _("The site belongs to another organisation."))
    if not statement.strip():
        raise invalid("statement", _("Say why the unit deserves recognition."))
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                call=call,
                organisation=organisation,
                site=site,
                statement=statement.strip(),
                supporting_data=supporting_data(organisation),
                nominated_by=actor,
                nominated_at=now(),
            )
    except IntegrityError:
        raise invalid("organisation", _("This organisation is already nominated.")) from None
    audit_append(
        actor=actor,
        action="nomination.create",
        obj=nomination,
        after=snapshot(nomination, ["call", "organisation", "site", "statement"]),
    )
    return nomination


@transaction.atomic
def recognition_start_scoring(*, actor: Any, call: RecognitionCall) -> RecognitionCall:
    require(permissions.can_run_assessments(actor), _("Only the secretariat runs recognition."))
    call = RecognitionCall.objects.select_for_update().get(pk=call.pk)
    if call.status != RecognitionStatus.OPEN:
        raise invalid("status", _("Scoring has already started."))
    if not call.nominations.exists():
        raise invalid("status", _("There are no nominations to score."))
    call.status = RecognitionStatus.SCORING
    call.save(update_fields=["status"])
    audit_append(
        actor=actor,
        action="recognition.start_scoring",
        obj=call,
        before={"status": RecognitionStatus.OPEN},
        after={"status": call.status},
    )
    return call


@transaction.atomic
def panel_score_record(
    *, actor: Any, nomination: Nomination, score: Any, comment: str = ""
) -> PanelScore:
    """A panel member scores a nomination (0-100); scoring again replaces their score."""
    call = RecognitionCall.objects.get(pk=nomination.call_id)  # its status as stored now
    require(permissions.can_score_panel(actor, call), _("Only the call's panel scores it."))
    if call.status != RecognitionStatus.SCORING:
        raise invalid("status", _("The panel scores only while the call is in scoring."))
    conflict = conflict_of_interest(actor, nomination.organisation)
    if conflict:
        refuse(_("Conflict of interest: %(reason)s") % {"reason": conflict})
    try:
        value = float(score)
    except (TypeError, ValueError):
        raise invalid("score", _("Enter the score as a number.")) from None
    low, high = SCORE_RANGE
    if not math.isfinite(value) or not low <= value <= high:
        raise invalid("score", _("The score must lie between 0 and 100."))
    existing = PanelScore.objects.filter(nomination=nomination, reviewer=actor).first()
    before = snapshot(existing, ["score", "comment"]) if existing else None
    panel_score, _created = PanelScore.objects.update_or_create(
        nomination=nomination,
        reviewer=actor,
        defaults={"score": value, "comment": comment.strip(), "scored_at": now()},
    )
    audit_append(
        actor=actor,
        action="panel_score.record",
        obj=panel_score,
        before=before,
        after=snapshot(panel_score, ["nomination", "score", "comment"]),
    )
    return panel_score


def expected_scorers(nomination: Nomination) -> set[int]:
    """Panel members without a conflict of interest with the nominee."""
    return {
        member.pk
        for member in nomination.call.panel.all()
        if conflict_of_interest(member, nomination.organisation) is None
    }


@transaction.atomic
def recognition_publish(*, actor: Any, call: RecognitionCall) -> RecognitionCall:
    """Rank the nominations by trimmed mean (then mean) of every non-conflicted panel member's
    score, recognise the first ``places`` (a tie at the last place is recognised whole), record
    their designations and publish the list."""
    require(permissions.can_run_assessments(actor), _("Only the secretariat runs recognition."))
    call = RecognitionCall.objects.select_for_update().get(pk=call.pk)
    if call.status != RecognitionStatus.SCORING:
        raise invalid("status", _("Only a call in scoring can be published."))
    nominations = list(call.nominations.select_related("organisation", "site"))
    missing = []
    statistics = {}
    for nomination in nominations:
        scores = dict(nomination.scores.values_list("reviewer_id", "score"))
        if not expected_scorers(nomination) <= set(scores) or not scores:
            missing.append(nomination.organisation.name_zh)
            continue
        statistics[str(nomination.pk)] = panel_statistics(list(scores.values()), call.trim)
    if missing:
        raise invalid(
            "scores",
            _("Panel scores are missing for: %(names)s") % {"names": ", ".join(missing)},
        )
    ranking = rank(statistics)
    last_rank = ranking[min(call.places, len(ranking)) - 1][0] if ranking else 0
    by_id = {str(n.pk): n for n in nominations}
    day = today()
    for position, key in ranking:
        nomination = by_id[key]
        stats = statistics[key]
        nomination.mean = stats.mean
        nomination.trimmed_mean = stats.trimmed_mean
        nomination.rank = position
        nomination.recognised = position <= last_rank
        if nomination.recognised:
            nomination.designation = designation_create(
                actor=actor,
                organisation=nomination.organisation,
                site=nomination.site,
                type=call.type,
                level=DesignationLevel.DISTRICT,
                batch=call.title[:60],
                year=call.year,
                issuing_body=call.issuing_body,
                valid_from=day,
            )
        nomination.save(update_fields=["mean", "trimmed_mean", "rank", "recognised", "designation"])
    call.status = RecognitionStatus.PUBLISHED
    call.published_at = now()
    call.save(update_fields=["status", "published_at"])
    audit_append(
        actor=actor,
        action="recognition.publish",
        obj=call,
        before={"status": RecognitionStatus.SCORING},
        after={
            "status": call.status,
            "ranking": [
                {
                    "nomination": int(key),
                    "rank": position,
                    "trimmed_mean": statistics[key].trimmed_mean,
                }
                for position, key in ranking
            ],
        },
    )
    return call
