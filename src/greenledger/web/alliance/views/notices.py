"""The notices pages.

- ``/alliance/notices/``: the notices the reader may read and the open calls among them
  (filter by kind); the staff also see the drafts and withdrawn notices and a "New notice" link.
- ``/alliance/notices/<id>/``: a notice in the reader's language (the other language below it),
  its attachments; for the staff its state and the actions (edit, publish, withdraw, attach,
  remove an attachment). A notice the reader may not read answers 404.
- ``/alliance/notices/new/`` and ``.../edit/``: the staff's form; other signed-in users get 403,
  anonymous visitors are sent to sign in (a POST answers 404).

A refused form shows the page again (422) with each reason at its field, in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.alliance.downloads import stored_file_response
from greenledger.web.alliance.models import Notice, NoticeKind
from greenledger.web.alliance.selectors.notices import (
    notice_attachment_for,
    notice_for,
    notice_items,
    unpublished_notices,
)
from greenledger.web.alliance.services.notice_files import NOTICE_EXTENSIONS
from greenledger.web.alliance.services.notices import (
    AUDIENCE_FLAGS,
    notice_attachment_add,
    notice_attachment_remove,
    notice_create,
    notice_input,
    notice_publish,
    notice_update,
    notice_withdraw,
)

__all__ = ["notice_state", "urlpatterns"]

NAV = "alliance"
PER_PAGE = 30


def english() -> bool:
    return (get_language() or "").startswith("en")


def notice_state(notice: Notice) -> tuple[str, str]:
    """(state, label): draft, published or withdrawn."""
    if notice.withdrawn_at is not None:
        return "withdrawn", str(pgettext_lazy("notice", "Withdrawn"))
    if notice.published_at is not None:
        return "published", str(pgettext_lazy("notice", "Published"))
    return "draft", str(pgettext_lazy("notice", "Draft"))


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of notice"), choices=NoticeKind.choices)
    title_zh = forms.CharField(label=gettext_lazy("Title (Chinese)"), max_length=300)
    title_en = forms.CharField(label=gettext_lazy("Title (English)"), max_length=300)
    body_zh = forms.CharField(label=gettext_lazy("Text (Chinese)"), widget=forms.Textarea)
    body_en = forms.CharField(label=gettext_lazy("Text (English)"), widget=forms.Textarea)
    public = forms.BooleanField(label=gettext_lazy("Public (everyone)"), required=False)
    for_enterprises = forms.BooleanField(label=gettext_lazy("Member enterprises"), required=False)
    for_research = forms.BooleanField(
        label=gettext_lazy("Member research institutions"), required=False
    )
    for_financial = forms.BooleanField(
        label=gettext_lazy("Member financial institutions"), required=False
    )
    for_social = forms.BooleanField(
        label=gettext_lazy("Member social organisations"), required=False
    )

    def service_values(self) -> dict[str, Any]:
        return notice_input(self.cleaned_data)


class AttachmentForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title of the attachment"), max_length=200)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, PNG, JPEG, XLSX or DOCX; checked by its content."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(NOTICE_EXTENSIONS)}),
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    for field, reasons in error.message_dict.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


def _staff_only(request: HttpRequest) -> HttpResponse | None:
    """None when the user manages notices; a sign-in redirect (GET) or 404 (POST) for anonymous
    visitors; 403 for everybody else."""
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not permissions.can_manage_notices(request.user):
        raise PermissionDenied
    return None


def _notice_or_404(request: HttpRequest, notice_id: int) -> Notice:
    notice = notice_for(request.user, notice_id)
    if notice is None:
        raise Http404
    return notice


def _managed_notice(request: HttpRequest, notice_id: int) -> Notice:
    """A notice the user manages: 404 if they may not read it, 403 if they only read it."""
    if not request.user.is_authenticated:
        raise Http404
    notice = _notice_or_404(request, notice_id)
    if not permissions.can_manage_notices(request.user):
        raise PermissionDenied
    return notice


@require_safe
def notice_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in NoticeKind.values:
        kind = ""
    page = Paginator(notice_items(request.user, kind=kind or None), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "nav": NAV,
        "english": english(),
        "items": page.object_list,
        "page": page,
        "kinds": NoticeKind.choices,
        "kind": kind,
        "can_manage": permissions.can_manage_notices(request.user),
        "unpublished": [
            (notice, notice_state(notice)) for notice in unpublished_notices(request.user)
        ],
    }
    return render(request, "alliance/notices/list.html", context)


def _detail(
    request: HttpRequest,
    notice: Notice,
    *,
    status: int = 200,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    manage = permissions.can_manage_notices(request.user)
    state = notice_state(notice)
    if manage and attachment_form is None and state[0] != "withdrawn":
        attachment_form = AttachmentForm()
    context = {
        "nav": NAV,
        "english": english(),
        "notice": notice,
        "state": state,
        "can_manage": manage,
        "attachments": list(notice.attachments.all()),
        "attachment_form": attachment_form if state[0] != "withdrawn" else None,
        "audiences": [
            str(NoticeForm.base_fields[flag].label)
            for flag in ("public", *AUDIENCE_FLAGS)
            if getattr(notice, flag)
        ],
    }
    return render(request, "alliance/notices/detail.html", context, status=status)


@require_safe
def notice_detail(request: HttpRequest, notice_id: int) -> HttpResponse:
    return _detail(request, _notice_or_404(request, notice_id))


def _form_page(
    request: HttpRequest, form: NoticeForm, notice: Notice | None, status: int = 200
) -> HttpResponse:
    context = {"nav": NAV, "form": form, "notice": notice}
    return render(request, "alliance/notices/form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def notice_new(request: HttpRequest) -> HttpResponse:
    if (refused := _staff_only(request)) is not None:
        return refused
    if request.method != "POST":
        return _form_page(request, NoticeForm(initial={"public": True}), None)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            notice = notice_create(actor=request.user, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft notice is saved. Publish it when it is ready."))
            return redirect("alliance:notice", notice.pk)
    return _form_page(request, form, None, status=422)


@require_http_methods(["GET", "HEAD", "POST"])
def notice_edit(request: HttpRequest, notice_id: int) -> HttpResponse:
    if not request.user.is_authenticated and request.method != "POST":
        return redirect_to_login(request.get_full_path())
    notice = _managed_notice(request, notice_id)
    if request.method != "POST":
        initial = {field: getattr(notice, field) for field in NoticeForm.base_fields}
        return _form_page(request, NoticeForm(initial=initial), notice)
    form = NoticeForm(request.POST)
    if form.is_valid():
        try:
            notice_update(actor=request.user, notice=notice, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The notice is saved."))
            return redirect("alliance:notice", notice.pk)
    return _form_page(request, form, notice, status=422)


def _change(
    request: HttpRequest, notice: Notice, act: Callable[[], object], done: str
) -> HttpResponse:
    """Run ``act`` on ``notice``: back to the notice with ``done``, else its page again (422)
    with every reason it was refused."""
    try:
        act()
    except ValidationError as error:
        for reasons in error.message_dict.values():
            for reason in reasons:
                messages.error(request, reason)
        return _detail(request, notice, status=422)
    messages.success(request, done)
    return redirect("alliance:notice", notice.pk)


def _state_change(request: HttpRequest, notice_id: int, change: Any, done: str) -> HttpResponse:
    notice = _managed_notice(request, notice_id)
    return _change(request, notice, lambda: change(actor=request.user, notice=notice), done)


@require_POST
def notice_publish_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    return _state_change(request, notice_id, notice_publish, _("The notice is published."))


@require_POST
def notice_withdraw_view(request: HttpRequest, notice_id: int) -> HttpResponse:
    return _state_change(request, notice_id, notice_withdraw, _("The notice is withdrawn."))


@require_POST
def attachment_add(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = _managed_notice(request, notice_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            notice_attachment_add(
                actor=request.user,
                notice=notice,
                title=form.cleaned_data["title"],
                upload=upload,
                filename=upload.name or "attachment",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect("alliance:notice", notice.pk)
    return _detail(request, notice, status=422, attachment_form=form)


@require_safe
def attachment_download(request: HttpRequest, notice_id: int, attachment_id: int) -> Any:
    attachment = notice_attachment_for(request.user, notice_id, attachment_id)
    if attachment is None:
        raise Http404
    return stored_file_response(
        Path(settings.PRIVATE_MEDIA_ROOT, attachment.stored_path),
        attachment.filename,
        attachment.content_type,
    )


@require_POST
def attachment_remove(request: HttpRequest, notice_id: int, attachment_id: int) -> HttpResponse:
    notice = _managed_notice(request, notice_id)
    attachment = notice.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        raise Http404
    return _change(
        request,
        notice,
        lambda: notice_attachment_remove(actor=request.user, attachment=attachment),
        _("The attachment is removed."),
    )


urlpatterns = [
    path("notices/", notice_list, name="notices"),
    path("notices/new/", notice_new, name="notice_new"),
    path("notices/<int:notice_id>/", notice_detail, name="notice"),
    path("notices/<int:notice_id>/edit/", notice_edit, name="notice_edit"),
    path("notices/<int:notice_id>/publish/", notice_publish_view, name="notice_publish"),
    path("notices/<int:notice_id>/withdraw/", notice_withdraw_view, name="notice_withdraw"),
    path("notices/<int:notice_id>/attachments/", attachment_add, name="notice_attachment_add"),
    path(
        "notices/<int:notice_id>/attachments/<int:attachment_id>/",
        attachment_download,
        name="notice_attachment",
    ),
    path(
        "notices/<int:notice_id>/attachments/<int:attachment_id>/remove/",
        attachment_remove,
        name="notice_attachment_remove",
    ),
]
