"""The published district aggregates, for everybody (anonymous visitors included): district and
park totals per year from verified inventories only, small groups suppressed (the rule is in
``selectors.public`` and on the page), with CSV and XLSX downloads of the same rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe
from openpyxl import Workbook

from greenledger.exports import safe_cell
from greenledger.web.district.selectors.public import (
    FIGURES,
    MIN_ENTERPRISES,
    PublicRow,
    public_aggregates,
)
from greenledger.web.district.selectors.versions import fact_versions
from greenledger.web.reports.cells import (
    INTENSITY,
    MASS,
    POLLUTANT,
    append_header,
    append_row,
    set_widths,
)
from greenledger.web.reports.cells import save as save_workbook
from greenledger.web.ui.viewer_cache import cached_for_viewer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: column headers of the downloads (the CSV in the request's language, the workbook bilingual)
HEADERS: dict[str, Promise] = {
    "year": gettext_lazy("Year"),
    "scope": gettext_lazy("Scope"),
    "park": gettext_lazy("Park"),
    "enterprises": gettext_lazy("Enterprises reporting"),
    "published": gettext_lazy("Published"),
    "energy_tce": gettext_lazy("Energy, calorific value (tce)"),
    "energy_tce_generation": gettext_lazy("Energy, generation coal consumption (tce)"),
    "gbt32150_co2e_t": gettext_lazy("GB/T 32150 emissions (tCO2e)"),
    "scope1_co2e_t": gettext_lazy("Scope 1 (tCO2e)"),
    "scope2_location_t": gettext_lazy("Scope 2 location-based (tCO2e)"),
    "scope2_market_t": gettext_lazy("Scope 2 market-based (tCO2e)"),
    "output_value_wan_yuan": gettext_lazy("Output value (10^4 yuan, current prices)"),
    "tce_per_wan_yuan": gettext_lazy("tce per 10^4 yuan"),
    "co2e_t_per_wan_yuan": gettext_lazy("tCO2e per 10^4 yuan"),
    "so2_t": gettext_lazy("SO2 (t)"),
    "nox_t": gettext_lazy("NOx (t)"),
    "pm_t": gettext_lazy("PM (t)"),
    "vocs_t": gettext_lazy("VOCs (t)"),
}
FORMATS = {
    **{6 + i: MASS for i in range(7)},
    13: INTENSITY,
    14: INTENSITY,
    **{15 + i: POLLUTANT for i in range(4)},
}


def _park_name(row: PublicRow, english: bool) -> str:
    if row.park_id is None:
        return _("Whole district")
    return row.park_name_en if english and row.park_name_en else row.park_name_zh


def table_rows(rows: Iterable[PublicRow], *, english: bool) -> list[list[Any]]:
    """The published rows as table cells (blank figures where suppressed)."""
    cells = []
    for row in rows:
        figures = row.figures or {}
        cells.append(
            [
                row.year,
                _("District") if row.park_id is None else _("Park"),
                _park_name(row, english),
                row.enterprises,
                _("yes")
                if row.published
                else _("no, fewer than %(n)s enterprises") % {"n": MIN_ENTERPRISES},
                *(figures.get(key) for key in FIGURES),
            ]
        )
    return cells


def _english(request: HttpRequest) -> bool:
    return (getattr(request, "LANGUAGE_CODE", "") or "").startswith("en")


@require_safe
@cached_for_viewer
def public_page(request: HttpRequest) -> HttpResponse:
    rows = public_aggregates()
    context = {
        "nav": "district_public",
        "district_rows": [row for row in rows if row.park_id is None],
        "park_rows": [row for row in rows if row.park_id is not None],
        "minimum": MIN_ENTERPRISES,
        "english": _english(request),
        "versions": sorted(fact_versions().items()),
    }
    return render(request, "district/public.html", context)


@require_safe
def public_csv(request: HttpRequest) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(label) for label in HEADERS.values()])
    for cells in table_rows(public_aggregates(), english=_english(request)):
        writer.writerow([safe_cell("" if value is None else value) for value in cells])
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
    )  # the byte-order mark makes Excel read UTF-8
    response["Content-Disposition"] = 'attachment; filename="district-aggregates.csv"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def public_workbook(rows: list[PublicRow]) -> bytes:
    """The published rows as a workbook: bilingual headers, park names in Chinese."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Aggregates"
    append_header(sheet, HEADERS.values())
    for cells in table_rows(rows, english=False):
        append_row(sheet, cells, FORMATS)
    set_widths(sheet, (8, 10, 24, 12, 24, *([16] * len(FIGURES))))
    workbook.properties.creator = "GreenLedger"
    return save_workbook(workbook)


@require_safe
def public_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(public_workbook(public_aggregates()), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="district-aggregates.xlsx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("public/", public_page, name="public"),
    path("public/aggregates.csv", public_csv, name="public_csv"),
    path("public/aggregates.xlsx", public_xlsx, name="public_xlsx"),
]
