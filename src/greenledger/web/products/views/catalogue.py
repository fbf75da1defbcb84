"""The product and process editor.

- ``products:catalogue`` /products/catalogue/: the enterprise's products and processes by year
  (enterprise users); the staff see every enterprise's, read only (``?organisation=ID``);
- ``products:product_new`` /products/catalogue/new/: a new product (the manager);
- ``products:product`` /products/catalogue/<id>/: one product, its processes, the edit form;
- ``products:process_new`` /products/catalogue/<id>/processes/new/?year=YYYY: a process of a
  verified year (the year's source streams listed with a share each, or an allocation key);
- ``products:process`` /products/processes/<id>/: one process, its inputs, the site's
  verified emissions split over the site's processes with the unattributed remainder, the
  provenance, and the edit form (POST ``action`` = save or delete).

Anonymous visitors are sent to sign in; other roles 403; another enterprise's product or
process 404. Saves are all-or-nothing, every refusal shown on its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from greenledger.web.accounts import permissions
from greenledger.web.members.models import Organisation
from greenledger.web.products.models import AttributionBasis, Process, Product
from greenledger.web.products.selectors import attribution as attribution_selectors
from greenledger.web.products.selectors import catalogue as selectors
from greenledger.web.products.services import attribution as attribution_services
from greenledger.web.products.services import catalogue as services

NAV = "products"
INPUT_ROWS_BLANK = 3
DQI_LABELS = {
    "reliability": gettext_lazy("Reliability"),
    "completeness": gettext_lazy("Completeness"),
    "temporal": gettext_lazy("Temporal correlation"),
    "geographical": gettext_lazy("Geographical correlation"),
    "technological": gettext_lazy("Technological correlation"),
}

__all__ = ["urlpatterns"]


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"nav": NAV, **context})


def _allowed(request: HttpRequest) -> HttpResponse | None:
    """Sign-in for visitors (GET), 403 for roles without products; None when let through."""
    user = request.user
    if not user.is_authenticated:
        if request.method in ("GET", "HEAD"):
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    role = permissions.role_of(user)
    if role in permissions.STAFF_ROLES:
        return None
    if role in permissions.ENTERPRISE_ROLES and user.organisation_id is not None:  # type: ignore[union-attr]
        return None
    raise PermissionDenied


class ProductForm(forms.Form):
    site = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Site"))
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=200, required=False)
    unit = forms.CharField(label=gettext_lazy("Declared unit"), max_length=16, required=False)
    cn_code = forms.CharField(label=gettext_lazy("CN code"), max_length=12, required=False)
    cpc_code = forms.CharField(label=gettext_lazy("CPC code"), max_length=10, required=False)

    def __init__(self, *args: Any, organisation: Organisation, editing: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        field = self.fields["site"]
        field.queryset = selectors.sites_of(organisation)  # type: ignore[attr-defined]
        field.label_from_instance = lambda site: site.name_zh  # type: ignore[attr-defined]
        if editing:
            del self.fields["site"]


def _apply_errors(form: forms.Form, error: ValidationError) -> dict[str, list[str]]:
    """Service errors onto the form's fields; the others (attribution, inputs, dqi) returned."""
    rest: dict[str, list[str]] = {}
    for key, texts in error.message_dict.items():
        if key in form.fields:
            for text in texts:
                form.add_error(key, text)
        else:
            rest.setdefault(key, []).extend(texts)
    return rest


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    user = request.user
    staff = permissions.role_of(user) in permissions.STAFF_ROLES
    organisations = Organisation.objects.none()
    if staff:
        organisations = Organisation.objects.filter(
            pk__in=Product.objects.values("organisation_id")
        ).order_by("name_zh")
        chosen = request.GET.get("organisation")
        organisation = organisations.filter(pk=chosen).first() if chosen else None
    else:
        organisation = Organisation.objects.get(pk=user.organisation_id)  # type: ignore[union-attr]
    products = list(selectors.products_of(organisation)) if organisation else []
    processes = list(selectors.processes_of(organisation)) if organisation else []
    splits = []
    for site, year in sorted({(p.site, p.year) for p in processes}, key=lambda k: (-k[1], k[0].pk)):
        split = attribution_selectors.site_attribution(site=site, year=year)
        splits.append({"site": site, "year": year, "split": split})
    return _page(
        request,
        "products/catalogue.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "products": products,
            "processes": processes,
            "splits": splits,
            "can_manage": organisation is not None
            and permissions.can_manage_products(user, organisation),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def product_new(request: HttpRequest) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    organisation = Organisation.objects.filter(pk=request.user.organisation_id).first()  # type: ignore[union-attr]
    if organisation is None or not permissions.can_manage_products(request.user, organisation):
        raise PermissionDenied
    form = ProductForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        site = values.pop("site")
        try:
            product = services.product_create(actor=request.user, site=site, **values)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The product is saved."))
            return redirect(reverse("products:product", args=[product.pk]))
    return _page(request, "products/catalogue_product_new.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
def product(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    found = selectors.product_for(request.user, pk)
    if found is None:
        raise Http404
    can_manage = permissions.can_manage_products(request.user, found.organisation)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    initial = {name: getattr(found, name) for name in services.PRODUCT_FIELDS}
    form = ProductForm(
        request.POST or None, organisation=found.organisation, editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(actor=request.user, product=found, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The product is saved."))
            return redirect(reverse("products:product", args=[found.pk]))
    return _page(
        request,
        "products/catalogue_product.html",
        {
            "product": found,
            "processes": found.processes.order_by("-year"),
            "form": form if can_manage else None,
            "can_manage": can_manage,
            "years": selectors.verified_years(found.organisation),
        },
    )


class ProcessForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200, required=False)
    annual_output = forms.CharField(label=gettext_lazy("Annual output"), required=False)
    attribution_basis = forms.ChoiceField(
        label=gettext_lazy("Attribution"), choices=AttributionBasis.choices
    )
    key = forms.CharField(label=gettext_lazy("Allocation key"), max_length=100, required=False)
    key_value = forms.CharField(label=gettext_lazy("This process's value"), required=False)
    key_of = forms.CharField(label=gettext_lazy("The site's total"), required=False)
    electricity_factor = forms.CharField(
        label=gettext_lazy("Electricity factor (kgCO2e/kWh; empty: the national series)"),
        required=False,
    )
    electricity_factor_source = forms.CharField(
        label=gettext_lazy("Factor source"), max_length=200, required=False
    )
    biogenic_tco2e = forms.CharField(label=gettext_lazy("Biogenic CO2 (t a year)"), required=False)
    primary = forms.BooleanField(label=gettext_lazy("Primary data"), required=False)


def _streams(process: Process) -> Any:
    return attribution_selectors.verified_site_inventory(site=process.site, year=process.year)


def _stream_values(site: Any, data: Any, process: Process | None) -> list[dict[str, Any]]:
    given: dict[str, float] = {}
    if process is not None and process.attribution_basis == AttributionBasis.SOURCE_STREAMS:
        for item in process.attribution.get("streams") or ():
            given[item["line"]] = float(item["share"]) * 100
    rows = []
    for stream in site.streams if site else ():
        name = f"share-{stream.line}"
        value = data.get(name) if data is not None else given.get(stream.line, "")
        rows.append({"stream": stream, "name": name, "value": value})
    return rows


def _input_values(data: Any, process: Process | None) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if data is not None:
        count = int(data.get("input-count") or 0)
        for i in range(count):
            rows.append(
                {
                    "source": data.get(f"input-{i}-source", ""),
                    "amount": data.get(f"input-{i}-amount", ""),
                    "note": data.get(f"input-{i}-note", ""),
                }
            )
        return rows
    if process is not None:
        for item in process.inputs.all():
            rows.append(
                {"source": selectors.input_value(item), "amount": item.amount, "note": item.note}
            )
    return rows + [{"source": "", "amount": "", "note": ""} for _i in range(INPUT_ROWS_BLANK)]


def _percent(value: Any) -> float | str | None:
    if value in (None, ""):
        return None
    try:
        return float(value) / 100
    except (TypeError, ValueError):
        return str(value)


def _save_process(
    request: HttpRequest, product: Product, year: int, form: ProcessForm, process: Process | None
) -> tuple[Process | None, dict[str, list[str]]]:
    data = request.POST
    values = form.cleaned_data
    basis = values["attribution_basis"]
    if basis == AttributionBasis.SOURCE_STREAMS:
        streams = [
            {"line": key.removeprefix("share-"), "share": _percent(value)}
            for key, value in data.items()
            if key.startswith("share-") and value not in ("", None)
        ]
        attribution: dict[str, Any] = {"streams": streams}
    else:
        attribution = {"key": values["key"], "value": values["key_value"], "of": values["key_of"]}
    inputs = []
    for row in _input_values(data, None):
        if not row["source"] and row["amount"] in ("", None):
            continue
        inputs.append(
            {**selectors.parse_choice(row["source"]), "amount": row["amount"], "note": row["note"]}
        )
    dqi = {name: data.get(f"dqi-{name}", "") for name in DQI_LABELS}
    try:
        saved = services.process_save(
            actor=request.user,
            product=product,
            year=year,
            name=values["name"],
            annual_output=values["annual_output"],
            attribution_basis=basis,
            attribution=attribution,
            inputs=inputs,
            electricity_factor=values["electricity_factor"] or None,
            electricity_factor_source=values["electricity_factor_source"],
            biogenic_tco2e=values["biogenic_tco2e"] or 0.0,
            primary=values["primary"],
            dqi=dqi,
            process=process,
        )
    except ValidationError as error:
        return None, _apply_errors(form, error)
    return saved, {}


def _process_context(
    request: HttpRequest,
    product: Product,
    year: int,
    form: ProcessForm,
    process: Process | None,
    errors: dict[str, list[str]],
) -> dict[str, Any]:
    site = attribution_selectors.verified_site_inventory(site=product.site, year=year)
    data = request.POST if request.method == "POST" else None
    dqi_given = process.dqi if process is not None else {}
    return {
        "product": product,
        "year": year,
        "form": form,
        "process": process,
        "site_inventory": site,
        "streams": _stream_values(site, data, process),
        "inputs": _input_values(data, process),
        "choices": selectors.input_choices(request.user, product.organisation),
        "dqi": [
            {
                "name": name,
                "label": label,
                "value": (
                    data.get(f"dqi-{name}", "") if data is not None else dqi_given.get(name, "")
                ),
            }
            for name, label in DQI_LABELS.items()
        ],
        "errors": errors,
        "years": selectors.verified_years(product.organisation),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def process_new(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    found = selectors.product_for(request.user, pk)
    if found is None:
        raise Http404
    if not permissions.can_manage_products(request.user, found.organisation):
        raise PermissionDenied
    years = selectors.verified_years(found.organisation)
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or years[0])
    except (ValueError, IndexError):
        year = 0
    form = ProcessForm(
        request.POST or None,
        initial={"attribution_basis": AttributionBasis.SOURCE_STREAMS, "primary": True},
    )
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        saved, errors = _save_process(request, found, year, form, None)
        if saved is not None:
            messages.success(request, _("The process is saved."))
            return redirect(reverse("products:process", args=[saved.pk]))
    context = _process_context(request, found, year, form, None, errors)
    return _page(request, "products/process_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def process(request: HttpRequest, pk: int) -> HttpResponse:
    if (refused := _allowed(request)) is not None:
        return refused
    found = selectors.process_for(request.user, pk)
    if found is None:
        raise Http404
    can_manage = permissions.can_manage_products(request.user, found.organisation)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    initial = {
        "name": found.name,
        "annual_output": found.annual_output,
        "attribution_basis": found.attribution_basis,
        "key": found.attribution.get("key", ""),
        "key_value": found.attribution.get("value", ""),
        "key_of": found.attribution.get("of", ""),
        "electricity_factor": found.electricity_factor
        if found.provenance.get("electricity_footprint_factor", {}).get("given")
        else "",
        "electricity_factor_source": found.electricity_factor_source
        if found.provenance.get("electricity_footprint_factor", {}).get("given")
        else "",
        "biogenic_tco2e": found.biogenic_tco2e,
        "primary": found.primary,
    }
    form = ProcessForm(request.POST or None, initial=initial)
    errors: dict[str, list[str]] = {}
    if request.method == "POST" and request.POST.get("action") == "refresh":
        try:
            attribution_services.process_attribute(actor=request.user, process=found)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The figures are taken again from the verified inventory."))
        return redirect(reverse("products:process", args=[found.pk]))
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.process_delete(actor=request.user, process=found)
        messages.success(request, _("The process is deleted."))
        return redirect(reverse("products:product", args=[found.product_id]))
    if request.method == "POST" and form.is_valid():
        saved, errors = _save_process(request, found.product, found.year, form, found)
        if saved is not None:
            messages.success(request, _("The process is saved."))
            return redirect(reverse("products:process", args=[saved.pk]))
    context = _process_context(request, found.product, found.year, form, found, errors)
    split = attribution_selectors.site_attribution(site=found.site, year=found.year)
    names = {p.pk: p for p in split.processes} if split else {}
    context.update(
        {
            "can_manage": can_manage,
            "input_rows": selectors.input_rows(found),
            "split": split,
            "split_rows": [
                {
                    "row": row,
                    "parts": [(names.get(k), share) for k, share in row.by_process.items()],
                }
                for row in (split.rows if split else ())
            ],
            "electricity_co2e_t": found.electricity_mwh * (found.electricity_factor or 0.0),
            "stale": split is not None
            and found.provenance.get("inventory_id") != split.site.inventory.pk,
        }
    )
    return _page(request, "products/process.html", context)


urlpatterns = [
    path("catalogue/", catalogue, name="catalogue"),
    path("catalogue/new/", product_new, name="product_new"),
    path("catalogue/<int:pk>/", product, name="product"),
    path("catalogue/<int:pk>/processes/new/", process_new, name="process_new"),
    path("processes/<int:pk>/", process, name="process"),
]
