"""Portfolio pages of a financial institution's analyst: the positions of a year with the PCAF
figures (totals, weighted data-quality score, WACI; by sector, asset class and catalogue
category; green loans by category and by direct or indirect effect; the change from the year
before), a position by form, and the import of a year's book (CSV or XLSX, all-or-nothing, every
refused row and field in the user's language).

Anonymous visitors asking for a page are sent to sign in (an anonymous write: 404);
anyone but an analyst of a financial institution gets 403 (the pages are the institution's
own book, there is nothing of anybody else's to hide).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.core.errors import InputError
from greenledger.core.finance.catalogue import load_finance_catalogue
from greenledger.core.finance.pcaf import load_rules
from greenledger.web.accounts import permissions
from greenledger.web.finance.models import CarbonEffect
from greenledger.web.finance.selectors import portfolio as selectors
from greenledger.web.finance.services import portfolio as services
from greenledger.web.finance.services.position_catalogues import DEFAULT_CATALOGUE
from greenledger.web.members.models import Organisation

__all__ = ["urlpatterns"]

SUFFIXES = (".csv", ".xlsx")
CATALOGUES = (DEFAULT_CATALOGUE, "green_bond_2021", "shanghai_transition_2024")


def _institution(request: HttpRequest) -> Organisation | HttpResponse:
    user: Any = request.user
    if not user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise Http404  # as the other apps answer an anonymous write
    institution = Organisation.objects.filter(pk=user.organisation_id).first()
    if institution is None or not permissions.can_manage_portfolio(user, institution):
        raise PermissionDenied
    return institution


def _year(request: HttpRequest, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 1990 <= year <= 2100 else default


class PositionForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    position = forms.CharField(label=gettext_lazy("Position"), max_length=80)
    borrower = forms.CharField(label=gettext_lazy("Borrower"), max_length=200)
    borrower_code = forms.CharField(
        label=gettext_lazy("Unified Social Credit Code"), max_length=18, required=False
    )
    asset_class = forms.ChoiceField(label=gettext_lazy("Asset class"))
    outstanding_yuan = forms.FloatField(label=gettext_lazy("Outstanding (yuan)"))
    equity_yuan = forms.FloatField(label=gettext_lazy("Equity (yuan)"), required=False)
    debt_yuan = forms.FloatField(label=gettext_lazy("Debt (yuan)"), required=False)
    evic_yuan = forms.FloatField(label=gettext_lazy("EVIC (yuan)"), required=False)
    property_value_yuan = forms.FloatField(
        label=gettext_lazy("Property value (yuan)"), required=False
    )
    revenue_yuan = forms.FloatField(label=gettext_lazy("Revenue (yuan)"), required=False)
    emissions_tco2e = forms.FloatField(
        label=gettext_lazy("Borrower's emissions (tCO2e)"), required=False
    )
    emissions_basis = forms.ChoiceField(
        label=gettext_lazy("Emissions basis"),
        choices=[
            (b, b) for b in ("verified", "reported", "energy", "production", "revenue", "asset")
        ],
    )
    sector = forms.CharField(label=gettext_lazy("Sector"), max_length=32)
    catalogue = forms.ChoiceField(
        label=gettext_lazy("Catalogue"),
        required=False,
        help_text=gettext_lazy(
            "The catalogue the category code belongs to: green finance 2025 (the default), the "
            "2021 green bond catalogue for legacy assets, or the Shanghai transition catalogue "
            "for a transition loan."
        ),
    )
    catalogue_code = forms.CharField(
        label=gettext_lazy("Catalogue code"), max_length=32, required=False
    )
    carbon_effect = forms.ChoiceField(
        label=gettext_lazy("Carbon-reduction effect"), choices=CarbonEffect.choices, required=False
    )
    use_of_proceeds = forms.CharField(
        label=gettext_lazy("Use of proceeds"), max_length=200, required=False
    )
    project = forms.IntegerField(
        label=gettext_lazy("Financing project (number)"),
        min_value=1,
        required=False,
        help_text=gettext_lazy(
            "A project of the member borrower that your institution may see (a grant covering "
            "projects, or an interest the enterprise accepted)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["asset_class"].choices = [(k, k) for k in load_rules().asset_classes]  # type: ignore[attr-defined]
        english = (get_language() or "").startswith("en")
        titles = {key: load_finance_catalogue(key) for key in CATALOGUES}
        self.fields["catalogue"].choices = [  # type: ignore[attr-defined]
            ("", _("— (green finance 2025 when a code is given)")),
            *((key, c.title_en if english else c.title) for key, c in titles.items()),
        ]


class ImportForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    file = forms.FileField(label=gettext_lazy("Positions (CSV or XLSX)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SUFFIXES:
            raise ValidationError(_("Send a CSV or XLSX file."), code="invalid")
        return upload


@require_safe
def portfolio(request: HttpRequest) -> HttpResponse:
    institution = _institution(request)
    if isinstance(institution, HttpResponse):
        return institution
    years = selectors.years_of(request.user)
    year = _year(request, years[-1] if years else dt.date.today().year - 1)
    data = selectors.portfolio_year(request.user, year)
    context = {
        "institution": institution,
        "years": years,
        "year": year,
        "data": data,
        "positions": selectors.positions_of(request.user, year),
        "imports": selectors.imports_of(request.user)[:10],
    }
    return render(request, "finance/portfolio.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def position_new(request: HttpRequest) -> HttpResponse:
    institution = _institution(request)
    if isinstance(institution, HttpResponse):
        return institution
    initial = {"year": _year(request, dt.date.today().year - 1), "emissions_basis": "reported"}
    form = PositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        year = fields.pop("year")
        try:
            saved = services.position_save(
                actor=request.user, institution=institution, year=year, **fields
            )
        except ValidationError as error:
            for field, reasons in error.message_dict.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
        else:
            messages.success(request, _("Position %(position)s saved.") % {"position": saved})
            return redirect(f"{reverse('finance:portfolio')}?year={year}")
    return render(request, "finance/position_form.html", {"form": form}, status=200)


@require_http_methods(["GET", "HEAD", "POST"])
def portfolio_import(request: HttpRequest) -> HttpResponse:
    institution = _institution(request)
    if isinstance(institution, HttpResponse):
        return institution
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": dt.date.today().year - 1},
    )
    refused: InputError | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with tempfile.TemporaryDirectory() as directory:
            stored = Path(directory) / Path(upload.name).name
            with stored.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                imported = services.portfolio_import(
                    actor=request.user,
                    institution=institution,
                    year=form.cleaned_data["year"],
                    path=stored,
                    filename=stored.name,
                )
            except InputError as error:
                refused = error
            else:
                messages.success(
                    request,
                    _("%(count)s positions imported for %(year)s.")
                    % {"count": imported.rows, "year": imported.year},
                )
                return redirect(f"{reverse('finance:portfolio')}?year={imported.year}")
    status = 422 if refused is not None else 200
    return render(
        request, "finance/portfolio_import.html", {"form": form, "refused": refused}, status=status
    )


urlpatterns = [
    path("portfolio/", portfolio, name="portfolio"),
    path("portfolio/positions/new/", position_new, name="portfolio_position_new"),
    path("portfolio/import/", portfolio_import, name="portfolio_import"),
]
