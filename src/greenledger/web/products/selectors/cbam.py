"""Reads of CBAM installations and reports: who sees what, the core's view of an installation,
a supplier's verified SEEs of a product, and the site's processes that can be CBAM goods.

Visibility: the enterprise's users and the staff (``permissions.can_view_products``) and the
evaluator assigned to the enterprise (an assignment in force); anybody else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from greenledger.core.products import cbam as core
from greenledger.web.accounts import permissions
from greenledger.web.accounts.models import Assignment, Role
from greenledger.web.products.models import CbamReport, CbamStatus, Installation, Process, Product


def visible_installations(user: Any) -> QuerySet[Installation]:
    found = Installation.objects.select_related("site", "organisation")
    role = permissions.role_of(user)
    if role in permissions.STAFF_ROLES:
        return found
    if role in permissions.ENTERPRISE_ROLES and user.organisation_id is not None:
        return found.filter(organisation_id=user.organisation_id)
    if role == Role.EVALUATOR:
        assigned = Assignment.objects.filter(evaluator_id=user.pk, ended_at__isnull=True)
        return found.filter(organisation_id__in=assigned.values("organisation_id"))
    return found.none()


def visible_reports(user: Any) -> QuerySet[CbamReport]:
    return CbamReport.objects.select_related("installation__site", "installation__organisation")\
        .filter(installation__in=visible_installations(user))  # fmt: skip


def core_installation(installation: Installation) -> core.Installation:
    site = installation.site
    return core.Installation(
        name=installation.name_en,
        country="CN",
        address=installation.address_en or None,
        unlocode=installation.unlocode or None,
        latitude=site.latitude,
        longitude=site.longitude,
        operator=installation.organisation.name_en or installation.organisation.name_zh,
        production_route=installation.production_route or None,
    )


def supplier_see(*, product: Product, year: int) -> dict[str, Any] | None:
    """The SEEs of ``product`` in the supplier's newest verified CBAM report of ``year`` (as a
    precursor's supplier SEEs with their provenance), or None."""
    reports = (
        CbamReport.objects.filter(
            installation__organisation_id=product.organisation_id,
            status=CbamStatus.VERIFIED,
        )
        .filter(Q(period=str(year)) | Q(period__startswith=f"{year}-"))
        .order_by("-verified_at")
    )
    for report in reports:
        for good in report.inputs.get("goods", []):
            if good.get("product") != product.pk:
                continue
            for computed in report.result.get("goods", []):
                if computed["process"] == good["id"]:
                    return {
                        "supplier": str(product.organisation),
                        "supplier_see_direct": computed["see_direct"],
                        "supplier_see_indirect": computed["see_indirect"],
                        "supplier_report": {
                            "id": report.pk,
                            "period": report.period,
                            "version": report.version,
                            "product": product.pk,
                        },
                    }
    return None


def cbam_processes(installation: Installation, year: int) -> list[dict[str, Any]]:
    """The site's processes of ``year``, each with its product's CN code and whether the CBAM
    annex covers it (with the reason it does not)."""
    annex = core.load_goods()
    rows = []
    found = Process.objects.filter(site_id=installation.site_id, year=year).select_related(
        "product"
    )
    for process in found:
        category, reason = annex.classify(process.product.cn_code or "")
        rows.append(
            {
                "process": process,
                "category": category.name if category is not None else None,
                "reason": reason,
            }
        )
    return rows


def can_view_installation(user: Any, installation: Installation) -> bool:
    return visible_installations(user).filter(pk=installation.pk).exists()
