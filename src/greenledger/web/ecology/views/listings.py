"""Offer and need pages: the lists (filters by resource, park, status, own), one listing, a new
one by form (the fields grouped by the resource they apply to), an import by CSV or XLSX
(all-or-nothing, every refused row and column with its reason in the user's language), closing
one, its matches, and my enterprise's open listings with their best matches (``matches/``).

Anonymous visitors asking for a page are sent to sign in (an anonymous write: 404). The lists
are for the staff, enterprise users and researchers (403 for anybody else); a listing the user
may not see is 404; an anonymous listing of another enterprise shows the park and resource
only. Writes are the enterprise's users' for its own sites (403 otherwise).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from greenledger.core.ecology.benefit import load_factors
from greenledger.core.ecology.codes import load_acceptance
from greenledger.core.errors import InputError
from greenledger.web.accounts import permissions
from greenledger.web.ecology.models import ListingStatus, ResourceKind
from greenledger.web.ecology.selectors import listings as selectors
from greenledger.web.ecology.selectors import matching
from greenledger.web.ecology.services import listings as services
from greenledger.web.members.models import Organisation, Site

__all__ = ["urlpatterns", "signed_in", "NAV"]

NAV = "ecology"
PER_PAGE = 50
OVERVIEW_BEST = 3
SUFFIXES = (".csv", ".xlsx")
TITLES = {"offer": gettext_lazy("Offers"), "need": gettext_lazy("Needs")}


def signed_in(request: HttpRequest) -> HttpResponse | None:
    """A sign-in redirect (GET) or 404 (writes) for anonymous visitors; None when signed in."""
    if request.user.is_authenticated:
        return None
    if request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    raise Http404


def _viewer(request: HttpRequest) -> HttpResponse | None:
    refused = signed_in(request)
    if refused is not None:
        return refused
    if not selectors.can_view_listings(request.user):
        raise PermissionDenied
    return None


def _enterprise(request: HttpRequest) -> Organisation | HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    user: Any = request.user
    organisation = Organisation.objects.filter(pk=user.organisation_id).first()
    if organisation is None or not permissions.can_manage_listings(user, organisation):
        raise PermissionDenied
    return organisation


def process_label(key: str) -> str:
    process = load_acceptance().get(key)
    if process is None:
        return key
    return process.name_zh if (get_language() or "").startswith("zh") else process.name_en


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Resource"), required=False)
    park = forms.ModelChoiceField(
        label=gettext_lazy("Park"), queryset=Site.objects.none(), required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    mine = forms.BooleanField(label=gettext_lazy("Only my enterprise's"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any"))] + list(ResourceKind.choices)  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Any"))] + list(ListingStatus.choices)  # type: ignore[attr-defined]
        self.fields["park"].queryset = selectors.parks()  # type: ignore[attr-defined]


def _month_field(label: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=7, help_text="YYYY-MM")


class _ListingForm(forms.Form):
    site = forms.ModelChoiceField(label=gettext_lazy("Site"), queryset=Site.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("Resource"), choices=ResourceKind.choices)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    quantity = forms.FloatField(
        label=gettext_lazy("Quantity a year (t, MWh or m3 by resource)"), min_value=0
    )
    start_month = _month_field(gettext_lazy("From month"))
    end_month = _month_field(gettext_lazy("Until month"))
    profile = forms.CharField(
        label=gettext_lazy("Profile (24 hourly or 12 monthly shares, separated by ;)"),
        max_length=400,
        required=False,
    )
    quality_grade = forms.IntegerField(
        label=gettext_lazy("Water quality grade (1 cleanest to 5)"),
        min_value=1,
        max_value=5,
        required=False,
    )
    anonymous = forms.BooleanField(
        label=gettext_lazy("Anonymous (others see the park and the resource, not the company)"),
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("site")
        return data


class OfferForm(_ListingForm):
    code = forms.CharField(
        label=gettext_lazy("Waste code (solid waste 9 characters, hazardous 8 digits)"),
        max_length=16,
        required=False,
    )
    current_route = forms.ChoiceField(label=gettext_lazy("Where it goes today"), required=False)
    supply_temp_c = forms.FloatField(label=gettext_lazy("Supply temperature (°C)"), required=False)
    return_temp_c = forms.FloatField(label=gettext_lazy("Return temperature (°C)"), required=False)
    medium = forms.CharField(label=gettext_lazy("Medium"), max_length=40, required=False)
    capacity_mw = forms.FloatField(label=gettext_lazy("Capacity (MW)"), min_value=0, required=False)
    GROUPS = (
        (gettext_lazy("Solid and hazardous wastes"), ("code", "current_route")),
        (
            gettext_lazy("Waste heat and cold"),
            ("supply_temp_c", "return_temp_c", "medium", "capacity_mw", "profile"),
        ),
        (gettext_lazy("Water"), ("quality_grade",)),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        routes = sorted(load_factors().counterfactuals)
        self.fields["current_route"].choices = [("", "—")] + [(r, r) for r in routes]  # type: ignore[attr-defined]


class NeedForm(_ListingForm):
    process = forms.ChoiceField(label=gettext_lazy("Receiving process"))
    min_temp_c = forms.FloatField(
        label=gettext_lazy("Heat: temperature needed at least (°C)"), required=False
    )
    max_temp_c = forms.FloatField(
        label=gettext_lazy("Cold: temperature needed at most (°C)"), required=False
    )
    permit_codes = forms.CharField(
        label=gettext_lazy("Hazardous waste codes the licence covers (separated by ;)"),
        max_length=400,
        required=False,
    )
    licence_number = forms.CharField(
        label=gettext_lazy("Hazardous waste operating licence number"),
        max_length=64,
        required=False,
    )
    GROUPS = (
        (gettext_lazy("Hazardous wastes"), ("permit_codes", "licence_number")),
        (gettext_lazy("Heat and cold"), ("min_temp_c", "max_temp_c", "profile")),
        (gettext_lazy("Water"), ("quality_grade",)),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["process"].choices = [  # type: ignore[attr-defined]
            (key, f"{process_label(key)} ({', '.join(p.kinds)})")
            for key, p in load_acceptance().items()
        ]


FORMS: dict[str, type[_ListingForm]] = {"offer": OfferForm, "need": NeedForm}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise ValidationError(_("Send a CSV or XLSX file."), code="invalid")
        return upload


def _grouped(form: _ListingForm) -> tuple[list[Any], list[tuple[Any, list[Any]]]]:
    grouped = {name for _label, names in form.GROUPS for name in names}  # type: ignore[attr-defined]
    common = [form[name] for name in form.fields if name not in grouped]
    groups = [(label, [form[n] for n in names]) for label, names in form.GROUPS]  # type: ignore[attr-defined]
    return common, groups


@require_safe
def listings(request: HttpRequest, side: str) -> HttpResponse:
    refused = _viewer(request)
    if refused is not None:
        return refused
    form = FilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        data = form.cleaned_data
        park = data.get("park")
        filters = {
            "kind": data.get("kind") or None,
            "park": park.pk if park is not None else None,
            "status": data.get("status") or None,
            "mine": bool(data.get("mine")),
        }
    page = Paginator(selectors.listings_of(request.user, side, **filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [selectors.listing_row(request.user, listing) for listing in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    user: Any = request.user
    context = {
        "nav": NAV,
        "side": side,
        "title": TITLES[side],
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "can_declare": permissions.role_of(user) in permissions.ENTERPRISE_ROLES
        and user.organisation_id is not None,
    }
    return render(request, "ecology/listings.html", context)


@require_safe
def listing(request: HttpRequest, side: str, pk: int) -> HttpResponse:
    refused = _viewer(request)
    if refused is not None:
        return refused
    found = selectors.listing_for(request.user, side, pk)
    if found is None:
        raise Http404
    row = selectors.listing_row(request.user, found)
    context = {
        "nav": NAV,
        "side": side,
        "row": row,
        "process_label": process_label(row.get("process") or ""),
        "can_close": row["mine"] and row["status"] == ListingStatus.OPEN,
    }
    return render(request, "ecology/listings_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def listing_new(request: HttpRequest, side: str) -> HttpResponse:
    organisation = _enterprise(request)
    if isinstance(organisation, HttpResponse):
        return organisation
    form = FORMS[side](request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        create = services.offer_create if side == "offer" else services.need_create
        try:
            saved = create(actor=request.user, site=form.cleaned_data["site"], **form.values())
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": saved.name})
            return redirect(reverse(f"ecology:{side}", args=[saved.pk]))
    common, groups = _grouped(form)
    context = {"nav": NAV, "side": side, "form": form, "common": common, "groups": groups}
    return render(request, "ecology/listings_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def listing_import(request: HttpRequest, side: str) -> HttpResponse:
    organisation = _enterprise(request)
    if isinstance(organisation, HttpResponse):
        return organisation
    form = ImportForm(request.POST or None, request.FILES or None)
    refused: InputError | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as directory:
            stored = Path(directory) / Path(upload.name).name
            with stored.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                created = services.listings_import(
                    actor=request.user,
                    organisation=organisation,
                    side=side,
                    path=stored,
                    filename=stored.name,
                )
            except InputError as error:
                refused = error
            else:
                messages.success(request, _("%(count)s imported.") % {"count": len(created)})
                return redirect(f"{reverse(f'ecology:{side}s')}?mine=on")
    context = {"nav": NAV, "side": side, "form": form, "refused": refused}
    return render(request, "ecology/listings_import.html", context, status=422 if refused else 200)


@require_safe
def listing_matches(request: HttpRequest, side: str, pk: int) -> HttpResponse:
    """The matches of one of my enterprise's open listings (the staff: any, read only)."""
    refused = _viewer(request)
    if refused is not None:
        return refused
    found = selectors.listing_for(request.user, side, pk)
    if found is None:
        raise Http404
    user: Any = request.user
    mine = permissions.can_manage_listings(user, found.organisation)
    if not mine and permissions.role_of(user) not in permissions.STAFF_ROLES:
        raise PermissionDenied
    context = {
        "nav": NAV,
        "side": side,
        "row": selectors.listing_row(user, found),
        "found": matching.listing_matches(user, found),
        "can_propose": mine and found.status == ListingStatus.OPEN,
    }
    return render(request, "ecology/matches.html", context)


@require_safe
def my_matches(request: HttpRequest) -> HttpResponse:
    """Each open offer and need of my enterprise with its best candidates (the full list and the
    refused pairs on the listing's own matches page)."""
    organisation = _enterprise(request)
    if isinstance(organisation, HttpResponse):
        return organisation
    user: Any = request.user
    sections = []
    for side in ("offer", "need"):
        for found in selectors.listings_of(user, side, status=ListingStatus.OPEN, mine=True):
            result = matching.listing_matches(user, found)
            sections.append(
                {
                    "side": side,
                    "row": selectors.listing_row(user, found),
                    "best": result["matches"][:OVERVIEW_BEST],
                    "count": len(result["matches"]),
                    "refused": len(result["refusals"]),
                }
            )
    context = {"nav": NAV, "sections": sections, "best": OVERVIEW_BEST}
    return render(request, "ecology/matches_overview.html", context)


@require_POST
def listing_close(request: HttpRequest, side: str, pk: int) -> HttpResponse:
    refused = signed_in(request)
    if refused is not None:
        return refused
    found = selectors.listing_for(request.user, side, pk)
    if found is None:
        raise Http404
    try:
        services.listing_close(actor=request.user, listing=found)
    except ValidationError as error:
        for reasons in error.message_dict.values():
            for reason in reasons:
                messages.error(request, reason)
    else:
        messages.success(request, _("%(name)s closed.") % {"name": found.name})
    return redirect(reverse(f"ecology:{side}", args=[pk]))


urlpatterns = [
    path("matches/", my_matches, name="matches"),
    path("offers/", listings, {"side": "offer"}, name="offers"),
    path("offers/new/", listing_new, {"side": "offer"}, name="offer_new"),
    path("offers/import/", listing_import, {"side": "offer"}, name="offer_import"),
    path("offers/<int:pk>/", listing, {"side": "offer"}, name="offer"),
    path("offers/<int:pk>/close/", listing_close, {"side": "offer"}, name="offer_close"),
    path("offers/<int:pk>/matches/", listing_matches, {"side": "offer"}, name="offer_matches"),
    path("needs/", listings, {"side": "need"}, name="needs"),
    path("needs/new/", listing_new, {"side": "need"}, name="need_new"),
    path("needs/import/", listing_import, {"side": "need"}, name="need_import"),
    path("needs/<int:pk>/", listing, {"side": "need"}, name="need"),
    path("needs/<int:pk>/close/", listing_close, {"side": "need"}, name="need_close"),
    path("needs/<int:pk>/matches/", listing_matches, {"side": "need"}, name="need_matches"),
]
