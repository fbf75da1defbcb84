"""A project's documents: energy audit reports and third-party assessments.

``/finance/projects/<id>/evidence/`` lists them (kind, title, issuer, date, file, size,
SHA-256, who uploaded it when) for whoever may read them (``permissions.
can_view_project_evidence``: the enterprise's users, the staff, analysts whose institution holds
a grant in force covering the project; 404 for anybody else, an analyst's read logged through
the grant); the enterprise's energy manager uploads and removes them (403 for other readers),
each change running the eligibility pre-check again. Files are downloaded as attachments from
the private store, never served publicly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.finance.models import EvidenceKind, Project, ProjectEvidence
from greenledger.web.finance.selectors import projects as selectors
from greenledger.web.finance.services.evidence import (
    project_evidence_add,
    project_evidence_remove,
)

__all__ = ["urlpatterns"]

NAV = "finance"


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EvidenceKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    issued_by = forms.CharField(label=gettext_lazy("Issued by"), max_length=200)
    issued_on = forms.DateField(
        label=gettext_lazy("Issued on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, PNG or JPEG."),
    )


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    return None


def evidence_project_or_404(
    request: HttpRequest, user: Any, pk: int, *, obj: Any = None
) -> Project:
    """The project whose documents ``user`` may read (404 otherwise, a refused attempt logged
    when a grant once covered it), the read logged. Pages and the API both use it."""
    project = selectors.visible_project(user, pk)
    if project is None or not permissions.can_view_project_evidence(user, project):
        refused_or_404(request, user=user, scope="projects", pk=pk)
    access_log_for(
        request,
        user=user,
        organisation=project.organisation_id,
        scope="projects",
        obj=obj if obj is not None else project,
    )
    return project


def evidence_or_404(request: HttpRequest, user: Any, evidence_id: int) -> ProjectEvidence:
    evidence = ProjectEvidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404
    evidence_project_or_404(request, user, evidence.project_id, obj=evidence)
    return evidence


def _page(
    request: HttpRequest, project: Project, form: EvidenceForm | None, *, status: int = 200
) -> HttpResponse:
    can_manage = permissions.can_manage_projects(request.user, project.organisation)
    context = {
        "nav": NAV,
        "english": (get_language() or "").startswith("en"),
        "project": project,
        "documents": list(project.evidence.select_related("uploaded_by")),
        "can_manage": can_manage,
        "form": (form or EvidenceForm()) if can_manage else None,
    }
    return render(request, "finance/evidence.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's documents; the manager uploads one (POST)."""
    if (response := _signed_in(request)) is not None:
        return response
    project = evidence_project_or_404(request, request.user, pk)
    if request.method != "POST":
        return _page(request, project, None)
    if not permissions.can_manage_projects(request.user, project.organisation):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            project_evidence_add(
                actor=request.user,
                project=project,
                kind=data["kind"],
                title=data["title"],
                issued_by=data["issued_by"],
                issued_on=data["issued_on"],
                upload=upload,
                filename=upload.name,
            )
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
        else:
            messages.success(request, _("The document is stored; the pre-check ran again."))
            return redirect("finance:evidence", pk=project.pk)
    return _page(request, project, form, status=422)


@require_safe
def evidence_download(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """The stored file, as an attachment with the content type found when it was uploaded."""
    if (response := _signed_in(request)) is not None:
        return response
    found = evidence_or_404(request, request.user, evidence_id)
    stored = Path(found.path)
    if not stored.is_file():
        raise Http404
    response = FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=found.filename,
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def evidence_delete(request: HttpRequest, evidence_id: int) -> HttpResponse:
    if (response := _signed_in(request)) is not None:
        return response
    found = evidence_or_404(request, request.user, evidence_id)
    project_id = found.project_id
    project_evidence_remove(actor=request.user, evidence=found)  # PermissionDenied for a reader
    messages.success(request, _("The document is removed; the pre-check ran again."))
    return redirect("finance:evidence", pk=project_id)


urlpatterns = [
    path("projects/<int:pk>/evidence/", evidence, name="evidence"),
    path("evidence/<int:evidence_id>/", evidence_download, name="evidence_download"),
    path("evidence/<int:evidence_id>/delete/", evidence_delete, name="evidence_delete"),
]
