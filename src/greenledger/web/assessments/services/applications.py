"""Applications: an enterprise applies for one of its sites, gets a pre-score from its verified
inventories, declares what the data cannot show, uploads evidence and submits."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from greenledger.core.assessment import load_ruleset
from greenledger.web.accounts import permissions
from greenledger.web.assessments.models import Application, ApplicationStatus, Call
from greenledger.web.assessments.ruleset_texts import ruleset_text
from greenledger.web.assessments.selectors import (
    evaluate,
    missing_evidence,
    prescore_data_inputs,
    ruleset_for,
)
from greenledger.web.assessments.services._common import invalid, now, require
from greenledger.web.assessments.services.calls import call_accepts_applications
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Site, SiteKind
from greenledger.web.ui.core_messages import render

# Which sites can apply under a rule set's subject.
SITE_KINDS_OF_SUBJECT = {
    "factory": {SiteKind.FACTORY},
    "park": {SiteKind.PARK},
    "data_centre": {SiteKind.DATA_CENTRE},
    "enterprise": set(SiteKind.values),
    "product": {SiteKind.FACTORY},
}
APPLICATION_FIELDS = ["call", "organisation", "site", "status", "inputs", "inventory_source"]


@transaction.atomic
def application_create(*, actor: Any, call: Call, site: Site) -> Application:
    require(
        permissions.can_apply_for(actor, site),
        _("Only the site's own enterprise applies for it."),
    )
    if not call_accepts_applications(call):
        raise invalid("call", _("The call is closed or its deadline has passed."))
    ruleset = load_ruleset(call.ruleset_id)
    if site.kind not in SITE_KINDS_OF_SUBJECT.get(ruleset.subject, set()):
        raise invalid(
            "site",
            _("A %(kind)s cannot apply under %(standard)s, which assesses a %(subject)s.")
            % {
                "kind": site.get_kind_display(),
                "standard": ruleset.title,
                "subject": ruleset.subject,
            },
        )
    inventory_inputs, source = prescore_data_inputs(site.organisation, site, call)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                organisation=site.organisation,
                site=site,
                inventory_inputs=inventory_inputs,
                inventory_source=source,
                created_by=actor,
                created_at=now(),
            )
    except IntegrityError:
        raise invalid("site", _("This site has already applied under this call.")) from None
    audit_append(
        actor=actor,
        action="application.create",
        obj=application,
        after=snapshot(application, APPLICATION_FIELDS),
    )
    return application


def _clean_inputs(ruleset: Any, raw: dict[str, Any]) -> dict[str, float | bool]:
    """The declared inputs as numbers and true/false; blank values are left out (the verified
    inventory or the default then applies)."""
    errors: dict[str, list[str]] = {}
    clean: dict[str, float | bool] = {}
    for name, value in raw.items():
        spec = ruleset.inputs.get(name)
        if spec is None:
            errors[name] = [_("Not an input of this standard.")]
            continue
        if value is None or value == "":
            continue
        if spec.kind == "bool":
            if isinstance(value, bool):
                clean[name] = value
            elif str(value).lower() in {"true", "yes", "1", "on", "是"}:
                clean[name] = True
            elif str(value).lower() in {"false", "no", "0", "off", "否"}:
                clean[name] = False
            else:
                errors[name] = [_("Answer yes or no.")]
            continue
        try:
            number = float(str(value).replace(",", ""))
        except ValueError:
            errors[name] = [_("Enter a number.")]
            continue
        if isinstance(value, bool) or not math.isfinite(number):
            errors[name] = [_("Enter a number.")]
        elif spec.minimum is not None and number < spec.minimum:
            errors[name] = [_("At least %(minimum)s.") % {"minimum": f"{spec.minimum:g}"}]
        elif spec.maximum is not None and number > spec.maximum:
            errors[name] = [_("At most %(maximum)s.") % {"maximum": f"{spec.maximum:g}"}]
        else:
            clean[name] = number
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def application_set_inputs(
    *, actor: Any, application: Application, inputs: dict[str, Any]
) -> Application:
    """Declare (or clear, with a blank value) inputs of a draft application."""
    require(
        permissions.can_prepare_application(actor, application),
        _("Only the applicant's users answer its items."),
    )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise invalid("status", _("Only a draft application can be changed."))
    ruleset = ruleset_for(application)
    clean = _clean_inputs(ruleset, inputs)
    before = snapshot(application, ["inputs"])
    merged = {k: v for k, v in application.inputs.items() if k not in inputs}
    merged.update(clean)
    application.inputs = merged
    application.save(update_fields=["inputs"])
    audit_append(
        actor=actor,
        action="application.inputs",
        obj=application,
        before=before,
        after=snapshot(application, ["inputs"]),
    )
    return application


@transaction.atomic
def application_submit(*, actor: Any, application: Application) -> Application:
    """Submit: every input answered, every required evidence file uploaded, the call still
    open. The pre-score is frozen with the verified inventory of the moment."""
    require(
        permissions.can_submit_application(actor, application),
        _("Only the enterprise's energy manager submits its applications."),
    )
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.DRAFT:
        raise invalid("status", _("The application has already been submitted."))
    if not call_accepts_applications(application.call):
        raise invalid("call", _("The call is closed or its deadline has passed."))
    inventory_inputs, source = prescore_data_inputs(
        application.organisation, application.site, application.call
    )
    application.inventory_inputs, application.inventory_source = inventory_inputs, source
    errors: dict[str, list[str]] = {}
    missing = missing_evidence(application)
    if missing:
        errors["evidence"] = [
            _("Evidence is required for %(item)s (%(title)s).") % {"item": m.id, "title": m.title}
            for m in missing
        ]
    result, problems = evaluate(application)
    if result is None:
        errors["inputs"] = [
            render(p.message, labels={"title": ruleset_text}).removeprefix("$.inputs.")
            for p in problems
        ]
    if errors:
        raise ValidationError(errors)
    assert result is not None
    before = snapshot(application, ["status"])
    application.status = ApplicationStatus.SUBMITTED
    application.prescore = result.as_dict()
    application.submitted_at = now()
    application.save(
        update_fields=["status", "prescore", "submitted_at", "inventory_inputs", "inventory_source"]
    )
    audit_append(
        actor=actor,
        action="application.submit",
        obj=application,
        before=before,
        after={
            "status": application.status,
            "prescore_points": result.total_points,
            "prescore_level": result.level,
            "inventory_source": source,
        },
    )
    return application
