"""Recording designations and importing them from XLSX, all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from greenledger.core.errors import InputError
from greenledger.web.audit.models import AuditEntry
from greenledger.web.members import services
from greenledger.web.members.importing import designations_import_xlsx
from greenledger.web.members.models import Designation
from tests.web.conftest import World

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = ["credit_code", "type", "level", "year", "batch", "issuing_body", "valid_from", "site"]


def workbook(rows: list[list[object]], header: list[str] = HEADER) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = "认定名单"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_a_factory_designation_must_name_a_factory(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.designation_create(
            actor=None,
            organisation=world.company_c,
            site=world.park,
            type="green_factory",
            level="national",
            year=2020,
            issuing_body="工业和信息化部",
            valid_from=dt.date(2020, 12, 1),
        )
    assert list(caught.value.message_dict) == ["site"]


def test_only_registry_staff_record_designations(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.designation_create(actor=world.users["enterprise_a"], organisation=world.company_a)


def test_a_clean_workbook_is_imported_row_by_row(world: World) -> None:
    file = workbook(
        [
            [world.company_a.credit_code, "green_factory", "national", 2019, "第四批",
             "工业和信息化部", dt.datetime(2019, 12, 1), "甲工厂"],
            [world.company_c.credit_code.lower(), "Green park", "municipal", "2021", "",
             "上海市经济和信息化委员会", "2021-06-30", "丙园区"],
        ]
    )  # fmt: skip
    created = designations_import_xlsx(actor=world.users["secretariat"], file=file)
    assert [(d.type, d.site.name_zh) for d in created] == [
        ("green_factory", "甲工厂"),
        ("green_park", "丙园区"),
    ]


def test_a_workbook_with_bad_rows_saves_nothing_and_names_each_row_and_column(
    world: World,
) -> None:
    designations_before = Designation.objects.count()
    entries_before = AuditEntry.objects.count()
    file = workbook(
        [
            [world.company_a.credit_code, "green_factory", "national", 2019, "",
             "工业和信息化部", "2019-12-01", "甲工厂"],  # good
            ["91350100M000100Y43", "green_factory", "national", 2019, "",
             "工业和信息化部", "2019-12-01", None],  # unknown organisation
            [world.company_a.credit_code, "golden_factory", "global", "MMXIX", "",
             "工业和信息化部", "1st December", None],  # four bad cells
            [world.company_a.credit_code, "green_factory", "national", 2019, "",
             "", "2019-12-01", "甲工厂"],  # issuing body missing
            [world.company_a.credit_code, "green_factory", "national", 2019, "",
             "工业和信息化部", "2019-12-01", "甲工厂"],  # same as row 2
        ]
    )  # fmt: skip
    with pytest.raises(InputError) as caught:
        designations_import_xlsx(actor=world.users["secretariat"], file=file, filename="名单.xlsx")
    located = {(p.row, p.column) for p in caught.value.problems}
    assert located == {
        (3, "credit_code"),
        (4, "type"),
        (4, "level"),
        (4, "year"),
        (4, "valid_from"),
        (5, "issuing_body"),
        (6, "type"),
    }
    first = str(caught.value.problems[0])
    assert first.startswith("名单.xlsx, sheet 认定名单, row 3, column credit_code: ")
    assert Designation.objects.count() == designations_before
    assert AuditEntry.objects.count() == entries_before


def test_a_workbook_without_a_required_column_is_refused_before_any_row(world: World) -> None:
    file = workbook([[world.company_a.credit_code]], header=["credit_code", "colour"])
    with pytest.raises(InputError) as caught:
        designations_import_xlsx(actor=None, file=file)
    columns = {p.column for p in caught.value.problems}
    assert {"colour", "type", "level", "year", "issuing_body", "valid_from"} <= columns


def test_a_file_that_is_not_a_workbook_is_refused_with_its_name(world: World) -> None:
    with pytest.raises(InputError) as caught:
        designations_import_xlsx(actor=None, file=io.BytesIO(b"not a zip"), filename="x.xlsx")
    assert caught.value.problems[0].file == "x.xlsx"
