"""Helpers of the notices, home and outbox tests: notices built through the services, office
files built in memory, a private directory per test."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from greenledger.web.alliance.models import Notice
from greenledger.web.alliance.services.notices import notice_create, notice_publish
from tests.web.conftest import World

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
FIXED = (2026, 1, 5, 9, 0, 0)


@pytest.fixture
def private_media(settings: Any, tmp_path: Any) -> Any:
    """Uploaded files of one test in a directory of its own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def office_file(part: str, main_type: str) -> bytes:
    """A minimal OOXML package whose ``[Content_Types].xml`` declares ``part`` as
    ``main_type``."""
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:  # fixed dates: the same bytes every time
        package.writestr(zipfile.ZipInfo("[Content_Types].xml", FIXED), content_types)
        package.writestr(zipfile.ZipInfo(part, FIXED), "<root/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    return office_file("xl/workbook.xml", XLSX_MAIN)


def docx_bytes() -> bytes:
    return office_file("word/document.xml", DOCX_MAIN)


def a_draft(world: World, **overrides: Any) -> Notice:
    values: dict[str, Any] = {
        "kind": "policy",
        "title_zh": "关于推进协同降碳的通知",
        "title_en": "Notice on coordinated carbon reduction",
        "body_zh": "各成员单位：请按要求报送减污降碳协同措施。",
        "body_en": "Members: report your measures for coordinated pollution and carbon reduction.",
        "public": True,
        "audiences": {},
    }
    actor = overrides.pop("actor", world.users["secretariat"])
    values.update(overrides)
    return notice_create(actor=actor, **values)


def a_published(world: World, **overrides: Any) -> Notice:
    return notice_publish(actor=world.users["secretariat"], notice=a_draft(world, **overrides))


def for_enterprises(world: World) -> Notice:
    """A published notice addressed to member enterprises only (not public)."""
    return a_published(
        world,
        kind="result",
        title_zh="企业成员名单公示",
        title_en="Member enterprises: the list",
        public=False,
        audiences={"for_enterprises": True},
    )


def for_financial(world: World) -> Notice:
    """A published notice addressed to member financial institutions only."""
    return a_published(
        world,
        kind="call",
        title_zh="金融机构绿色项目对接通知",
        title_en="Green projects for financial institutions",
        public=False,
        audiences={"for_financial": True},
    )
