"""An enterprise's products and processes (all-or-nothing saves, every refusal on its field in
the user's language; audited).

- ``product_create`` / ``product_update``: name (unique per site), unit (the declared unit),
  the English name, the CN code (8 digits, where exported to the EU) and the CPC code;
- ``process_save``: a process of a site and year making one of its products (one process per
  product and year), its annual output, how it takes the site's verified emissions
  (``services.attribution``), its electricity factor and source, biogenic CO2, primary data,
  data-quality scores, and its inputs per unit of output, replaced as a whole. An input is one
  of the enterprise's own products, a supplier's product whose footprint is shared with the
  enterprise and in force (``permissions.visible_footprint_products``), or a background factor
  of the core's data (``core.products.footprint_files.load_background``).

Inputs are given as ``[{"kind", "product" (own or supplier product id) or "background_key",
"amount", "note"}]``; a refused input is named by its row (1-based) and the reason.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.products.footprint_files import load_background
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation, Site
from greenledger.web.products.models import InputKind, Process, ProcessInput, Product
from greenledger.web.products.services.attribution import apply_attribution, verified_or_refused

DQI_FIELDS = ("reliability", "completeness", "temporal", "geographical", "technological")
CN_CODE = re.compile(r"^\d{8}$")
CPC_CODE = re.compile(r"^\d{1,5}$")
PRODUCT_FIELDS = ("name", "name_en", "unit", "cn_code", "cpc_code")


def _manager(actor: Any, organisation: Organisation) -> None:
    if not permissions.can_manage_products(actor, organisation):
        raise PermissionDenied


def _product_errors(
    site: Site, values: Mapping[str, Any], product: Product | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not values["name"]:
        errors["name"] = [_("Name the product.")]
    elif (
        Product.objects.filter(site=site, name=values["name"])
        .exclude(pk=getattr(product, "pk", None))
        .exists()
    ):
        errors["name"] = [_("The site already has a product of this name.")]
    if not values["unit"]:
        errors["unit"] = [_("Give the declared unit (e.g. t, kg, kWh, piece).")]
    if values["cn_code"] and not CN_CODE.match(values["cn_code"]):
        errors["cn_code"] = [_("A CN code has 8 digits (spaces allowed), e.g. 7207 11 14.")]
    if values["cpc_code"] and not CPC_CODE.match(values["cpc_code"]):
        errors["cpc_code"] = [_("A CPC code has up to 5 digits, e.g. 41231.")]
    return errors


def _product_values(fields: Mapping[str, Any]) -> dict[str, str]:
    values = {name: str(fields.get(name) or "").strip() for name in PRODUCT_FIELDS}
    values["cn_code"] = values["cn_code"].replace(" ", "")
    return values


def product_create(*, actor: Any, site: Site, **fields: Any) -> Product:
    """A new product of ``site``'s enterprise."""
    organisation = site.organisation
    _manager(actor, organisation)
    values = _product_values(fields)
    if errors := _product_errors(site, values, None):
        raise ValidationError(errors, code="invalid")
    now = timezone.now()
    with transaction.atomic():
        product = Product.objects.create(
            organisation=organisation,
            site=site,
            created_by=actor,
            created_at=now,
            updated_at=now,
            **values,
        )
        audit_append(
            actor=actor, action="products.product.create", obj=product, after=snapshot(product)
        )
    return product


def product_update(*, actor: Any, product: Product, **fields: Any) -> Product:
    _manager(actor, product.organisation)
    values = _product_values({**{n: getattr(product, n) for n in PRODUCT_FIELDS}, **fields})
    if errors := _product_errors(product.site, values, product):
        raise ValidationError(errors, code="invalid")
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product.pk)
        before = snapshot(product)
        for name, value in values.items():
            setattr(product, name, value)
        product.updated_at = timezone.now()
        product.save()
        audit_append(
            actor=actor,
            action="products.product.update",
            obj=product,
            before=before,
            after=snapshot(product),
        )
    return product


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _dqi(value: Mapping[str, Any] | None, errors: dict[str, list[str]]) -> dict[str, int]:
    scores: dict[str, int] = {}
    for name, raw in (value if isinstance(value, Mapping) else {}).items():
        if raw in (None, ""):
            continue
        if name not in DQI_FIELDS:
            errors.setdefault("dqi", []).append(
                _("%(name)s is not a data-quality indicator.") % {"name": name}
            )
            continue
        number = _number(raw)
        if number is None or number != int(number) or not 1 <= number <= 5:
            errors.setdefault("dqi", []).append(
                _("%(name)s: a score from 1 (best) to 5 (worst).") % {"name": name}
            )
            continue
        scores[name] = int(number)
    if scores and len(scores) != len(DQI_FIELDS):
        errors.setdefault("dqi", []).append(_("Give all five data-quality scores or none."))
    return scores


def clean_inputs(
    actor: Any, organisation: Organisation, rows: Sequence[Mapping[str, Any]]
) -> list[ProcessInput]:
    """The process's inputs as unsaved rows; ValidationError on ``inputs`` naming each row."""
    errors: list[str] = []
    cleaned: list[ProcessInput] = []
    background = load_background()
    visible = permissions.visible_footprint_products(actor)
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            row = {}
        kind = str(row.get("kind") or "")
        amount = _number(row.get("amount"))
        note = str(row.get("note") or "").strip()[:300]
        item = ProcessInput(kind=kind, amount=amount or 0.0, note=note)
        if amount is None or amount <= 0:
            errors.append(
                _("Input %(row)s: the amount per unit of output must be a number above zero.")
                % {"row": number}
            )
        product_id = row.get("product")
        if kind == InputKind.OWN:
            own = Product.objects.filter(pk=_id(product_id), organisation=organisation).first()
            if own is None:
                errors.append(
                    _("Input %(row)s: not a product of your enterprise.") % {"row": number}
                )
            item.own_product = own
        elif kind == InputKind.SUPPLIER:
            supplier = visible.filter(pk=_id(product_id)).exclude(organisation=organisation).first()
            if supplier is None:
                errors.append(
                    _(
                        "Input %(row)s: no supplier shares this product's footprint with your "
                        "enterprise (or the share was revoked or has expired)."
                    )
                    % {"row": number}
                )
            item.supplier_product = supplier
        elif kind == InputKind.BACKGROUND:
            key = str(row.get("background_key") or "").strip()
            if key not in background:
                errors.append(
                    _("Input %(row)s: %(key)s is not a background factor of the data.")
                    % {"row": number, "key": key or "—"}
                )
            item.background_key = key
        else:
            errors.append(
                _("Input %(row)s: choose an own product, a supplier's shared footprint or a "
                  "background factor.")
                % {"row": number}
            )  # fmt: skip
        cleaned.append(item)
    if errors:
        raise ValidationError({"inputs": errors}, code="invalid")
    return cleaned


def _id(value: Any) -> int | None:
    """A database id, or None (not a number, or past a 64-bit column)."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if 1 <= number <= 2**63 - 1 else None


def process_save(
    *,
    actor: Any,
    product: Product,
    year: int,
    name: str,
    annual_output: Any,
    attribution_basis: str,
    attribution: Mapping[str, Any] | None,
    inputs: Sequence[Mapping[str, Any]] = (),
    electricity_factor: Any = None,
    electricity_factor_source: str = "",
    biogenic_tco2e: Any = 0.0,
    primary: bool = True,
    dqi: Mapping[str, Any] | None = None,
    process: Process | None = None,
) -> Process:
    """Create (``process`` None) or replace a process of ``product`` and its inputs."""
    organisation = product.organisation
    _manager(actor, organisation)
    if process is not None and process.product_id != product.pk:
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    name = str(name or "").strip()
    if not name:
        errors["name"] = [_("Name the process.")]
    output = _number(annual_output)
    if output is None or output <= 0:
        errors["annual_output"] = [_("The annual output must be a number above zero.")]
    biogenic = _number(biogenic_tco2e or 0.0)
    if biogenic is None or biogenic < 0:
        errors["biogenic_tco2e"] = [_("Biogenic CO2 must be a number, zero or more.")]
    factor = _number(electricity_factor)
    source = str(electricity_factor_source or "").strip()
    if electricity_factor not in (None, "") and (factor is None or factor < 0):
        errors["electricity_factor"] = [_("The factor must be a number, zero or more.")]
    elif factor is not None and not source:
        errors["electricity_factor_source"] = [_("Name the source of the factor.")]
    scores = _dqi(dqi, errors)
    clash = Process.objects.filter(product=product, year=year).exclude(
        pk=getattr(process, "pk", None)
    )
    if clash.exists():
        errors["year"] = [_("The product already has a process of this year.")]
    try:
        cleaned_inputs = clean_inputs(actor, organisation, inputs)
    except ValidationError as error:
        errors.update(error.message_dict)
        cleaned_inputs = []
    with transaction.atomic():
        now = timezone.now()
        if process is None:
            target = Process(
                organisation=organisation, site=product.site, product=product,
                created_by=actor, created_at=now,
            )  # fmt: skip
            before = None
        else:
            target = Process.objects.select_for_update().get(pk=process.pk)
            before = snapshot(target)
        target.year = year
        target.name = name
        target.annual_output = output or 0.0
        target.biogenic_tco2e = biogenic or 0.0
        target.electricity_factor = factor
        target.electricity_factor_source = source if factor is not None else ""
        target.primary = bool(primary)
        target.dqi = scores
        target.attribution_basis = attribution_basis
        target.attribution = dict(attribution) if isinstance(attribution, Mapping) else {}
        target.updated_at = now
        try:
            site = verified_or_refused(target)
            apply_attribution(target, site)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors, code="invalid")
        target.save()
        target.inputs.all().delete()
        for item in cleaned_inputs:
            item.process = target
            item.save()
        audit_append(
            actor=actor,
            action="products.process.create" if before is None else "products.process.update",
            obj=target,
            before=before,
            after={
                **snapshot(target),
                "inputs": [snapshot(i, ["kind", "own_product", "supplier_product",
                                        "background_key", "amount"]) for i in cleaned_inputs],
            },
        )  # fmt: skip
    return target


def process_delete(*, actor: Any, process: Process) -> None:
    _manager(actor, process.organisation)
    with transaction.atomic():
        before = snapshot(process)
        process.inputs.all().delete()
        Process.objects.filter(pk=process.pk).delete()
        audit_append(
            actor=actor,
            action="products.process.delete",
            object_type="products.process",
            object_id=before["id"],
            before=before,
        )


__all__ = [
    "clean_inputs",
    "process_delete",
    "process_save",
    "product_create",
    "product_update",
]
