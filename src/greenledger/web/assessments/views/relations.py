"""Declared relations between organisations (parent, subsidiary, shareholder, consultant ...):
an evaluator from either organisation may not review the other's applications. Enterprise
managers declare their own organisation's relations; the secretariat declares any."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenledger.web.accounts import permissions
from greenledger.web.assessments import services
from greenledger.web.assessments.forms import RelationForm, apply_service_errors
from greenledger.web.assessments.views._common import act, login_needed, page, relation_or_404
from greenledger.web.members.models import Organisation


def declaring_organisations(user: Any) -> list[Organisation]:
    """The organisations whose relations the user declares: any for staff, their own for an
    enterprise manager, none for anybody else."""
    if permissions.is_registry_staff(user):
        return list(Organisation.objects.order_by("name_zh"))
    own = getattr(user, "organisation", None)
    if own is not None and permissions.can_declare_relations(user, own):
        return [own]
    return []


def _rows(user: Any) -> list[dict[str, Any]]:
    """The relations the user sees. An organisation the user may not see in the registry is
    named by its credit code only."""
    relations = permissions.visible_relations(user).select_related(
        "organisation", "related", "declared_by"
    )
    visible = set(
        permissions.visible_organisations(user)
        .filter(pk__in={r.organisation_id for r in relations} | {r.related_id for r in relations})
        .values_list("pk", flat=True)
    )
    return [
        {
            "relation": r,
            "organisation_visible": r.organisation_id in visible,
            "related_visible": r.related_id in visible,
            "can_remove": permissions.can_declare_relations(user, r.organisation),
        }
        for r in relations.order_by("organisation__name_zh", "related__name_zh")
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def relations(request: HttpRequest) -> HttpResponse:
    if (response := login_needed(request)) is not None:
        return response
    user = request.user
    organisations = declaring_organisations(user)
    if not organisations:
        raise PermissionDenied
    candidates = permissions.visible_organisations(user).order_by("name_zh")
    form = RelationForm(request.POST or None, organisations=organisations, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        organisation = next(
            o for o in organisations if o.pk == int(form.cleaned_data["organisation"])
        )
        try:
            services.relation_declare(
                actor=user,
                organisation=organisation,
                related=form.cleaned_data["related_organisation"],
                kind=form.cleaned_data["kind"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Relation declared."))
            return redirect(reverse("assessments:relations"))
    context = {
        "form": form,
        "rows": _rows(user),
        "staff": permissions.is_registry_staff(user),
        "own_organisation": None if permissions.is_registry_staff(user) else organisations[0],
    }
    return page(request, "assessments/relations.html", context)


@require_POST
def relation_delete(request: HttpRequest, relation_id: int) -> HttpResponse:
    relation = relation_or_404(request.user, relation_id)
    if not permissions.can_declare_relations(request.user, relation.organisation):
        raise PermissionDenied
    act(
        request,
        lambda: services.relation_remove(actor=request.user, relation=relation),
        _("Relation removed."),
    )
    return redirect(reverse("assessments:relations"))
