"""The inputs of a CBAM report as stored (see ``services.cbam``): goods filled from the site's
processes (no retyping), precursors from the process's inputs, a supplier's product turned into
the SEEs of its verified CBAM report, numbers checked; every problem keyed ``goods[n].field``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from greenledger.core.products import cbam as core
from greenledger.web.accounts import permissions
from greenledger.web.contract.types import INT64_MAX
from greenledger.web.products.models import InputKind, Installation, Process
from greenledger.web.products.selectors import cbam as selectors


def db_id(value: Any) -> int | None:
    """A primary key given as a number or digits (1 .. 2**63 - 1), else None."""
    text = str(value).strip()
    if isinstance(value, bool) or not text.isdigit() or len(text) > 19:
        return None
    found = int(text)
    return found if 1 <= found <= INT64_MAX else None


def number(errors: dict[str, list[str]], field: str, value: Any, *, optional: bool = False) -> Any:
    if value is None or value == "":
        if not optional:
            errors.setdefault(field, []).append(_("This field is required."))
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        errors.setdefault(field, []).append(_("Enter a number."))
        return None
    return number


def _good_id(process: Process, taken: set[str]) -> str:
    name = process.name if process.name not in taken else f"{process.name} #{process.pk}"
    taken.add(name)
    return name


def _process_precursors(process: Process, ids: Mapping[int, str]) -> list[dict[str, Any]]:
    """The precursors of a process's inputs: its own products made by another good of the
    report, and suppliers' products (per unit x the process's output = t in the period)."""
    found = []
    for item in process.inputs.select_related("own_product", "supplier_product"):
        mass = item.amount * process.annual_output
        if item.kind == InputKind.OWN and item.own_product_id is not None:
            made = Process.objects.filter(product_id=item.own_product_id, year=process.year).first()
            if made is not None and made.pk in ids:
                found.append({"good": ids[made.pk], "mass_t": mass})
        elif item.kind == InputKind.SUPPLIER and item.supplier_product_id is not None:
            category, _reason = core.load_goods().classify(item.supplier_product.cn_code or "")
            if category is not None:
                found.append({"supplier_product": item.supplier_product_id, "mass_t": mass})
    return found


def resolve_goods(
    actor: Any, installation: Installation, year: int, goods: Sequence[Mapping[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The goods as stored: process-based goods filled from their process, supplier products
    turned into the supplier's SEEs; field errors keyed ``goods[n].field``."""
    errors: dict[str, list[str]] = {}
    taken: set[str] = set()
    processes: dict[int, Process] = {}
    for n, raw in enumerate(goods, start=1):
        if raw.get("process") not in (None, ""):
            found = None
            with_id = str(raw["process"])
            if db_id(with_id) is not None:
                found = (
                    Process.objects.select_related("product")
                    .filter(pk=int(with_id), site_id=installation.site_id, year=year)
                    .first()
                )
            if found is None:
                errors.setdefault(f"goods[{n}].process", []).append(
                    _("No process %(id)s of this installation's site in %(year)s.")
                    % {"id": with_id, "year": year}
                )
            else:
                processes[n] = found
    ids = {p.pk: _good_id(p, taken) for p in processes.values()}
    resolved: list[dict[str, Any]] = []
    for n, raw in enumerate(goods, start=1):
        prefix = f"goods[{n}]"
        process = processes.get(n)
        if process is not None:
            good = {
                "id": ids[process.pk],
                "process": process.pk,
                "good": process.product.name_en or process.product.name,
                "product": process.product_id,
                "cn_code": process.product.cn_code,
                "activity_level_t": process.annual_output,
                "direct_tco2e": process.direct_tco2e,
                "electricity_mwh": process.electricity_mwh,
                "provenance": process.provenance,
            }
            precursors = raw.get("precursors")
            if precursors is None:
                precursors = _process_precursors(process, ids)
                given = raw.get("supplier_precursors")
                if isinstance(given, list):  # stated: they replace the suppliers' inputs
                    precursors = [p for p in precursors if "supplier_product" not in p] + given
        elif raw.get("process") not in (None, ""):
            continue
        else:
            good = {
                "id": str(raw.get("id") or raw.get("good") or f"good {n}").strip(),
                "process": None,
                "good": str(raw.get("good") or "").strip(),
                "cn_code": str(raw.get("cn_code") or "").strip(),
                "activity_level_t": number(errors, f"{prefix}.activity_level_t",
                                            raw.get("activity_level_t")),
                "direct_tco2e": number(errors, f"{prefix}.direct_tco2e", raw.get("direct_tco2e")),
                "electricity_mwh": number(errors, f"{prefix}.electricity_mwh",
                                           raw.get("electricity_mwh", 0.0)),
            }  # fmt: skip
            if good["id"] in taken:
                errors.setdefault(f"{prefix}.id", []).append(
                    _("Two goods are called %(id)s.") % {"id": good["id"]}
                )
            taken.add(good["id"])
            precursors = raw.get("precursors") or []
        if not isinstance(precursors, list):
            errors.setdefault(f"{prefix}.precursors", []).append(
                _("Give the precursors as a list.")
            )
            precursors = []
        good["precursors"] = [
            _precursor(actor, year, p, f"{prefix}.precursors[{k}]", errors)
            for k, p in enumerate(precursors, start=1)
        ]
        resolved.append(good)
    return resolved, errors


def _precursor(
    actor: Any, year: int, raw: Mapping[str, Any], field: str, errors: dict[str, list[str]]
) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        errors.setdefault(field, []).append(_("A precursor is an object with its mass_t."))
        return {"mass_t": None}
    out: dict[str, Any] = {"mass_t": number(errors, f"{field}.mass_t", raw.get("mass_t"))}
    if raw.get("good") not in (None, ""):
        out["process"] = str(raw["good"])
        return out
    if raw.get("supplier_product") not in (None, ""):
        product = (
            permissions.visible_footprint_products(actor)
            .exclude(organisation_id=actor.organisation_id)
            .filter(pk=db_id(raw["supplier_product"]))
            .first()
            if db_id(raw["supplier_product"]) is not None
            else None
        )
        if product is None:
            errors.setdefault(field, []).append(
                _("Product %(id)s is not a supplier's product shared with your enterprise.")
                % {"id": raw["supplier_product"]}
            )
            return out
        see = selectors.supplier_see(product=product, year=year)
        if see is None:
            errors.setdefault(field, []).append(
                _(
                    "%(supplier)s has no verified CBAM report for %(year)s with %(product)s: "
                    "give the SEEs it communicated or default values."
                )
                % {"supplier": product.organisation, "year": year, "product": product.name}
            )
            return out
        out.update(see)
        return out
    for key in (
        "supplier_see_direct",
        "supplier_see_indirect",
        "default_see_direct",
        "default_see_indirect",
    ):
        if raw.get(key) not in (None, ""):
            out[key] = number(errors, f"{field}.{key}", raw.get(key))
    for key in ("supplier", "default_cn_code", "country"):
        if raw.get(key) not in (None, ""):
            out[key] = str(raw[key]).strip()
    return out


def core_goods(goods: Sequence[Mapping[str, Any]]) -> list[core.Good]:
    """The stored goods as the core's ``Good``s."""
    keys = (
        "process",
        "supplier",
        "supplier_see_direct",
        "supplier_see_indirect",
        "default_see_direct",
        "default_see_indirect",
        "default_cn_code",
        "country",
    )
    return [
        core.Good(
            process=g["id"],
            good=g["good"],
            cn_code=g["cn_code"],
            activity_level_t=g["activity_level_t"],
            direct_tco2e=g["direct_tco2e"],
            electricity_mwh=g["electricity_mwh"],
            precursors=tuple(
                core.Precursor(mass_t=p["mass_t"], **{k: p.get(k) for k in keys})
                for p in g["precursors"]
            ),
        )
        for g in goods
    ]


def carbon_price(raw: Any, errors: dict[str, list[str]]) -> dict[str, Any] | None:
    if not raw:
        return None
    amount = number(errors, "carbon_price.amount_per_t", raw.get("amount_per_t"))
    share = number(errors, "carbon_price.covered_share", raw.get("covered_share", 1.0))
    currency = str(raw.get("currency") or "CNY").strip().upper()[:3]
    return {
        "amount_per_t": amount,
        "currency": currency,
        "scheme": str(raw.get("scheme") or "China national ETS"),
        "covered_share": share,
    }
