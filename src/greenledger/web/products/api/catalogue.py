"""Products, processes and the attribution of sites' verified emissions, under /api/products.

Reads: the enterprise's users their own enterprise's, the staff every enterprise's (403 for
other roles; another enterprise's product or process 404). Writes: the enterprise's manager
(403 otherwise), all-or-nothing, 422 naming each refused field (``attribution``: the stream
and the reason, shares over 100 % with the processes; ``inputs``: the row and the reason).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema

from greenledger.web.accounts import permissions
from greenledger.web.contract.openapi import answers
from greenledger.web.contract.types import DbId, paginated
from greenledger.web.members.models import Organisation, Site
from greenledger.web.products.api._router import router
from greenledger.web.products.models import Process, Product
from greenledger.web.products.selectors import attribution as attribution_selectors
from greenledger.web.products.selectors import catalogue as selectors
from greenledger.web.products.services import catalogue as services
from greenledger.web.responses import Status

BASIS = "^(source_streams|metered|stated)$"
KIND = "^(own|supplier|background)$"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _reader(request: HttpRequest) -> Any:
    user = _user(request)
    role = permissions.role_of(user)
    if role in permissions.STAFF_ROLES:
        return user
    if role in permissions.ENTERPRISE_ROLES and getattr(user, "organisation_id", None):
        return user
    raise PermissionDenied


def _own_organisation(user: Any) -> Organisation:
    organisation = Organisation.objects.filter(pk=getattr(user, "organisation_id", None)).first()
    if organisation is None or not permissions.can_manage_products(user, organisation):
        raise PermissionDenied
    return organisation


class ProductOut(Schema):
    id: int
    organisation_id: int
    site_id: int
    name: str
    name_en: str
    unit: str = Field(description="The declared unit (t, kg, kWh, piece ...).")
    cn_code: str
    cpc_code: str


class ProductIn(Schema):
    site_id: DbId
    name: str = Field(max_length=200)
    name_en: str = Field("", max_length=200)
    unit: str = Field(max_length=16)
    cn_code: str = Field("", max_length=12, description="8 digits (spaces allowed).")
    cpc_code: str = Field("", max_length=10)


class ProductPatch(Schema):
    name: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    unit: str | None = Field(None, max_length=16)
    cn_code: str | None = Field(None, max_length=12)
    cpc_code: str | None = Field(None, max_length=10)


class InputIn(Schema):
    kind: str = Field(pattern=KIND)
    product: DbId | None = Field(
        None, description="own: a product of the enterprise; supplier: a supplier's product "
        "whose footprint is shared with the enterprise and in force."
    )  # fmt: skip
    background_key: str = Field("", max_length=100, description="background: a key of the data.")
    amount: float = Field(description="Per unit of the process's output.")
    note: str = Field("", max_length=300)


class InputOut(Schema):
    id: int
    kind: str
    kind_label: str
    product_id: int | None
    background_key: str
    amount: float
    note: str
    label: str
    unit: str
    supplier: str | None
    source: str
    confirmed: bool | None


class ProcessIn(Schema):
    product_id: DbId
    year: int = Field(ge=1990, le=2100)
    name: str = Field(max_length=200)
    annual_output: float = Field(description="In the product's unit, a year.")
    attribution_basis: str = Field(pattern=BASIS)
    attribution: dict[str, Any] = Field(
        description='source_streams: {"streams": [{"line": ACTIVITY, "share": 0..1}]}; '
        'metered/stated: {"key": NAME, "value": V, "of": TOTAL}.'
    )
    inputs: list[InputIn] = Field(default_factory=list)
    electricity_factor: float | None = Field(
        None, description="kgCO2e/kWh; null: the national electricity carbon-footprint series."
    )
    electricity_factor_source: str = Field("", max_length=200)
    biogenic_tco2e: float = 0.0
    primary: bool = True
    dqi: dict[str, int] = Field(
        default_factory=dict,
        description="reliability, completeness, temporal, geographical, technological: 1-5.",
    )


class ProcessOut(Schema):
    id: int
    organisation_id: int
    site_id: int
    product_id: int
    year: int
    name: str
    annual_output: float
    attribution_basis: str
    attribution: dict[str, Any]
    direct_tco2e: float = Field(description="Attributed non-electricity emissions, a year.")
    electricity_mwh: float
    electricity_factor: float | None = Field(description="kgCO2e/kWh (= tCO2e/MWh).")
    electricity_factor_source: str
    biogenic_tco2e: float
    primary: bool
    dqi: dict[str, int]
    provenance: dict[str, Any] = Field(description="The verified inventory and factor set.")
    inputs: list[InputOut]


class StreamOut(Schema):
    line: str
    category: str
    quantity: float
    co2e_t: float = Field(description="Verified (GB/T 32150) tCO2e of the stream at the site.")
    shares: dict[str, float] = Field(description="Process id -> share 0..1.")
    attributed_t: float
    remainder_t: float


class AttributionOut(Schema):
    site_id: int
    year: int
    inventory_id: int
    version_number: int
    factor_set: str
    total_co2e_t: float
    attributed_t: float
    remainder_t: float = Field(description="The site's verified emissions no process takes.")
    streams: list[StreamOut]


class ProcessQuery(Schema):
    year: int | None = Field(None, ge=1990, le=2100)
    organisation_id: DbId | None = Field(None, description="The staff: one enterprise's.")


class AttributionQuery(Schema):
    year: int | None = Field(None, ge=1990, le=2100, description="None: the newest verified.")


def _product_out(product: Product) -> dict[str, Any]:
    return {
        name: getattr(product, name)
        for name in ("id", "organisation_id", "site_id", "name", "name_en", "unit", "cn_code",
                     "cpc_code")
    }  # fmt: skip


def _process_out(process: Process) -> dict[str, Any]:
    fields = (
        "id", "organisation_id", "site_id", "product_id", "year", "name", "annual_output",
        "attribution_basis", "attribution", "direct_tco2e", "electricity_mwh",
        "electricity_factor", "electricity_factor_source", "biogenic_tco2e", "primary", "dqi",
        "provenance",
    )  # fmt: skip
    return {**{n: getattr(process, n) for n in fields}, "inputs": selectors.input_rows(process)}


def _scope(user: Any, organisation_id: int | None) -> Any:
    if permissions.role_of(user) in permissions.STAFF_ROLES:
        return {"organisation_id": organisation_id} if organisation_id else {}
    return {"organisation_id": user.organisation_id}


@router.get("/products", response=list[ProductOut], summary="Products")
@answers(403)
@paginated
def products_list(request: HttpRequest, query: Query[ProcessQuery]) -> Any:
    """The enterprise's products (the staff: every enterprise's, or ``organisation_id``'s)."""
    user = _reader(request)
    found = Product.objects.filter(**_scope(user, query.organisation_id)).order_by("pk")
    return [_product_out(p) for p in found]


@router.post("/products", response={201: ProductOut}, summary="A new product")
def product_create(request: HttpRequest, payload: ProductIn) -> Any:
    user = _user(request)
    organisation = _own_organisation(user)
    values = payload.dict()
    site = Site.objects.filter(pk=values.pop("site_id"), organisation=organisation).first()
    if site is None:
        raise ValidationError({"site_id": [_("Not a site of your enterprise.")]})
    return Status(201, _product_out(services.product_create(actor=user, site=site, **values)))


@router.get("/products/{int:product_id}", response=ProductOut, summary="One product")
@answers(403)
def product_detail(request: HttpRequest, product_id: DbId) -> Any:
    found = selectors.product_for(_reader(request), product_id)
    if found is None:
        raise Http404
    return _product_out(found)


@router.patch("/products/{int:product_id}", response=ProductOut, summary="Change a product")
def product_update(request: HttpRequest, product_id: DbId, payload: ProductPatch) -> Any:
    user = _reader(request)
    found = selectors.product_for(user, product_id)
    if found is None:
        raise Http404
    values = {k: v for k, v in payload.dict().items() if v is not None}
    return _product_out(services.product_update(actor=user, product=found, **values))


@router.get("/processes", response=list[ProcessOut], summary="Processes")
@answers(403)
@paginated
def processes_list(request: HttpRequest, query: Query[ProcessQuery]) -> Any:
    """The enterprise's processes (``year``: one year's)."""
    user = _reader(request)
    found = Process.objects.filter(**_scope(user, query.organisation_id)).order_by("year", "pk")
    if query.year is not None:
        found = found.filter(year=query.year)
    return [_process_out(p) for p in found]


def _save(request: HttpRequest, payload: ProcessIn, process: Process | None) -> Process:
    user = _reader(request)
    values = payload.dict()
    product = selectors.product_for(user, values.pop("product_id"))
    if product is None:
        raise ValidationError({"product_id": [_("Not a product of your enterprise.")]})
    return services.process_save(actor=user, product=product, process=process, **values)


@router.post("/processes", response={201: ProcessOut}, summary="A new process")
@answers(403)
def process_create(request: HttpRequest, payload: ProcessIn) -> Any:
    """A process of a verified year with its attribution and inputs, all or nothing."""
    return Status(201, _process_out(_save(request, payload, None)))


def _process(request: HttpRequest, process_id: int) -> Process:
    found = selectors.process_for(_reader(request), process_id)
    if found is None:
        raise Http404
    return found


@router.get("/processes/{int:process_id}", response=ProcessOut, summary="One process")
@answers(403)
def process_detail(request: HttpRequest, process_id: DbId) -> Any:
    return _process_out(_process(request, process_id))


@router.put("/processes/{int:process_id}", response=ProcessOut, summary="Replace a process")
def process_update(request: HttpRequest, process_id: DbId, payload: ProcessIn) -> Any:
    """The process and its inputs replaced as a whole (its product may not change)."""
    found = _process(request, process_id)
    if payload.product_id != found.product_id:
        raise ValidationError({"product_id": [_("A process keeps its product.")]})
    return _process_out(_save(request, payload, found))


@router.delete("/processes/{int:process_id}", response={204: None}, summary="Delete a process")
def process_delete(request: HttpRequest, process_id: DbId) -> Any:
    found = _process(request, process_id)
    services.process_delete(actor=_user(request), process=found)
    return Status(204, None)


@router.get(
    "/sites/{int:site_id}/attribution", response=AttributionOut, summary="A site's attribution"
)
@answers(403)
def site_attribution(request: HttpRequest, site_id: DbId, query: Query[AttributionQuery]) -> Any:
    """The site's verified emissions of ``year`` (default: the newest verified) stream by
    stream, the processes' shares, what they take and the unattributed remainder (adding up to
    the verified inventory); 404 when the year is not verified."""
    user = _reader(request)
    site = Site.objects.filter(pk=site_id).select_related("organisation").first()
    if site is None or not permissions.can_view_products(user, site.organisation):
        raise Http404
    years = selectors.verified_years(site.organisation)
    year = query.year if query.year is not None else (years[0] if years else None)
    split = None if year is None else attribution_selectors.site_attribution(site=site, year=year)
    if split is None:
        raise Http404
    provenance = split.site.provenance
    return {
        "site_id": site.pk,
        "year": year,
        "inventory_id": provenance["inventory_id"],
        "version_number": provenance["version_number"],
        "factor_set": provenance["factor_set"],
        "total_co2e_t": split.site.total_co2e_t,
        "attributed_t": split.attributed_t,
        "remainder_t": split.remainder_t,
        "streams": [
            {
                "line": row.stream.line,
                "category": row.stream.category,
                "quantity": row.stream.quantity,
                "co2e_t": row.stream.co2e_t,
                "shares": {str(k): v for k, v in row.by_process.items()},
                "attributed_t": row.attributed_t,
                "remainder_t": row.remainder_t,
            }
            for row in split.rows
        ],
    }
