"""Recognition of demonstration units: the public lists, opening a call, the call's page
(nominations, panel scoring, publication) and its steps.

Thin: parse the request, call a service or read the tables through the access rules, render.
Hidden calls and nominations answer 404; visible ones the viewer may not act on answer 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.assessments import services
from greenledger.web.assessments.models import (
    Nomination,
    PanelScore,
    RecognitionCall,
    RecognitionStatus,
)
from greenledger.web.assessments.recognition_forms import (
    NominationForm,
    RecognitionCallForm,
    ScoreForm,
    person,
)
from greenledger.web.assessments.services._common import today
from greenledger.web.assessments.services.recognition import expected_scorers
from greenledger.web.assessments.services.relations import conflict_of_interest
from greenledger.web.reporting.forms import apply_service_errors
from greenledger.web.reporting.views._common import act
from greenledger.web.ui.assets import plotly_version
from greenledger.web.ui.templatetags.ui_extras import local_name
from greenledger.web.ui.viewer_cache import cached_for_viewer

NAV = "recognition"
CALL_FIELDS = ("type", "title", "year", "deadline", "places", "trim", "issuing_body")


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, template, {"nav": NAV, **context}, status=status)


def _to_call(call_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("recognition_call", args=[call_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _call_or_404(user: Any, call_id: int) -> RecognitionCall:
    return get_object_or_404(permissions.visible_recognition_calls(user), pk=call_id)


def _own_organisation(user: Any) -> Any:
    """The organisation an enterprise user may nominate (their own, managers only), or None."""
    if not permissions.is_enterprise_user(user) or user.organisation_id is None:
        return None
    organisation = user.organisation
    return organisation if permissions.can_nominate(user, organisation) else None


def _sees_all_nominations(user: Any, call: RecognitionCall) -> bool:
    """Staff always; the panel once scoring starts (the full ranking too)."""
    if permissions.can_run_assessments(user):
        return True
    scoring_or_after = call.status in (RecognitionStatus.SCORING, RecognitionStatus.PUBLISHED)
    return scoring_or_after and permissions.can_score_panel(user, call)


def _nominations_for(user: Any, call: RecognitionCall) -> Any:
    """The call's nominations the viewer may see: all of them for staff and (from scoring on)
    the panel; the published list (the recognised units) for everybody; an enterprise's users
    also see their own nomination."""
    queryset = call.nominations.select_related("organisation", "site").order_by("rank", "id")
    if _sees_all_nominations(user, call):
        return queryset
    visible = Q(pk__in=[])
    if call.status == RecognitionStatus.PUBLISHED:
        visible |= Q(recognised=True)
    if permissions.is_enterprise_user(user) and user.organisation_id is not None:
        visible |= Q(organisation_id=user.organisation_id)
    return queryset.filter(visible)


def _nomination_or_404(user: Any, nomination_id: int) -> Nomination:
    nomination = get_object_or_404(
        Nomination.objects.select_related("call", "organisation", "site"), pk=nomination_id
    )
    call = nomination.call
    if not permissions.visible_recognition_calls(user).filter(pk=call.pk).exists():
        raise Http404
    if not _nominations_for(user, call).filter(pk=nomination.pk).exists():
        raise Http404
    return nomination


def _nominations_open(call: RecognitionCall) -> bool:
    # The same test as the service's (nomination_create).
    return call.status == RecognitionStatus.OPEN and today() <= call.deadline


# ------------------------------------------------------------------------------------ the list


@require_safe
@cached_for_viewer
def recognition_list(request: HttpRequest) -> HttpResponse:
    """Published recognition lists (public); staff also see the calls in progress, managers
    the open calls they can nominate their organisation for, panel members the calls they
    score."""
    user = request.user
    recognised = Prefetch(
        "nominations",
        queryset=Nomination.objects.filter(recognised=True)
        .select_related("organisation", "site")
        .order_by("rank", "id"),
        to_attr="recognised_units",
    )
    published = (
        permissions.visible_recognition_calls(user)
        .filter(status=RecognitionStatus.PUBLISHED)
        .prefetch_related(recognised)
        .order_by("-year", "-published_at", "-id")
    )
    staff = permissions.can_run_assessments(user)
    in_progress = (
        RecognitionCall.objects.exclude(status=RecognitionStatus.PUBLISHED)
        .annotate(nomination_count=Count("nominations"))
        .order_by("-year", "-id")
        if staff
        else []
    )
    own = _own_organisation(user)
    nominate: list[dict[str, Any]] = []
    if own is not None:
        day = today()
        calls = RecognitionCall.objects.filter(
            status=RecognitionStatus.OPEN, deadline__gte=day
        ).order_by("deadline", "id")
        nominated = set(
            Nomination.objects.filter(organisation=own, call__in=calls).values_list(
                "call_id", flat=True
            )
        )
        nominate = [{"call": c, "nominated": c.pk in nominated} for c in calls]
    panel_calls = (
        user.recognition_panels.exclude(status=RecognitionStatus.PUBLISHED).order_by("-year", "-id")
        if user.is_authenticated and permissions.role_of(user) is not None
        else []
    )
    context = {
        "published": published,
        "in_progress": in_progress,
        "is_staff": staff,
        "own_organisation": own,
        "nominate": nominate,
        "panel_calls": panel_calls,
    }
    return _render(request, "assessments/recognition_list.html", context)


# ------------------------------------------------------------------------------- a new call


@require_http_methods(["GET", "HEAD", "POST"])
def recognition_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_authenticated:
        if request.method == "POST":
            raise PermissionDenied  # a form posted without a session is not replayed
        return redirect_to_login(request.get_full_path())
    if not permissions.can_run_assessments(user):
        raise PermissionDenied
    form = RecognitionCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            call = services.recognition_call_open(
                actor=user, panel=list(data["panel"]), **{name: data[name] for name in CALL_FIELDS}
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The recognition call is open for nominations."))
            return _to_call(call.pk)
    return _render(request, "assessments/recognition_new.html", {"form": form})


# ------------------------------------------------------------------------------- a call's page


def _supporting(nomination: Nomination) -> dict[str, Any]:
    data = nomination.supporting_data or {}
    return {"inventory": data.get("inventory"), "designations": data.get("designations", [])}


def _call_context(
    request: HttpRequest, call: RecognitionCall, nomination_form: NominationForm | None = None
) -> dict[str, Any]:
    user = request.user
    staff = permissions.can_run_assessments(user)
    on_panel = permissions.can_score_panel(user, call)
    status = call.status
    nominations = list(_nominations_for(user, call))
    panel = list(call.panel.order_by("last_name", "first_name", "username"))
    scores: dict[int, dict[int, PanelScore]] = {}
    for score in PanelScore.objects.filter(nomination__call=call):
        scores.setdefault(score.nomination_id, {})[score.reviewer_id] = score

    rows = []
    for nomination in nominations:
        given = scores.get(nomination.pk, {})
        row: dict[str, Any] = {"nomination": nomination, "supporting": _supporting(nomination)}
        if status == RecognitionStatus.SCORING and (staff or on_panel):
            expected = expected_scorers(nomination)
            row["scores_in"] = len(expected & set(given))
            row["scores_expected"] = len(expected)
            if staff:
                row["missing"] = [person(m) for m in panel if m.pk in expected - set(given)]
        if status == RecognitionStatus.SCORING and on_panel:
            conflict = conflict_of_interest(user, nomination.organisation)
            row["conflict"] = conflict
            if conflict is None:
                own = given.get(user.pk)
                initial = {"score": f"{own.score:g}", "comment": own.comment} if own else None
                row["score_form"] = ScoreForm(initial=initial, auto_id=f"id_n{nomination.pk}_%s")
                row["own_score"] = own
        if status == RecognitionStatus.PUBLISHED and staff:
            row["reviewer_scores"] = [given.get(m.pk) for m in panel]
        rows.append(row)

    own = _own_organisation(user)
    can_nominate = _nominations_open(call) and (staff or own is not None)
    if can_nominate and not staff and any(n.organisation_id == own.pk for n in nominations):
        can_nominate = False  # already nominated
    if can_nominate and nomination_form is None:
        nomination_form = NominationForm(organisation=None if staff else own)
    return {
        "call": call,
        "rows": rows,
        "nomination_count": call.nominations.count(),
        "is_staff": staff,
        "on_panel": on_panel,
        "panel": panel,
        "nominations_open": _nominations_open(call),
        # A refused nomination shows its form with the reasons, even once nominations closed.
        "nomination_form": nomination_form
        if can_nominate or (nomination_form is not None and nomination_form.errors)
        else None,
        "own_organisation": own,
        "show_supporting": status != RecognitionStatus.PUBLISHED or staff,
        "can_start_scoring": staff and status == RecognitionStatus.OPEN,
        "can_publish": staff and status == RecognitionStatus.SCORING,
    }


def _ranking_chart(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A Plotly spec (drawn by ui/charts.js): each nominee's trimmed mean as a bar, coloured
    when recognised, with its mean as a marker beside it. Ranked first at the top."""
    ranked = [r["nomination"] for r in rows if r["nomination"].rank is not None]
    ranked.reverse()
    names = [f"{n.rank}. {local_name(n.organisation)}" for n in ranked]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": str(_("Trimmed mean")),
                "y": names,
                "x": [n.trimmed_mean for n in ranked],
                "marker": {"color": ["#23835f" if n.recognised else "#a9b8b1" for n in ranked]},
                "hovertemplate": "%{y}: %{x:.2f}<extra></extra>",
            },
            {
                "type": "scatter",
                "mode": "markers",
                "name": str(_("Mean")),
                "y": names,
                "x": [n.mean for n in ranked],
                "marker": {"color": "#1d2a24", "symbol": "line-ns-open", "size": 18},
                "hovertemplate": "%{y}: %{x:.2f}<extra></extra>",
            },
        ],
        "layout": {
            "margin": {"l": 10, "r": 20, "t": 10, "b": 30},
            "height": 80 + 36 * len(ranked),
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "showlegend": True,
            "legend": {"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0},
            "xaxis": {"range": [0, 100], "gridcolor": "#e6ece9", "zeroline": False},
            "yaxis": {"automargin": True},
        },
    }


def _render_call(
    request: HttpRequest,
    call: RecognitionCall,
    nomination_form: NominationForm | None = None,
) -> HttpResponse:
    context = _call_context(request, call, nomination_form)
    if call.status == RecognitionStatus.PUBLISHED and context["rows"]:
        context["chart"] = _ranking_chart(context["rows"])
        context["plotly_version"] = plotly_version()
    return _render(request, "assessments/recognition_call.html", context)


@require_safe
@cached_for_viewer
def recognition_call(request: HttpRequest, call_id: int) -> HttpResponse:
    return _render_call(request, _call_or_404(request.user, call_id))


@require_POST
def recognition_nominate(request: HttpRequest, call_id: int) -> HttpResponse:
    """Staff nominate any organisation; an enterprise's manager nominates their own."""
    user = request.user
    call = _call_or_404(user, call_id)
    staff = permissions.can_run_assessments(user)
    own = _own_organisation(user)
    if not staff and own is None:
        raise PermissionDenied
    form = NominationForm(request.POST, organisation=None if staff else own)
    if form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.nomination_create(
                actor=user,
                call=call,
                organisation=data["organisation"] if staff else own,
                statement=data["statement"],
                site=data.get("site"),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is nominated; its supporting data was taken from the registry.")
                % {"name": nomination.organisation.name_zh},
            )
            return _to_call(call.pk, f"nomination-{nomination.pk}")
    return _render_call(request, call, nomination_form=form)


@require_POST
def recognition_start_scoring(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_or_404(request.user, call_id)
    act(
        request,
        lambda: services.recognition_start_scoring(actor=request.user, call=call),
        _("Nominations are closed; the panel scores now."),
    )
    return _to_call(call.pk)


@require_POST
def recognition_score(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """A panel member scores a nomination (0-100); scoring again replaces their score."""
    user = request.user
    nomination = _nomination_or_404(user, nomination_id)
    if not permissions.can_score_panel(user, nomination.call):
        raise PermissionDenied
    form = ScoreForm(request.POST)
    form.is_valid()  # the service parses and checks the score
    data = form.cleaned_data
    act(
        request,
        lambda: services.panel_score_record(
            actor=user,
            nomination=nomination,
            score=data.get("score", ""),
            comment=data.get("comment", ""),
        ),
        _("Your score for %(name)s is recorded.") % {"name": nomination.organisation.name_zh},
    )
    return _to_call(nomination.call_id, f"nomination-{nomination.pk}")


@require_POST
def recognition_publish(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call_or_404(request.user, call_id)
    act(
        request,
        lambda: services.recognition_publish(actor=request.user, call=call),
        _("The recognition list is published and the designations are in the registry."),
    )
    return _to_call(call.pk)
