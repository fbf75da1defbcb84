"""Importing designations from an XLSX workbook: every row is checked, all or nothing.

The first sheet's first row names the columns (English keys or their Chinese headings); each
later row is one designation. A problem names the row (as the spreadsheet numbers it), the
column and the reason; if any row has a problem nothing is saved.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from greenledger.core.errors import InputError, Problem
from greenledger.core.registry import credit_code
from greenledger.web.accounts import permissions
from greenledger.web.members.models import (
    Designation,
    DesignationLevel,
    DesignationStatus,
    DesignationType,
    Organisation,
    Site,
)
from greenledger.web.members.services import designation_create, designation_problems

COLUMNS = (
    "credit_code",
    "type",
    "level",
    "year",
    "batch",
    "issuing_body",
    "valid_from",
    "valid_until",
    "site",
    "status",
)
REQUIRED = frozenset({"credit_code", "type", "level", "year", "issuing_body", "valid_from"})
HEADING_ALIASES = {
    "统一社会信用代码": "credit_code",
    "类型": "type",
    "级别": "level",
    "年度": "year",
    "批次": "batch",
    "发布机构": "issuing_body",
    "生效日期": "valid_from",
    "有效期至": "valid_until",
    "场所": "site",
    "状态": "status",
}


def _choice(value: Any, choices: type[Any]) -> str | None:
    """Accept a choice's key or its label in any of the site's languages, in any case."""
    text = str(value).strip().lower()
    for key, label in choices.choices:
        if text == key.lower():
            return key
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                if text == str(label).lower():
                    return key
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def _read_rows(file: IO[bytes], filename: str) -> tuple[str, list[tuple[int, dict[str, Any]]]]:
    from openpyxl import load_workbook  # imported on use: only imports need it

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not XLSX
        raise InputError(
            [Problem(_("This is not a readable XLSX workbook (%s).") % exc, file=filename)]
        ) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        raise InputError([Problem(_("The workbook is empty."), file=filename, sheet=sheet.title)])
    names: list[str | None] = []
    problems = []
    for heading in header:
        text = "" if heading is None else str(heading).strip()
        name = HEADING_ALIASES.get(text, text.lower())
        if name and name not in COLUMNS:
            problems.append(
                Problem(
                    _("Unknown column %(name)r; the columns are %(columns)s.")
                    % {"name": text, "columns": ", ".join(COLUMNS)},
                    file=filename,
                    sheet=sheet.title,
                    row=1,
                    column=text,
                )
            )
        names.append(name or None)
    for missing in sorted(REQUIRED - set(names)):
        problems.append(
            Problem(
                _("The required column %(name)s is missing.") % {"name": missing},
                file=filename,
                sheet=sheet.title,
                row=1,
                column=missing,
            )
        )
    if problems:
        raise InputError(problems)
    records = []
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        record = {name: value for name, value in zip(names, values, strict=False) if name}
        records.append((number, record))
    workbook.close()
    return sheet.title, records


def designations_import_xlsx(
    *, actor: Any, file: IO[bytes], filename: str = "designations.xlsx"
) -> list[Designation]:
    """Import every row of the workbook as a designation, or none if any row has a problem."""
    if actor is not None and not permissions.can_manage_designations(actor):
        raise PermissionDenied
    sheet, records = _read_rows(file, filename)
    problems: list[Problem] = []
    prepared: list[dict[str, Any]] = []
    seen: dict[tuple[Any, ...], int] = {}

    def problem(row: int, column: str, reason: str) -> None:
        problems.append(Problem(reason, file=filename, sheet=sheet, row=row, column=column))

    codes = {credit_code.normalise(str(r.get("credit_code") or "")) for _n, r in records}
    organisations = {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=codes)}
    for row, record in records:
        before = len(problems)
        blank = {
            column
            for column in REQUIRED
            if record.get(column) is None or str(record.get(column)).strip() == ""
        }
        for column in sorted(blank):
            problem(row, column, _("This column is required."))
        organisation = None
        if "credit_code" not in blank:
            code = credit_code.normalise(str(record["credit_code"]))
            organisation = organisations.get(code)
            if organisation is None:
                problem(row, "credit_code", _("No registered organisation has the code %s.") % code)
        values: dict[str, Any] = {
            "organisation": organisation,
            "type": _choice(record.get("type"), DesignationType),
            "level": _choice(record.get("level"), DesignationLevel),
            "year": _year(record.get("year")),
            "batch": str(record.get("batch") or "").strip(),
            "issuing_body": str(record.get("issuing_body") or "").strip(),
            "valid_from": _date(record.get("valid_from")),
            "valid_until": None,
            "site": None,
            "status": DesignationStatus.ACTIVE,
        }
        if values["type"] is None and "type" not in blank:
            problem(row, "type", _("Unknown designation type %r.") % str(record["type"]))
        if values["level"] is None and "level" not in blank:
            problem(row, "level", _("The level is national, municipal or district."))
        if values["year"] is None and "year" not in blank:
            problem(row, "year", _("The year must be a whole number such as 2021."))
        if values["valid_from"] is None and "valid_from" not in blank:
            problem(row, "valid_from", _("Write the date as YYYY-MM-DD."))
        if record.get("valid_until") not in (None, ""):
            values["valid_until"] = _date(record["valid_until"])
            if values["valid_until"] is None:
                problem(row, "valid_until", _("Write the date as YYYY-MM-DD."))
        if record.get("status") not in (None, ""):
            values["status"] = _choice(record["status"], DesignationStatus)
            if values["status"] is None:
                problem(row, "status", _("The status is active, expired or revoked."))
        if record.get("site") not in (None, "") and organisation is not None:
            site_name = str(record["site"]).strip()
            values["site"] = Site.objects.filter(
                organisation=organisation, name_zh=site_name
            ).first()
            if values["site"] is None:
                problem(row, "site", _("The organisation has no site named %s.") % site_name)
        if len(problems) > before:
            continue
        for field, messages in designation_problems(values).items():
            for message in messages:
                problem(row, field, str(message))
        key = (organisation.pk, values["site"], values["type"], values["year"])
        if key in seen:
            problem(row, "type", _("The same designation is already on row %d.") % seen[key])
        seen.setdefault(key, row)
        prepared.append(values)
    if problems:
        raise InputError(problems, headline=_("Nothing was imported: fix these problems first."))
    with transaction.atomic():
        return [designation_create(actor=actor, **values) for values in prepared]
