"""The secretariat's event pages: a new event, and one event's management page (its fields
and themes, publish, cancel, the agenda with speakers, attachments, recognitions announced).

Only ``permissions.can_manage_events`` users get these pages (403 for anybody else; an
anonymous visitor asking for a page is sent to sign in). Every form posts to its own address
and comes back to the management page (post/redirect/get); a refusal re-renders the page
with the field named and the reason (422).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from greenledger.web.accounts import permissions
from greenledger.web.alliance.models import (
    AttachmentKind,
    Event,
    EventAttachment,
    EventKind,
    EventRecognition,
    EventStatus,
    Session,
    SessionKind,
    Speaker,
    SpeakerRole,
    Theme,
)
from greenledger.web.alliance.selectors import events as selectors
from greenledger.web.alliance.services import event_agenda as agenda
from greenledger.web.alliance.services import events as services
from greenledger.web.alliance.views.events import english
from greenledger.web.assessments.models import RecognitionCall, RecognitionStatus

__all__ = ["urlpatterns"]

NAV = "alliance"
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _when(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=DATETIME, input_formats=FORMATS
    )


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=EventKind.choices)
    title_zh = forms.CharField(label=gettext_lazy("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("Title (English)"), max_length=200)
    summary_zh = forms.CharField(
        label=gettext_lazy("Summary (Chinese)"), required=False, widget=forms.Textarea
    )
    summary_en = forms.CharField(
        label=gettext_lazy("Summary (English)"), required=False, widget=forms.Textarea
    )
    starts_at = _when(gettext_lazy("Starts at"))
    ends_at = _when(gettext_lazy("Ends at"))
    venue_zh = forms.CharField(label=gettext_lazy("Venue (Chinese)"), max_length=200)
    venue_en = forms.CharField(
        label=gettext_lazy("Venue (English)"), max_length=200, required=False
    )
    address = forms.CharField(label=gettext_lazy("Address"), max_length=300, required=False)
    capacity = forms.IntegerField(
        label=gettext_lazy("Capacity"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Seats; leave empty for no limit."),
    )
    waitlist_limit = forms.IntegerField(
        label=gettext_lazy("Waiting list places"),
        required=False,
        min_value=0,
        help_text=gettext_lazy(
            "Once the seats are taken; 0 for no waiting list, empty for no limit."
        ),
    )
    registration_closes_at = _when(gettext_lazy("Registration closes at"), required=False)
    themes = forms.MultipleChoiceField(
        label=gettext_lazy("Themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the participants)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SessionForm(forms.Form):
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=1, required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=SessionKind.choices)
    starts_at = _when(gettext_lazy("Starts at"), required=False)
    ends_at = _when(gettext_lazy("Ends at"), required=False)
    title_zh = forms.CharField(label=gettext_lazy("Title (Chinese)"), max_length=300)
    title_en = forms.CharField(
        label=gettext_lazy("Title (English)"), max_length=300, required=False
    )
    theme = forms.ChoiceField(
        label=gettext_lazy("Theme"), choices=[("", "—"), *Theme.choices], required=False
    )


class SpeakerForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=SpeakerRole.choices)
    name = forms.CharField(label=pgettext_lazy("speaker", "Name"), max_length=100)
    affiliation = forms.CharField(label=gettext_lazy("Affiliation"), max_length=200, required=False)
    title = forms.CharField(label=gettext_lazy("Job title"), max_length=200, required=False)
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=300, required=False)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AttachmentKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    session = forms.ModelChoiceField(
        label=gettext_lazy("Session"), queryset=Session.objects.none(), required=False
    )
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy("PDF, PNG or JPEG."))


class RecognitionForm(forms.Form):
    call = forms.ModelChoiceField(
        label=gettext_lazy("Recognition list"),
        queryset=RecognitionCall.objects.filter(status=RecognitionStatus.PUBLISHED),
    )
    session = forms.ModelChoiceField(
        label=gettext_lazy("Session"), queryset=Session.objects.none(), required=False
    )


def _manager(request: HttpRequest) -> HttpResponse | None:
    """None when the user manages events; a sign-in redirect for an anonymous page visit."""
    if not request.user.is_authenticated and request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    if not permissions.can_manage_events(request.user):
        raise PermissionDenied
    return None


def _errors(form: forms.Form, error: ValidationError) -> None:
    for field, reasons in error.message_dict.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


def _flat(form: forms.Form | None) -> list[str]:
    """The reasons a button's action was refused (publish, remove ...), shown at the top."""
    if form is None:
        return []
    return [reason for reasons in form.errors.values() for reason in reasons]


def _event_initial(event: Event) -> dict[str, Any]:
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    initial["themes"] = list(event.themes.values_list("theme", flat=True))
    return initial


def _with_sessions(form: forms.Form, event: Event) -> forms.Form:
    form.fields["session"].queryset = event.sessions.order_by("order")  # type: ignore[attr-defined]
    return form


def _attach_edit_forms(sessions: list[Session], bound: dict[str, Any]) -> None:
    """A prefilled form under each session (``session.edit_form``); the one that failed keeps
    what was typed."""
    failed = bound.get("edited_session")
    for session in sessions:
        if failed is not None and failed.pk == session.pk:
            session.edit_form = bound["session_edit_form"]  # type: ignore[attr-defined]
            continue
        initial = {name: getattr(session, name) for name in agenda.SESSION_FIELDS}
        session.edit_form = SessionForm(  # type: ignore[attr-defined]
            initial=initial, prefix=f"s{session.pk}"
        )


def _manage(request: HttpRequest, event: Event, status: int = 200, **bound: Any) -> HttpResponse:
    """The management page; ``bound`` holds the form that failed, by its name."""
    page = selectors.event_page(event)
    _attach_edit_forms(page.sessions, bound)
    open_ = event.status != EventStatus.CANCELLED
    context = {
        "nav": NAV,
        "english": english(request),
        "event": event,
        "page": page,
        "editable": open_,
        "event_form": bound.get("event_form") or EventForm(initial=_event_initial(event)),
        "cancel_form": bound.get("cancel_form") or CancelForm(),
        "session_form": bound.get("session_form") or SessionForm(),
        "action_errors": _flat(bound.get("action_form")),
        "speaker_form": SpeakerForm(),
        "speaker_errors": bound.get("speaker_form"),
        "speaker_session": bound.get("speaker_session"),
        "attachment_form": bound.get("attachment_form") or _with_sessions(AttachmentForm(), event),
        "recognition_form": bound.get("recognition_form")
        or _with_sessions(RecognitionForm(), event),
    }
    return render(request, "alliance/events/manage.html", context, status=status)


def _back(event: Event) -> HttpResponse:
    return redirect("alliance:event_manage", event_id=event.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    if (response := _manager(request)) is not None:
        return response
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(actor=request.user, **data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(
                request, _("The draft event is saved: add its agenda, then publish it.")
            )
            return redirect("alliance:event_manage", event_id=event.pk)
    status = 422 if request.method == "POST" else 200
    context = {"nav": NAV, "form": form}
    return render(request, "alliance/events/new.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def event_manage(request: HttpRequest, event_id: int) -> HttpResponse:
    """The management page; POST changes the event's fields and themes."""
    if (response := _manager(request)) is not None:
        return response
    event = get_object_or_404(Event, pk=event_id)
    if request.method != "POST":
        return _manage(request, event)
    return _post(
        request,
        event,
        EventForm(request.POST),
        "event_form",
        lambda data: services.event_update(actor=request.user, event=event, **data),
        _("The event is saved."),
    )


def _post(
    request: HttpRequest,
    event: Event,
    form: forms.Form,
    name: str,
    act: Callable[[dict[str, Any]], Any],
    done: str,
    **extra: Any,
) -> HttpResponse:
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, done)
            return _back(event)
    return _manage(request, event, 422, **{name: form}, **extra)


def _button(request: HttpRequest, event: Event, act: Callable[[], Any], done: str) -> HttpResponse:
    """A button without fields (publish, remove ...): a refusal is listed at the page's top."""
    return _post(request, event, forms.Form(request.POST), "action_form", lambda _data: act(), done)


def _remover(
    model: type[Any],
    key: str,
    event_of: Callable[[Any], Event],
    remove: Callable[[Any, Any], Any],
    done: Any,
) -> Callable[..., HttpResponse]:
    """The view of a remove button under the event (a session, speaker, file, recognition):
    the row by its id in the address (``key``; 404 if none), ``remove(actor, row)``, back to
    the management page."""

    @require_POST
    def view(request: HttpRequest, **ids: int) -> HttpResponse:
        _manager(request)
        row = get_object_or_404(model, pk=ids[key])
        return _button(request, event_of(row), lambda: remove(request.user, row), str(done))

    return view


@require_POST
def event_publish(request: HttpRequest, event_id: int) -> HttpResponse:
    _manager(request)
    event = get_object_or_404(Event, pk=event_id)
    return _button(
        request,
        event,
        lambda: services.event_publish(actor=request.user, event=event),
        _("The event is published."),
    )


@require_POST
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    _manager(request)
    event = get_object_or_404(Event, pk=event_id)
    return _post(
        request,
        event,
        CancelForm(request.POST),
        "cancel_form",
        lambda data: services.event_cancel(actor=request.user, event=event, reason=data["reason"]),
        _("The event is cancelled; the registered participants are told by mail."),
    )


@require_POST
def session_add(request: HttpRequest, event_id: int) -> HttpResponse:
    _manager(request)
    event = get_object_or_404(Event, pk=event_id)
    return _post(
        request,
        event,
        SessionForm(request.POST),
        "session_form",
        lambda data: agenda.session_add(actor=request.user, event=event, **data),
        _("The session is on the agenda."),
    )


@require_POST
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    """Change a session of the agenda (the form prefilled under it on the management page)."""
    _manager(request)
    session = get_object_or_404(Session, pk=session_id)
    form = SessionForm(request.POST, prefix=f"s{session.pk}")

    def act(data: dict[str, Any]) -> Any:
        if data["order"] is None:
            data = {**data, "order": session.order}
        return agenda.session_update(actor=request.user, session=session, **data)

    return _post(
        request,
        session.event,
        form,
        "session_edit_form",
        act,
        _("The session is changed."),
        edited_session=session,
    )


session_delete = _remover(
    Session,
    "session_id",
    lambda row: row.event,
    lambda actor, row: agenda.session_remove(actor=actor, session=row),
    gettext_lazy("The session is removed from the agenda."),
)


@require_POST
def speaker_add(request: HttpRequest, session_id: int) -> HttpResponse:
    _manager(request)
    session = get_object_or_404(Session, pk=session_id)
    return _post(
        request,
        session.event,
        SpeakerForm(request.POST),
        "speaker_form",
        lambda data: agenda.speaker_add(actor=request.user, session=session, **data),
        _("The speaker is on the session."),
        speaker_session=session,
    )


speaker_delete = _remover(
    Speaker,
    "speaker_id",
    lambda row: row.session.event,
    lambda actor, row: agenda.speaker_remove(actor=actor, speaker=row),
    gettext_lazy("The speaker is removed."),
)


@require_POST
def attachment_add(request: HttpRequest, event_id: int) -> HttpResponse:
    _manager(request)
    event = get_object_or_404(Event, pk=event_id)
    form = _with_sessions(AttachmentForm(request.POST, request.FILES), event)

    def act(data: dict[str, Any]) -> Any:
        upload = data["file"]
        return agenda.attachment_add(
            actor=request.user,
            event=event,
            kind=data["kind"],
            title=data["title"],
            session=data["session"],
            upload=upload,
            filename=upload.name,
        )

    return _post(request, event, form, "attachment_form", act, _("The file is attached."))


attachment_delete = _remover(
    EventAttachment,
    "attachment_id",
    lambda row: row.event,
    lambda actor, row: agenda.attachment_remove(actor=actor, attachment=row),
    gettext_lazy("The file is removed."),
)


@require_POST
def recognition_add(request: HttpRequest, event_id: int) -> HttpResponse:
    _manager(request)
    event = get_object_or_404(Event, pk=event_id)
    return _post(
        request,
        event,
        _with_sessions(RecognitionForm(request.POST), event),
        "recognition_form",
        lambda data: agenda.recognition_link(actor=request.user, event=event, **data),
        _("The recognition list is linked to the event."),
    )


recognition_delete = _remover(
    EventRecognition,
    "recognition_id",
    lambda row: row.event,
    lambda actor, row: agenda.recognition_unlink(actor=actor, recognition=row),
    gettext_lazy("The recognition list is no longer linked to the event."),
)


urlpatterns = [
    path("events/new/", event_new, name="event_new"),
    path("events/<int:event_id>/manage/", event_manage, name="event_manage"),
    path("events/<int:event_id>/publish/", event_publish, name="event_publish"),
    path("events/<int:event_id>/cancel/", event_cancel, name="event_cancel"),
    path("events/<int:event_id>/sessions/", session_add, name="event_session_add"),
    path("events/sessions/<int:session_id>/edit/", session_edit, name="event_session_edit"),
    path("events/sessions/<int:session_id>/delete/", session_delete, name="event_session_delete"),
    path("events/sessions/<int:session_id>/speakers/", speaker_add, name="event_speaker_add"),
    path("events/speakers/<int:speaker_id>/delete/", speaker_delete, name="event_speaker_delete"),
    path("events/<int:event_id>/attachments/", attachment_add, name="event_attachment_add"),
    path(
        "events/attachments/<int:attachment_id>/delete/",
        attachment_delete,
        name="event_attachment_delete",
    ),
    path("events/<int:event_id>/recognitions/", recognition_add, name="event_recognition_add"),
    path(
        "events/recognitions/<int:recognition_id>/delete/",
        recognition_delete,
        name="event_recognition_delete",
    ),
]
