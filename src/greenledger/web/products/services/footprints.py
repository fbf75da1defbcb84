"""Computing an enterprise's product footprints of a year (the core ``core.products.footprint``
solves; this module only gathers the model and keeps the versions).

``footprint_compute`` takes the enterprise's processes of the year (their attributed direct and
biogenic emissions, electricity with its footprint factor, inputs per unit of output), the
CURRENT footprint of every supplier's product an input links to (only while the supplier's share
with the enterprise is in force), and the background factors of the core's data, and solves them
together. A product whose figure changed gets a new ``Footprint`` version (the older one is
superseded) with its contributions and provenance; every holder of a share in force of that
product gets a ``FootprintNotice``. Refused, nothing saved: no process in the year, an input's
supplier footprint not shared (or not computed), an unknown background factor, an own product
with no process in the year, or a supply loop the core refuses (the processes named).

In the core model every process is ``"<name> #<id>"``, every product ``"product:<id>"``; a
supplier's footprint is a background product ``"supplier:<product id>"``, a background factor
``"background:<key>"`` and a process's electricity ``"electricity:<process id>"`` (its own
factor, kgCO2e/kWh = tCO2e/MWh).

Data quality: a process's ``dqi`` counts when it gives all five pedigree scores (1-5); a
supplier's footprint enters with its figure only (its DQI score is a weighted mean, not five
scores), so the customer's DQI covers its own processes (``contributions["dqi_coverage"]`` says
how much of the footprint carries a DQI).
"""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError
from greenledger.core.products.footprint import DQI, Background, Footprints, Input, Model, solve
from greenledger.core.products.footprint import Process as CoreProcess
from greenledger.core.products.footprint_files import load_background
from greenledger.web.accounts import permissions
from greenledger.web.audit.services import audit_append, snapshot
from greenledger.web.members.models import Organisation
from greenledger.web.products.models import (
    Footprint,
    FootprintNotice,
    FootprintShare,
    FootprintStatus,
    InputKind,
    Process,
    Product,
)
from greenledger.web.ui.core_messages import render

__all__ = ["METHOD", "footprint_compute", "shares_in_force"]

# The rules a footprint follows (kept in its provenance).
METHOD = {
    "standard": "ISO 14067:2018; GB/T 24067-2024",
    "boundary": "cradle-to-gate",
    "solver": "greenledger.core.products.footprint.solve (A^T f = e, sparse LU)",
    "electricity": "national electricity carbon-footprint series (MEE, NBS, NEA) unless the "
    "process gives its own factor",
}
_DQI_FIELDS = ("reliability", "completeness", "temporal", "geographical", "technological")
_RTOL = 1e-12


def shares_in_force(product: Product | int) -> Any:
    """Every share of ``product`` in force now (member customers and PACT clients)."""
    now = timezone.now()
    return FootprintShare.objects.filter(product=product, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def _dqi(process: Process) -> DQI | None:
    raw = process.dqi or {}
    if not all(isinstance(raw.get(name), int) for name in _DQI_FIELDS):
        return None
    try:
        return DQI(**{name: int(raw[name]) for name in _DQI_FIELDS})
    except InputError:
        return None


def _process_id(process: Process) -> str:
    return f"{process.name} #{process.pk}"


class _Gathered:
    """The core model of an enterprise's year and what each model key stands for."""

    def __init__(self) -> None:
        self.processes: list[CoreProcess] = []
        self.background: dict[str, Background] = {}
        self.labels: dict[str, dict[str, Any]] = {}  # model key -> what it is (for the page)
        self.suppliers: list[dict[str, Any]] = []
        self.factors: list[dict[str, Any]] = []
        self.errors: list[str] = []


def _supplier_input(
    g: _Gathered, organisation: Organisation, process: Process, item: Any
) -> str | None:
    product = item.supplier_product
    key = f"supplier:{product.pk}"
    if key in g.background:
        return key
    shared = permissions.active_footprint_shares(organisation.pk).filter(product=product)
    if product.organisation_id != organisation.pk and not shared.exists():
        g.errors.append(
            _(
                "Process %(process)s: the footprint of %(product)s is not shared with your "
                "enterprise (or the share has ended)."
            )
            % {"process": process.name, "product": product.name}
        )
        return None
    current = (
        Footprint.objects.filter(product=product, status=FootprintStatus.CURRENT)
        .order_by("-version")
        .first()
    )
    if current is None:
        g.errors.append(
            _("Process %(process)s: the supplier has not computed a footprint of %(product)s yet.")
            % {"process": process.name, "product": product.name}
        )
        return None
    supplier = product.organisation.name_zh
    g.background[key] = Background(
        product=key,
        tco2e_per_unit=current.tco2e_per_unit,
        source=f"{supplier}: {product.name} v{current.version}",
        confirmed=True,
        biogenic_tco2e_per_unit=current.biogenic_tco2e_per_unit,
    )
    g.labels[key] = {
        "kind": InputKind.SUPPLIER.value,
        "label": product.name,
        "supplier": supplier,
        "product_id": product.pk,
        "footprint_id": current.pk,
        "version": current.version,
    }
    g.suppliers.append(
        {
            "product_id": product.pk,
            "product": product.name,
            "supplier": supplier,
            "footprint_id": current.pk,
            "pact_id": str(current.pact_id),
            "version": current.version,
            "tco2e_per_unit": current.tco2e_per_unit,
        }
    )
    return key


def _background_input(g: _Gathered, process: Process, item: Any) -> str | None:
    factors = load_background()
    key = f"background:{item.background_key}"
    factor = factors.get(item.background_key)
    if factor is None:
        g.errors.append(
            _("Process %(process)s: there is no background factor %(key)s.")
            % {"process": process.name, "key": item.background_key}
        )
        return None
    if key not in g.background:
        g.background[key] = Background(
            product=key,
            tco2e_per_unit=factor.tco2e_per_unit,
            source=factor.source,
            confirmed=factor.confirmed,
        )
        g.labels[key] = {"kind": InputKind.BACKGROUND.value, "label": item.background_key}
        g.factors.append(
            {
                "key": item.background_key,
                "tco2e_per_unit": factor.tco2e_per_unit,
                "source": factor.source,
                "confirmed": factor.confirmed,
            }
        )
    return key


def _gather(organisation: Organisation, processes: list[Process]) -> _Gathered:
    g = _Gathered()
    made = {p.product_id for p in processes}
    for process in processes:
        output = float(process.annual_output)
        inputs: list[Input] = []
        for item in process.inputs.all():
            key: str | None
            if item.kind == InputKind.OWN:
                if item.own_product_id not in made:
                    g.errors.append(
                        _(
                            "Process %(process)s: your product %(product)s has no process in "
                            "%(year)s."
                        )
                        % {
                            "process": process.name,
                            "product": item.own_product.name,
                            "year": process.year,
                        }
                    )
                    continue
                key = f"product:{item.own_product_id}"
            elif item.kind == InputKind.SUPPLIER:
                key = _supplier_input(g, organisation, process, item)
            else:
                key = _background_input(g, process, item)
            if key is not None:
                inputs.append(Input(key, float(item.amount) * output))
        if process.electricity_mwh:
            factor = process.electricity_factor
            if factor is None or not math.isfinite(factor):
                g.errors.append(
                    _(
                        "Process %(process)s: its electricity has no footprint factor; attribute "
                        "the process's emissions again."
                    )
                    % {"process": process.name}
                )
            else:
                key = f"electricity:{process.pk}"
                g.background[key] = Background(
                    product=key,
                    tco2e_per_unit=float(factor),  # kgCO2e/kWh = tCO2e/MWh
                    source=process.electricity_factor_source,
                )
                g.labels[key] = {
                    "kind": "electricity",
                    "label": process.name,  # the page says "electricity of <process>"
                    "source": process.electricity_factor_source,
                }
                inputs.append(Input(key, float(process.electricity_mwh)))
        g.labels[f"product:{process.product_id}"] = {
            "kind": InputKind.OWN.value,
            "label": process.product.name,
            "product_id": process.product_id,
        }
        g.labels[_process_id(process)] = {"kind": "process", "label": process.name}
        g.processes.append(
            CoreProcess(
                id=_process_id(process),
                product=f"product:{process.product_id}",
                output=output,
                direct_tco2e=float(process.direct_tco2e),
                inputs=tuple(inputs),
                biogenic_tco2e=float(process.biogenic_tco2e),
                primary=process.primary,
                dqi=_dqi(process),
            )
        )
    return g


def _entries(values: dict[str, float], labels: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"key": key, **labels.get(key, {"label": key}), "tco2e_per_unit": value}
        for key, value in sorted(values.items(), key=lambda kv: -abs(kv[1]))
    ]


def _contributions(solved: Footprints, key: str, g: _Gathered) -> dict[str, Any]:
    c = solved.contributions(key)
    return {
        "total": c.total,
        "direct": c.direct,
        "inputs": _entries(c.by_input, g.labels),
        "processes": _entries(c.by_process, g.labels),
        "background": _entries(c.by_background, g.labels),
    }


def _changed(current: Footprint | None, year: int, value: float, biogenic: float) -> bool:
    if current is None or current.year != year:
        return True
    for old, new in ((current.tco2e_per_unit, value), (current.biogenic_tco2e_per_unit, biogenic)):
        if abs(old - new) > _RTOL * max(1.0, abs(old), abs(new)):
            return True
    return False


def _provenance(processes: list[Process], g: _Gathered) -> dict[str, Any]:
    return {
        "processes": [
            {
                "id": p.pk,
                "name": p.name,
                "product_id": p.product_id,
                "year": p.year,
                "annual_output": p.annual_output,
                "direct_tco2e": p.direct_tco2e,
                "biogenic_tco2e": p.biogenic_tco2e,
                "electricity_mwh": p.electricity_mwh,
                "electricity_factor": p.electricity_factor,
                "electricity_factor_source": p.electricity_factor_source,
                "primary": p.primary,
                "inventory": p.provenance,
                "updated_at": p.updated_at.isoformat(),
            }
            for p in processes
        ],
        "suppliers": g.suppliers,
        "background": g.factors,
        "rules": METHOD,
    }


def footprint_compute(*, actor: Any, organisation: Organisation, year: int) -> list[Footprint]:
    """Solve the enterprise's footprints of ``year``; the new versions (products whose figure
    changed), oldest product first. Audited; notices to the holders of the changed products."""
    if actor is not None and not permissions.can_manage_products(actor, organisation):
        raise PermissionDenied
    processes = list(
        Process.objects.filter(organisation=organisation, year=year)
        .select_related("product")
        .prefetch_related("inputs__own_product", "inputs__supplier_product__organisation")
        .order_by("id")
    )
    if not processes:
        raise ValidationError(
            {"year": _("The enterprise has no process in %(year)s.") % {"year": year}},
            code="invalid",
        )
    g = _gather(organisation, processes)
    if g.errors:
        raise ValidationError({"__all__": g.errors}, code="invalid")
    try:
        solved = solve(Model(tuple(g.processes), g.background))
    except InputError as error:
        raise ValidationError(
            {"__all__": [render(problem.message) for problem in error.problems]}, code="invalid"
        ) from None
    provenance = _provenance(processes, g)
    created: list[Footprint] = []
    now = timezone.now()
    with transaction.atomic():
        products = Product.objects.select_for_update().filter(
            pk__in=[p.product_id for p in processes]
        )
        for product in products.order_by("id"):
            key = f"product:{product.pk}"
            value = solved.per_unit[key]
            biogenic = solved.biogenic_per_unit[key]
            current = (
                Footprint.objects.filter(product=product, status=FootprintStatus.CURRENT)
                .order_by("-version")
                .first()
            )
            if not _changed(current, year, value, biogenic):
                continue
            last = Footprint.objects.filter(product=product).order_by("-version").first()
            footprint = Footprint.objects.create(
                product=product,
                year=year,
                version=1 if last is None else last.version + 1,
                tco2e_per_unit=value,
                biogenic_tco2e_per_unit=biogenic,
                primary_data_share=solved.primary_share[key],
                dqi=solved.dqi[key],
                contributions={
                    **_contributions(solved, key, g),
                    "dqi_coverage": solved.dqi_coverage[key],
                },
                provenance=provenance,
                created_by=actor,
                created_at=now,
            )
            if current is not None:
                Footprint.objects.filter(product=product, status=FootprintStatus.CURRENT).exclude(
                    pk=footprint.pk
                ).update(status=FootprintStatus.SUPERSEDED)
            for share in shares_in_force(product):
                FootprintNotice.objects.create(
                    share=share, footprint=footprint, previous=current, created_at=now
                )
            audit_append(
                actor=actor,
                action="products.footprint.compute",
                obj=footprint,
                before=None if current is None else snapshot(current),
                after=snapshot(footprint),
            )
            created.append(footprint)
    return created
