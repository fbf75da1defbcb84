"""Reads of the product and process editor: an enterprise's products and processes, one of
each as its reader may see it (None: hidden, the page answers 404), and what a process may take
as an input (its enterprise's products, the suppliers' products shared with it and in force,
the core's background factors)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from greenledger.core.products.footprint_files import load_background
from greenledger.web.accounts import permissions
from greenledger.web.members.models import Organisation, Site
from greenledger.web.products.models import InputKind, Process, ProcessInput, Product
from greenledger.web.reporting.models import Submission, SubmissionStatus


def products_of(organisation: Organisation) -> QuerySet[Product]:
    return Product.objects.filter(organisation=organisation).select_related("site")


def processes_of(organisation: Organisation, year: int | None = None) -> QuerySet[Process]:
    found = Process.objects.filter(organisation=organisation).select_related("product", "site")
    return found if year is None else found.filter(year=year)


def sites_of(organisation: Organisation) -> QuerySet[Site]:
    return Site.objects.filter(organisation=organisation).order_by("name_zh", "pk")


def verified_years(organisation: Organisation) -> list[int]:
    """The enterprise's verified reporting years, newest first."""
    return list(
        Submission.objects.filter(organisation=organisation, status=SubmissionStatus.VERIFIED)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def product_for(user: Any, pk: int) -> Product | None:
    """One product in the editor: its enterprise's users and the staff."""
    product = Product.objects.select_related("organisation", "site").filter(pk=pk).first()
    if product is None or not permissions.can_view_products(user, product.organisation):
        return None
    return product


def process_for(user: Any, pk: int) -> Process | None:
    process = (
        Process.objects.select_related("organisation", "site", "product").filter(pk=pk).first()
    )
    if process is None or not permissions.can_view_products(user, process.organisation):
        return None
    return process


@dataclass(frozen=True)
class Choice:
    value: str  # "own:ID", "supplier:ID", "background:KEY"
    label: str
    kind: str


def input_choices(user: Any, organisation: Organisation) -> list[Choice]:
    """What a process of ``organisation`` may take, as the editor's choices."""
    choices = [
        Choice(f"own:{p.pk}", f"{p.name} ({p.unit})", InputKind.OWN)
        for p in products_of(organisation)
    ]
    shared = (
        permissions.visible_footprint_products(user)
        .exclude(organisation=organisation)
        .select_related("organisation")
        .order_by("organisation__name_zh", "name")
    )
    choices += [
        Choice(f"supplier:{p.pk}", f"{p.organisation.name_zh}: {p.name} ({p.unit})", "supplier")
        for p in shared
    ]
    for key, factor in sorted(load_background().items()):
        mark = "" if factor.confirmed else " *"
        choices.append(
            Choice(
                f"background:{key}",
                f"{key}: {factor.tco2e_per_unit:.6g} tCO2e{mark}",
                InputKind.BACKGROUND,
            )
        )
    return choices


def input_value(item: ProcessInput) -> str:
    if item.kind == InputKind.OWN:
        return f"own:{item.own_product_id}"
    if item.kind == InputKind.SUPPLIER:
        return f"supplier:{item.supplier_product_id}"
    return f"background:{item.background_key}"


def input_rows(process: Process) -> list[dict[str, Any]]:
    """The process's inputs with what each one is, for the page and the API."""
    background = load_background()
    rows = []
    for item in process.inputs.select_related(
        "own_product", "supplier_product", "supplier_product__organisation"
    ):
        row: dict[str, Any] = {
            "id": item.pk,
            "kind": item.kind,
            "kind_label": str(InputKind(item.kind).label),
            "amount": item.amount,
            "note": item.note,
            "product_id": item.own_product_id or item.supplier_product_id,
            "background_key": item.background_key,
            "label": "",
            "unit": "",
            "supplier": None,
            "source": "",
            "confirmed": None,
        }
        if item.own_product is not None:
            row.update(label=item.own_product.name, unit=item.own_product.unit)
        elif item.supplier_product is not None:
            product = item.supplier_product
            row.update(label=product.name, unit=product.unit, supplier=product.organisation.name_zh)
        elif item.background_key in background:
            factor = background[item.background_key]
            row.update(
                label=item.background_key,
                source=factor.source,
                confirmed=factor.confirmed,
                tco2e_per_unit=factor.tco2e_per_unit,
            )
        rows.append(row)
    return rows


def parse_choice(value: str) -> dict[str, Any]:
    """An editor choice as the service's input fields (kind, product or background_key)."""
    kind, _sep, ref = str(value or "").partition(":")
    if kind == InputKind.BACKGROUND:
        return {"kind": kind, "background_key": ref}
    return {"kind": kind, "product": ref}
