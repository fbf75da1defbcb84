"""Financing project pages: the projects a user may see, a new project from measures of one of
the enterprise's plans, and a project's page with its figures, their provenance and its
eligibility per catalogue (category, each criterion with value, threshold, wording, source and
the evidence behind it; transition KPIs against the entry and advanced values).

Whoever may see a project (``permissions.visible_projects``) reads its page, an analyst's read
being logged through the enterprise's grant (``accounts.reads.access_log_for``); anybody else
gets 404. Writes (new project, eligibility pre-check) are the enterprise's energy manager's
(403 for another reader); a refused write shows the form again with the reasons at their fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.core.messages import Message
from greenledger.web.accounts import permissions
from greenledger.web.accounts.reads import access_log_for, refused_or_404
from greenledger.web.finance.models import Project, ProjectKind
from greenledger.web.finance.selectors import projects as selectors
from greenledger.web.finance.services.eligibility import eligibility_run
from greenledger.web.finance.services.projects import project_create, project_update
from greenledger.web.members.models import Organisation, Site
from greenledger.web.ui.core_messages import render as render_message

__all__ = ["urlpatterns"]

NAV = "finance"


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    return None


def _visible(request: HttpRequest, pk: int) -> Project:
    project = selectors.visible_project(request.user, pk)
    if project is None:
        refused_or_404(request, user=request.user, scope="projects", pk=pk)
    access_log_for(
        request,
        user=request.user,
        organisation=project.organisation_id,
        scope="projects",
        obj=project,
    )
    return project


def _own_organisation(request: HttpRequest) -> Organisation | None:
    org_id = getattr(request.user, "organisation_id", None)
    return Organisation.objects.filter(pk=org_id).first() if org_id else None


def _page(request: HttpRequest, template: str, *, status: int = 200, **context: Any) -> Any:
    context = {"nav": NAV, "english": (get_language() or "").startswith("en"), **context}
    return render(request, template, context, status=status)


@require_safe
def projects(request: HttpRequest) -> HttpResponse:
    """The projects the user may see; the enterprise's manager may start one."""
    if (response := _signed_in(request)) is not None:
        return response
    organisation = _own_organisation(request)
    return _page(
        request,
        "finance/projects.html",
        projects=list(selectors.visible_projects_for(request.user)[:200]),
        can_create=organisation is not None
        and permissions.can_manage_projects(request.user, organisation),
    )


class ProjectForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ProjectKind.choices)
    measure_ids = forms.MultipleChoiceField(
        label=gettext_lazy("Measures"), widget=forms.CheckboxSelectMultiple
    )
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"), queryset=Site.objects.none(), required=False
    )
    timeline = forms.CharField(
        label=gettext_lazy("Timeline"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One milestone a line: the year, then what happens."),
    )

    def __init__(self, *args: Any, plan: Any, organisation: Organisation, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["measure_ids"].choices = selectors.plan_measure_choices(plan)
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)
        for key, titles in selectors.catalogue_titles().items():
            self.fields[f"category__{key}"] = forms.CharField(
                label=titles["en"] if (get_language() or "").startswith("en") else titles["zh"],
                required=False,
                max_length=32,
                help_text=gettext_lazy("The category code claimed (blank: none)."),
            )

    kpis = forms.CharField(
        label=gettext_lazy("KPIs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "One a line: the metric, a colon, the value (e.g. carbon_intensity: 1.8)."
        ),
    )

    def clean_kpis(self) -> dict[str, str]:
        found = {}
        for number, line in enumerate(self.cleaned_data["kpis"].splitlines(), start=1):
            if not line.strip():
                continue
            metric, sep, value = line.partition(":")
            if not sep or not metric.strip():
                raise ValidationError(
                    _("Line %(n)s: the metric, a colon, then the value.") % {"n": number}
                )
            found[metric.strip()] = value.strip()
        return found

    def clean_timeline(self) -> list[dict[str, Any]]:
        items = []
        for number, line in enumerate(self.cleaned_data["timeline"].splitlines(), start=1):
            if not line.strip():
                continue
            year, _sep, milestone = line.strip().partition(" ")
            if not year.isdigit():
                raise ValidationError(
                    _("Line %(n)s: start with the year, then the milestone.") % {"n": number}
                )
            items.append({"year": int(year), "milestone": milestone.strip()})
        return items

    def categories(self) -> dict[str, str]:
        return {
            key.removeprefix("category__"): value
            for key, value in self.cleaned_data.items()
            if key.startswith("category__") and value
        }


@require_http_methods(["GET", "HEAD", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    """A new project of the user's enterprise from measures of one of its plans (``?plan=``,
    else the newest); the eligibility pre-check runs at once."""
    if (response := _signed_in(request)) is not None:
        return response
    organisation = _own_organisation(request)
    if organisation is None or not permissions.can_manage_projects(request.user, organisation):
        raise PermissionDenied
    plans = list(selectors.project_plans(request.user))
    chosen = request.POST.get("plan") or request.GET.get("plan")
    plan = next((p for p in plans if str(p.pk) == chosen), plans[0] if plans else None)
    if plan is None:
        return _page(request, "finance/project_new.html", form=None, plans=[], plan=None)
    form = ProjectForm(request.POST or None, plan=plan, organisation=organisation)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                project = project_create(
                    actor=request.user,
                    organisation=organisation,
                    plan=plan,
                    measure_ids=form.cleaned_data["measure_ids"],
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    site=form.cleaned_data["site"],
                    timeline=form.cleaned_data["timeline"],
                    categories=form.categories(),
                    kpis=form.cleaned_data["kpis"],
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                eligibility_run(actor=request.user, project=project)
                messages.success(request, _("The project is saved and pre-checked."))
                return redirect("finance:project", pk=project.pk)
    return _page(
        request, "finance/project_new.html", status=status, form=form, plans=plans, plan=plan
    )


def _errors_to_form(form: forms.Form, error: ValidationError) -> None:
    for field, reasons in error.message_dict.items():
        target = field if field in form.fields else None
        for reason in reasons:
            form.add_error(target, reason if target else f"{field}: {reason}")


def _initial(project: Project) -> dict[str, Any]:
    return {
        "name": project.name,
        "kind": project.kind,
        "measure_ids": project.measure_ids,
        "site": project.site_id,
        "timeline": "\n".join(f"{t['year']} {t['milestone']}" for t in project.timeline),
        "kpis": "\n".join(f"{k}: {v:g}" for k, v in project.kpis.items()),
        **{f"category__{k}": v for k, v in project.categories.items()},
    }


@require_http_methods(["GET", "HEAD", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the project (the manager); the eligibility pre-check runs again."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _visible(request, pk)
    if not permissions.can_manage_projects(request.user, found.organisation) or found.plan is None:
        raise PermissionDenied
    form = ProjectForm(
        request.POST or None,
        initial=_initial(found),
        plan=found.plan,
        organisation=found.organisation,
    )
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                project_update(
                    actor=request.user,
                    project=found,
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    site=form.cleaned_data["site"],
                    measure_ids=form.cleaned_data["measure_ids"],
                    timeline=form.cleaned_data["timeline"],
                    categories=form.categories(),
                    kpis=form.cleaned_data["kpis"],
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                eligibility_run(actor=request.user, project=found)
                messages.success(request, _("The project is saved and pre-checked."))
                return redirect("finance:project", pk=found.pk)
    return _page(request, "finance/project_edit.html", status=status, form=form, project=found)


def _explained(items: list[dict[str, Any]]) -> list[str]:
    return [render_message(Message.from_dict(item)) for item in items]


def _check_view(check: Any, titles: dict[str, dict[str, str]], english: bool) -> dict[str, Any]:
    result = check.result
    criteria = []
    for criterion in result.get("criteria", []):
        kpi = criterion.get("kpi")
        criteria.append(
            {
                **criterion,
                "explained": _explained(criterion.get("explanation", [])),
                "kpi_explained": _explained(kpi["explanation"]) if kpi else [],
            }
        )
    title = titles.get(check.catalogue, {})
    return {
        "check": check,
        "title": title.get("en" if english else "zh", check.catalogue),
        "kind": title.get("kind", ""),
        "category_name": result.get("category_name", ""),
        "criteria": criteria,
        "explained": _explained(result.get("explanation", [])),
        "verified_data": result.get("verified_data"),
    }


@require_safe
def project(request: HttpRequest, pk: int) -> HttpResponse:
    """A project's figures and provenance and its eligibility per catalogue."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _visible(request, pk)
    english = (get_language() or "").startswith("en")
    titles = selectors.catalogue_titles()
    return _page(
        request,
        "finance/project.html",
        project=found,
        checks=[_check_view(c, titles, english) for c in selectors.current_checks(found)],
        can_manage=permissions.can_manage_projects(request.user, found.organisation),
        can_see_evidence=permissions.can_view_project_evidence(request.user, found),
    )


@require_POST
def project_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Run the eligibility pre-check again (the manager)."""
    if (response := _signed_in(request)) is not None:
        return response
    found = _visible(request, pk)
    eligibility_run(actor=request.user, project=found)  # PermissionDenied for a reader
    messages.success(request, _("The eligibility pre-check ran against every catalogue."))
    return redirect("finance:project", pk=found.pk)


urlpatterns = [
    path("projects/", projects, name="projects"),
    path("projects/new/", project_new, name="project_new"),
    path("projects/<int:pk>/", project, name="project"),
    path("projects/<int:pk>/check/", project_check, name="project_check"),
    path("projects/<int:pk>/edit/", project_edit, name="project_edit"),
]
