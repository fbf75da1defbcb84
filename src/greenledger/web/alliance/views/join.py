"""Joining the alliance, for visitors without an account.

``/alliance/join/`` is the application form (anyone); a submitted application sends its
contact a status link (``/alliance/join/status/<key>/``) where the applicant follows the
application, reads the secretariat's questions and, while more information is requested,
answers and adds documents. Field problems are shown next to the field with the reason; a
refused submission stores nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.web.alliance.models import (
    ApplicationDocumentKind,
    ApplicationStatus,
    JoinApplication,
)
from greenledger.web.alliance.selectors.applications import application_by_status_key
from greenledger.web.alliance.services.applications import (
    DocumentUpload,
    application_reply,
    application_submit,
)
from greenledger.web.members.models import MembershipStanding, OrganisationKind

__all__ = ["urlpatterns"]

NAV = "alliance"
FILE_HELP = gettext_lazy("PDF, PNG or JPEG; checked by content.")
DOCUMENT_FIELDS = (
    ApplicationDocumentKind.BUSINESS_LICENCE,
    ApplicationDocumentKind.LETTER,
    ApplicationDocumentKind.PROFILE,
)


def _label(name: str) -> Any:
    return JoinApplication._meta.get_field(name).verbose_name


class JoinForm(forms.Form):
    kind = forms.ChoiceField(label=_label("kind"), choices=OrganisationKind.choices)
    name_zh = forms.CharField(label=_label("name_zh"), max_length=200)
    name_en = forms.CharField(label=_label("name_en"), max_length=200, required=False)
    credit_code = forms.CharField(
        label=_label("credit_code"),
        max_length=40,
        help_text=gettext_lazy("18 characters, as on the business licence."),
    )
    industry_code = forms.CharField(
        label=_label("industry_code"),
        max_length=10,
        required=False,
        help_text=gettext_lazy("For example C2611."),
    )
    address = forms.CharField(label=_label("address"), max_length=300)
    district = forms.CharField(label=_label("district"), max_length=100)
    contact_name = forms.CharField(label=_label("contact_name"), max_length=100)
    contact_phone = forms.CharField(label=_label("contact_phone"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_label("contact_email"))
    standing = forms.ChoiceField(
        label=_label("standing"),
        choices=MembershipStanding.choices,
        initial=MembershipStanding.MEMBER,
    )
    statement = forms.CharField(
        label=_label("statement"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    business_licence = forms.FileField(
        label=ApplicationDocumentKind.BUSINESS_LICENCE.label, help_text=FILE_HELP
    )
    application_letter = forms.FileField(
        label=ApplicationDocumentKind.LETTER.label, help_text=FILE_HELP, required=False
    )
    profile = forms.FileField(
        label=ApplicationDocumentKind.PROFILE.label, help_text=FILE_HELP, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].widget.attrs.update(autocomplete="email")
        self.fields["contact_name"].widget.attrs.update(autocomplete="name")
        self.fields["contact_phone"].widget.attrs.update(autocomplete="tel")


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your answer"), widget=forms.Textarea(attrs={"rows": 5})
    )
    document_kind = forms.ChoiceField(
        label=gettext_lazy("Kind of document"),
        choices=ApplicationDocumentKind.choices,
        initial=ApplicationDocumentKind.OTHER,
        required=False,
    )
    document = forms.FileField(
        label=gettext_lazy("Document (optional)"), help_text=FILE_HELP, required=False
    )


def show_errors(form: forms.Form, error: ValidationError, *, aliases: dict[str, str]) -> None:
    """Put a service's field errors on the form's fields (``aliases``: service -> form)."""
    for field, reasons in error.message_dict.items():
        name = aliases.get(field, field)
        for reason in reasons:
            form.add_error(name if name in form.fields else None, reason)


def _language() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """The application form; a valid application is stored and its status link mailed."""
    form = JoinForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            documents = [
                DocumentUpload(kind=kind, upload=data[kind], filename=data[kind].name)
                for kind in DOCUMENT_FIELDS
                if data.get(kind)
            ]
            values = {n: data[n] for n in JoinForm.base_fields if n not in DOCUMENT_FIELDS}
            try:
                submitted = application_submit(**values, documents=documents, language=_language())
            except ValidationError as error:
                show_errors(form, error, aliases={"documents": "business_licence"})
            else:
                request.session["alliance_joined"] = submitted.application.reference
                return redirect("alliance:join_received")
        return render(request, "alliance/join/form.html", {"nav": NAV, "form": form}, status=422)
    return render(request, "alliance/join/form.html", {"nav": NAV, "form": form})


@require_safe
def join_received(request: HttpRequest) -> HttpResponse:
    """What happens next, after a submission (the reference from the session)."""
    reference = request.session.get("alliance_joined")
    if not reference:
        return redirect("alliance:join")
    return render(request, "alliance/join/received.html", {"nav": NAV, "reference": reference})


@require_http_methods(["GET", "HEAD", "POST"])
def application_status(request: HttpRequest, key: str) -> HttpResponse:
    """The applicant's page: status, the exchange with the secretariat, the documents; while
    more information is requested, the reply form (POST)."""
    application = application_by_status_key(key)
    if application is None:
        raise Http404(
            _("No application has this status link: it is wrong or a newer one replaced it.")
        )
    can_reply = application.status == ApplicationStatus.MORE_INFO
    form = ReplyForm(request.POST or None, request.FILES or None) if can_reply else None
    status = 200
    if request.method == "POST":
        if form is None:
            messages.error(
                request, _("You can answer only while the secretariat asks for more information.")
            )
            return redirect("alliance:application_status", key=key)
        if form.is_valid():
            data = form.cleaned_data
            documents = []
            if data.get("document"):
                documents.append(
                    DocumentUpload(
                        kind=data.get("document_kind") or ApplicationDocumentKind.OTHER,
                        upload=data["document"],
                        filename=data["document"].name,
                    )
                )
            try:
                application_reply(application=application, text=data["text"], documents=documents)
            except ValidationError as error:
                aliases = {kind: "document" for kind in ApplicationDocumentKind.values}
                show_errors(form, error, aliases={**aliases, "documents": "document"})
            else:
                messages.success(request, _("Your answer is sent to the alliance secretariat."))
                return redirect("alliance:application_status", key=key)
        status = 422
    context = {
        "nav": NAV,
        "application": application,
        "documents": list(application.documents.all()),
        "thread": list(application.messages.all()),
        "form": form,
    }
    return render(request, "alliance/join/status.html", context, status=status)


urlpatterns = [
    path("join/", join, name="join"),
    path("join/received/", join_received, name="join_received"),
    path("join/status/<str:key>/", application_status, name="application_status"),
]
