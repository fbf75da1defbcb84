"""Catalogue pages: the technology catalogue and one technology (everybody, signed in or not),
research institutions' proposals and the secretariat's review queue.

- ``planning:catalogue``: the list with filters (industry, end use, source catalogue,
  confirmed, text);
- ``planning:technology``: every figure with its source, the confirmed badge, who proposed it
  and the published case results;
- ``planning:proposals``: a researcher's institution's proposals, or the staff's review queue
  (submitted first) and every other proposal; 403 for anybody else, sign-in for visitors;
- ``planning:proposal_new``: a researcher's new technology (``?kind=technology``) or case
  result (``?kind=case``);
- ``planning:proposal``: one proposal; its institution edits and submits it, the staff publish
  or reject it (POST ``action`` = save, submit, publish or reject). Hidden proposals answer 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.core.planning.catalogue import Technology
from greenledger.web.accounts import permissions
from greenledger.web.planning.catalogue_forms import (
    CaseForm,
    CatalogueFilterForm,
    TechnologyForm,
    apply_errors,
    initial_from_record,
)
from greenledger.web.planning.models import ProposalKind, ProposalStatus, TechnologyProposal
from greenledger.web.planning.selectors import catalogue as selectors
from greenledger.web.planning.services import catalogue as services

NAV = "planning"

__all__ = ["urlpatterns"]


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"nav": NAV, **context})


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    every = selectors.catalogue()
    form = CatalogueFilterForm(request.GET or None, catalogue=every)
    if not form.is_bound:
        found = list(every)
    elif form.is_valid():
        found = selectors.filter_technologies(every, **form.filters())
    else:
        found = []  # the form names the refused filter
    return _page(
        request,
        "planning/catalogue.html",
        {
            "form": form,
            "rows": [{"t": t, "saving": _saving(t)} for t in found],
            "total": len(every),
            "can_propose": permissions.can_propose_technology(request.user),
        },
    )


@require_safe
def technology(request: HttpRequest, tid: str) -> HttpResponse:
    try:
        found = selectors.technology(tid)
    except KeyError:
        raise Http404 from None
    every = selectors.catalogue()
    prerequisites = []
    for needed in found.requires:
        try:
            prerequisites.append(every.get(needed))
        except KeyError:
            continue
    return _page(
        request,
        "planning/technology.html",
        {
            "technology": found,
            "prerequisites": prerequisites,
            "origin": selectors.proposal_of(tid),
            "cases": selectors.cases_for(tid),
            "can_propose": permissions.can_propose_technology(request.user),
        },
    )


def _titled(proposals: list[TechnologyProposal]) -> list[TechnologyProposal]:
    """Each proposal with ``display_title``: its technology's Chinese name or its case title."""
    for proposal in proposals:
        record = proposal.record if isinstance(proposal.record, dict) else {}
        title = record.get("name_zh") or record.get("title") or proposal.technology_id
        proposal.display_title = str(title)  # type: ignore[attr-defined]
    return proposals


def _saving(technology: Technology) -> str:
    """The saving as the list shows it: a rate in per cent, or tce a year per unit."""
    if technology.saving_rate is not None:
        return f"{technology.saving_rate * 100:.4g} %"
    return f"{technology.absolute_saving_tce_per_unit:.4g} tce/{technology.capacity_unit}"


def _proposal_people(request: HttpRequest) -> HttpResponse | None:
    user = request.user
    if permissions.can_propose_technology(user) or permissions.can_review_proposals(user):
        return None
    if not user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


@require_safe
def proposals(request: HttpRequest) -> HttpResponse:
    if (response := _proposal_people(request)) is not None:
        return response
    visible = permissions.visible_proposals(request.user).select_related("organisation")
    queue = _titled(
        list(visible.filter(status=ProposalStatus.SUBMITTED).order_by("submitted_at", "id"))
    )
    others = _titled(
        list(visible.exclude(status=ProposalStatus.SUBMITTED).order_by("-created_at", "-id")[:200])
    )
    return _page(
        request,
        "planning/proposals.html",
        {
            "queue": queue,
            "others": others,
            "can_propose": permissions.can_propose_technology(request.user),
            "can_review": permissions.can_review_proposals(request.user),
        },
    )


def _form(
    kind: str, data: Any = None, *, initial: dict[str, Any] | None = None, editing: bool = False
) -> TechnologyForm | CaseForm:
    form_class = TechnologyForm if kind == ProposalKind.TECHNOLOGY else CaseForm
    return form_class(data, catalogue=selectors.catalogue(), initial=initial, editing=editing)


@require_http_methods(["GET", "HEAD", "POST"])
def proposal_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_propose_technology(request.user):
        if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    kind = request.GET.get("kind") or request.POST.get("kind") or ProposalKind.TECHNOLOGY
    if kind not in ProposalKind.values:
        kind = ProposalKind.TECHNOLOGY
    initial = {"technology_id": request.GET.get("technology", "")}
    form = _form(kind, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.proposal_create(
                actor=request.user,
                kind=kind,
                technology_id=form.cleaned_data["technology_id"],
                record=form.record(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The proposal is saved as a draft. Submit it for review."))
            return redirect(reverse("planning:proposal", args=[created.pk]))
    return _page(request, "planning/proposal_new.html", {"form": form, "kind": kind})


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _act(request: HttpRequest, proposal: TechnologyProposal, form: Any) -> HttpResponse | None:
    """Run the POSTed action; None when the page is to be shown again with errors."""
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    user = request.user
    try:
        if action == "save":
            if not permissions.can_edit_proposal(user, proposal):
                raise PermissionDenied
            if not form.is_valid():
                return None
            services.proposal_update(actor=user, proposal=proposal, record=form.record())
            messages.success(request, _("The proposal is saved."))
        elif action == "submit":
            services.proposal_submit(actor=user, proposal=proposal)
            messages.success(request, _("The proposal is submitted for review."))
        elif action == "publish":
            services.proposal_publish(actor=user, proposal=proposal, note=note)
            messages.success(request, _("The proposal is published."))
        elif action == "reject":
            services.proposal_reject(actor=user, proposal=proposal, note=note)
            messages.success(request, _("The proposal is rejected; its institution may rework it."))
        else:
            raise PermissionDenied
    except ValidationError as error:
        if action == "save":
            apply_errors(form, error)
        else:
            for text in error.messages:
                messages.error(request, text)
            return redirect(reverse("planning:proposal", args=[proposal.pk]))
        return None
    return redirect(reverse("planning:proposal", args=[proposal.pk]))


@require_http_methods(["GET", "HEAD", "POST"])
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    found = (
        permissions.visible_proposals(request.user)
        .select_related("organisation", "created_by", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    _titled([found])
    editable = permissions.can_edit_proposal(request.user, found)
    initial = initial_from_record(found.kind, found.technology_id, found.record)
    form = _form(
        found.kind,
        request.POST if request.POST.get("action") == "save" else None,
        initial=initial,
        editing=True,
    )
    if request.method == "POST" and (response := _act(request, found, form)) is not None:
        return response
    record_rows = [
        (key, _shown(value)) for key, value in found.record.items() if key not in ("id", "source")
    ]
    source = found.record.get("source")
    if isinstance(source, dict):
        source = " · ".join(
            str(source.get(part, "")) for part in ("title", "issuer", "document", "edition")
        )
    return _page(
        request,
        "planning/proposal.html",
        {
            "proposal": found,
            "record_rows": record_rows,
            "source": source,
            "form": form if editable else None,
            "can_review": permissions.can_review_proposals(request.user)
            and found.status == ProposalStatus.SUBMITTED,
            "can_submit": editable and found.status == ProposalStatus.DRAFT,
        },
    )


urlpatterns = [
    path("catalogue/", catalogue, name="catalogue"),
    path("catalogue/<str:tid>/", technology, name="technology"),
    path("proposals/", proposals, name="proposals"),
    path("proposals/new/", proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", proposal, name="proposal"),
]
