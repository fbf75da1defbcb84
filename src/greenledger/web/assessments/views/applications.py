"""An application: its explained pre-score, the inputs it declares, its evidence files and its
submission. ``application_context`` builds the page's context; other sections of the page
(reviews, decision, certificate) add their keys to it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.assessments import services
from greenledger.web.assessments.forms import EvidenceForm, InputsForm, apply_service_errors
from greenledger.web.assessments.models import Application, ApplicationStatus
from greenledger.web.assessments.selectors import (
    declared_inputs,
    evaluate,
    evidence_items,
    missing_evidence,
    preview,
    ruleset_for,
)
from greenledger.web.assessments.services.calls import call_accepts_applications
from greenledger.web.assessments.views._common import (
    act,
    application_or_404,
    error_text,
    evidence_or_404,
    page,
    to_application,
)
from greenledger.web.assessments.views.reviews import review_context
from greenledger.web.ui.viewer_cache import cached_for_viewer

# The codes of the problems that only say an input is still missing (a partial pre-score).
MISSING_INPUT = frozenset({"application.missing", "application.missing_unit"})

TEMPLATE = "assessments/application.html"


def _input_rows(ruleset: Any, application: Application, form: InputsForm) -> list[dict[str, Any]]:
    """Every input: the field, the value in force and where it comes from, and what the
    verified inventory (or the rule set's default) would supply when the field is blank."""
    rows = []
    ecology = ecology_inputs(application)
    for row in declared_inputs(ruleset, application):
        spec = row["spec"]
        inventory = application.inventory_inputs.get(spec.inventory) if spec.inventory else None
        rows.append(
            {
                **row,
                "origin": "ecology"
                if row["origin"] == "inventory" and spec.inventory in ecology
                else row["origin"],
                "field": form[row["name"]],
                "inventory_value": inventory,
                "default": spec.default,
            }
        )
    return rows


def ecology_inputs(application: Application) -> set[str]:
    """The names of the inputs the ecology data supplied (``prescore_data_inputs``)."""
    ecology = (application.inventory_source or {}).get("ecology") or {}
    return set(ecology.get("inputs") or {})


def _result_rows(
    ruleset: Any, result: Any, origins: dict[str, str], ecology: set[str] | None = None
) -> dict[str, Any]:
    """The explained pre-score with each input's title, unit and origin beside its value."""

    def inputs(values: dict[str, Any], sources: dict[str, str] | None = None) -> list[Any]:
        rows = []
        for name, value in values.items():
            spec = ruleset.inputs.get(name)
            origin = (sources or {}).get(name) or origins.get(name, "")
            if origin == "inventory" and spec is not None and spec.inventory in (ecology or ()):
                origin = "ecology"
            rows.append(
                {
                    "name": name,
                    "title": spec.title if spec else name,
                    "unit": spec.unit if spec else "",
                    "value": value,
                    "origin": origin,
                }
            )
        return rows

    return {
        "result": result,
        "requirements": [{"r": r, "inputs": inputs(r.inputs)} for r in result.requirements],
        "indicators": [
            {"i": i, "inputs": inputs(i.inputs, i.input_sources)} for i in result.indicators
        ],
    }


def _evidence_rows(
    ruleset: Any, application: Application, errors: dict[str, list[str]]
) -> list[dict[str, Any]]:
    files: dict[str, list[Any]] = {}
    for evidence in application.evidence.all():
        files.setdefault(evidence.item, []).append(evidence)
    missing = {item.id for item in missing_evidence(application, ruleset)}
    return [
        {
            "item": item,
            "files": files.get(item.id, []),
            "missing": item.id in missing,
            "errors": errors.get(item.id, []),
        }
        for item in evidence_items(ruleset)
        if item.evidence != "none" or item.id in files or item.id in errors
    ]


def application_context(
    request: HttpRequest,
    application: Application,
    *,
    inputs_form: InputsForm | None = None,
    evidence_errors: dict[str, list[str]] | None = None,
    submit_errors: list[str] | None = None,
) -> dict[str, Any]:
    """Everything the application page shows. Sections added by other parts of the app extend
    the returned dict (the reviews section replaces ``reviews_section``)."""
    user = request.user
    ruleset = ruleset_for(application)
    draft = application.status == ApplicationStatus.DRAFT
    can_prepare = draft and permissions.can_prepare_application(user, application)
    result, problems = evaluate(application)
    if result is None and draft and all(p.message.code in MISSING_INPUT for p in problems):
        result = preview(application)  # only inputs are missing: score what can be scored
    form = inputs_form or InputsForm(ruleset=ruleset, declared=application.inputs)
    inputs = _input_rows(ruleset, application, form)
    origins = {row["name"]: row["origin"] for row in inputs}
    source = application.inventory_source or {}
    source_id = source.get("submission_id")
    return {
        "application": application,
        "call": application.call,
        "ruleset": ruleset,
        "draft": draft,
        "inventory_source": source,
        "source_visible": bool(source_id)
        and permissions.visible_submissions(user).filter(pk=source_id).exists(),
        "explained": _result_rows(ruleset, result, origins, ecology_inputs(application))
        if result is not None
        else None,
        "problems": problems,
        "inputs": inputs,
        "inputs_form": form,
        "can_prepare": can_prepare,
        "evidence_rows": _evidence_rows(ruleset, application, evidence_errors or {}),
        "evidence_other_errors": [
            message
            for item, found in (evidence_errors or {}).items()
            if item not in {i.id for i in evidence_items(ruleset)}
            for message in found
        ],
        "evidence_form": EvidenceForm(),
        "can_submit": draft
        and permissions.can_submit_application(user, application)
        and call_accepts_applications(application.call),
        "submit_errors": submit_errors or [],
        **review_context(request, application),
    }


def _render(request: HttpRequest, application: Application, **kwargs: Any) -> HttpResponse:
    return page(request, TEMPLATE, application_context(request, application, **kwargs))


def _require_preparer(request: HttpRequest, application: Application) -> None:
    if not permissions.can_prepare_application(request.user, application):
        raise PermissionDenied


@require_safe
@cached_for_viewer
def application_detail(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_or_404(request.user, application_id)
    return _render(request, application)


@require_POST
def application_inputs(request: HttpRequest, application_id: int) -> HttpResponse:
    """Declare inputs: the fields sent are set (blank: the inventory or the default applies);
    fields not sent are left as they are."""
    application = application_or_404(request.user, application_id)
    _require_preparer(request, application)
    ruleset = ruleset_for(application)
    form = InputsForm(request.POST, ruleset=ruleset, declared=application.inputs)
    if form.is_valid():
        sent = {name: form.cleaned_data[name] for name in ruleset.inputs if name in request.POST}
        try:
            services.application_set_inputs(
                actor=request.user, application=application, inputs=sent
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Inputs saved; the pre-score is recomputed."))
            return to_application(application.pk, "inputs")
    return _render(request, application, inputs_form=form)


@require_POST
def evidence_add(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_or_404(request.user, application_id)
    _require_preparer(request, application)
    form = EvidenceForm(request.POST, request.FILES)
    item = request.POST.get("item", "")
    if not form.is_valid():
        errors = [str(m) for messages_ in form.errors.values() for m in messages_]
        return _render(request, application, evidence_errors={item: errors})
    upload = form.cleaned_data["file"]
    try:
        services.evidence_add(
            actor=request.user,
            application=application,
            item=form.cleaned_data["item"],
            upload=upload,
            filename=upload.name or "",
        )
    except ValidationError as error:
        return _render(request, application, evidence_errors={item: [error_text(error)]})
    messages.success(request, _("%(name)s uploaded.") % {"name": Path(upload.name or "").name})
    return to_application(application.pk, "evidence")


@require_POST
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = evidence_or_404(request.user, evidence_id)
    application = evidence.application
    _require_preparer(request, application)
    act(
        request,
        lambda: services.evidence_remove(actor=request.user, evidence=evidence),
        _("%(name)s removed.") % {"name": evidence.filename},
    )
    return to_application(application.pk, "evidence")


@require_safe
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """The stored file, as an attachment with the content type found when it was uploaded."""
    evidence = evidence_or_404(request.user, evidence_id)
    path = Path(evidence.path)
    if not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=evidence.filename,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def application_submit(request: HttpRequest, application_id: int) -> HttpResponse:
    application = application_or_404(request.user, application_id)
    if not permissions.can_submit_application(request.user, application):
        raise PermissionDenied
    try:
        services.application_submit(actor=request.user, application=application)
    except ValidationError as error:
        application.refresh_from_db()
        return _render(request, application, submit_errors=[str(m) for m in error.messages])
    messages.success(
        request,
        _("Submitted. The pre-score is frozen; the secretariat assigns the evaluators."),
    )
    return to_application(application.pk)
