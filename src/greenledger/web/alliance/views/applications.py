"""The secretariat's review of applications to join.

``/alliance/applications/`` is the queue (filter by status) and ``/alliance/applications/<id>/``
an application with its documents (downloaded as attachments from the private store), the
exchange with the applicant and the three decisions: ask for more, approve, reject with
reasons. Only ``permissions.can_review_applications`` (the registry staff); other signed-in
users get 403, anonymous visitors are sent to sign in (a POST from them: 404).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.alliance.downloads import stored_file_response
from greenledger.web.alliance.models import ApplicationStatus, JoinApplication
from greenledger.web.alliance.selectors.applications import (
    application_for_review,
    applications_for_review,
    document_for_review,
)
from greenledger.web.alliance.services.activation import activation_resend
from greenledger.web.alliance.services.application_review import (
    application_approve,
    application_reject,
    application_request_info,
)
from greenledger.web.alliance.services.applications import document_path
from greenledger.web.alliance.views._flash import act_and_flash

__all__ = ["urlpatterns"]

NAV = "alliance"
STATUS_CHOICES = [
    ("", gettext_lazy("All")),
    ("open", gettext_lazy("Waiting for the secretariat")),
    *ApplicationStatus.choices,
]


class QueueFilter(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUS_CHOICES, required=False)


class RequestInfoForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What the applicant should add or explain"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ApproveForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RejectForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Reasons (mailed to the applicant)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _staff(request: HttpRequest) -> HttpResponse | None:
    """None when the reviewer may go on; a sign-in redirect for anonymous visitors."""
    if not request.user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404
    if not permissions.can_review_applications(request.user):
        raise PermissionDenied
    return None


def _application(request: HttpRequest, pk: int) -> JoinApplication:
    application = application_for_review(request.user, pk)
    if application is None:
        raise Http404
    return application


@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    if (response := _staff(request)) is not None:
        return response
    form = QueueFilter(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    context = {
        "nav": NAV,
        "filter": form,
        "applications": list(applications_for_review(request.user, status=status)),
    }
    return render(request, "alliance/applications/list.html", context)


def _detail(
    request: HttpRequest, application: JoinApplication, *, status: int = 200, **forms_: object
) -> HttpResponse:
    is_open = application.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.MORE_INFO)
    manager = application.manager
    context = {
        "nav": NAV,
        "application": application,
        "documents": list(application.documents.all()),
        "thread": list(application.messages.all()),
        "is_open": is_open,
        "request_form": forms_.get("request_form") or RequestInfoForm(),
        "approve_form": forms_.get("approve_form") or ApproveForm(),
        "reject_form": forms_.get("reject_form") or RejectForm(),
        "awaiting_activation": manager is not None and not manager.is_active,
    }
    return render(request, "alliance/applications/detail.html", context, status=status)


@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _staff(request)) is not None:
        return response
    return _detail(request, _application(request, pk))


def _failed(form: forms.Form, error: ValidationError) -> None:
    for field, reasons in error.message_dict.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


@require_POST
def application_request(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _staff(request)) is not None:
        return response
    application = _application(request, pk)
    form = RequestInfoForm(request.POST)
    if form.is_valid():
        try:
            application_request_info(
                actor=request.user, application=application, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The question is mailed to the applicant."))
            return redirect("alliance:application", pk=pk)
    return _detail(request, application, status=422, request_form=form)


@require_POST
def application_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _staff(request)) is not None:
        return response
    application = _application(request, pk)
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            approved = application_approve(
                actor=request.user, application=application, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(organisation)s is a member now; the activation link for the account "
                    "%(username)s is mailed to %(email)s."
                )
                % {
                    "organisation": approved.organisation.name_zh,
                    "username": approved.manager.username,
                    "email": approved.manager.email,
                },
            )
            return redirect("alliance:application", pk=pk)
    return _detail(request, application, status=422, approve_form=form)


@require_POST
def application_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    if (response := _staff(request)) is not None:
        return response
    application = _application(request, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            application_reject(
                actor=request.user, application=application, reasons=form.cleaned_data["reasons"]
            )
        except ValidationError as error:
            _failed(form, error)
        else:
            messages.success(request, _("The reasons are mailed to the applicant."))
            return redirect("alliance:application", pk=pk)
    return _detail(request, application, status=422, reject_form=form)


@require_POST
def application_activation(request: HttpRequest, pk: int) -> HttpResponse:
    """A new activation link for the manager account of an approved application."""
    if (response := _staff(request)) is not None:
        return response
    application = _application(request, pk)
    manager, organisation = application.manager, application.organisation
    if manager is None or organisation is None:
        raise Http404
    act_and_flash(
        request,
        lambda: activation_resend(
            actor=request.user,
            user=manager,
            language=application.language,
            context={"application": application, "organisation": organisation},
        ),
        _("A new activation link is mailed; older links stop working."),
    )
    return redirect("alliance:application", pk=pk)


@require_safe
def application_document(request: HttpRequest, document_id: int) -> HttpResponse:
    """A supporting document, as an attachment (the staff)."""
    if (response := _staff(request)) is not None:
        return response
    document = document_for_review(request.user, document_id)
    if document is None:
        raise Http404
    return stored_file_response(document_path(document), document.filename, document.content_type)


urlpatterns = [
    path("applications/", application_list, name="applications"),
    path("applications/<int:pk>/", application_detail, name="application"),
    path("applications/<int:pk>/request/", application_request, name="application_request"),
    path("applications/<int:pk>/approve/", application_approve_view, name="application_approve"),
    path("applications/<int:pk>/reject/", application_reject_view, name="application_reject"),
    path(
        "applications/<int:pk>/activation/",
        application_activation,
        name="application_activation",
    ),
    path(
        "applications/documents/<int:document_id>/",
        application_document,
        name="application_document",
    ),
]
