"""Inventories to report on: one enterprise of the sample district, and a hand-made one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from greenledger.core.context import AccountingContext
from greenledger.core.factors import FactorLibrary, load_library
from greenledger.core.intake import frame_to_lines, read_activity_file
from greenledger.core.inventory import Inventory, compute_inventory
from greenledger.core.model import ActivityLine
from greenledger.web.reports.inputs import EnterpriseDetails, ReportInput, Site

SAMPLE = Path(__file__).resolve().parents[3] / "samples" / "district.csv"
STEEL = "Demo Steel Structures Co."
COAL = "示例燃煤锅炉有限公司"
MALICIOUS = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="session")
def library() -> FactorLibrary:
    return load_library()


@pytest.fixture(scope="session")
def district(library: FactorLibrary) -> Inventory:
    lines = frame_to_lines(read_activity_file(SAMPLE, library))
    return compute_inventory(lines, library, AccountingContext())


def details(name: str, **overrides: object) -> EnterpriseDetails:
    values: dict[str, object] = {
        "name": name,
        "credit_code": "91310115MA1K4B2X3Y",
        "address": "上海市浦东新区示例路 88 号",
        "industry": "C3311 金属结构制造",
        "reporting_year": 2023,
        "sites": (Site("", "上海市浦东新区示例路 88 号", "焊接车间、燃煤锅炉"),),
        "prepared_by": "李明（能源管理员）",
    }
    values.update(overrides)
    return EnterpriseDetails(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def steel(district: Inventory) -> ReportInput:
    return ReportInput.from_inventory(district, details(STEEL))


def coal_inventory(library: FactorLibrary, enterprise: str = COAL) -> Inventory:
    """1000 t of raw coal burnt in 2023: 1,900.30 tCO2 and 714.30 tce (GB/T 32150, GB/T 2589)."""
    line = ActivityLine(enterprise=enterprise, period="2023", activity="raw_coal", quantity=1000.0)
    return compute_inventory([line], library, AccountingContext())


@pytest.fixture(scope="session")
def coal(library: FactorLibrary) -> ReportInput:
    return ReportInput.from_inventory(coal_inventory(library), details(COAL))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    """The text without whitespace, so that cell contents wrapped over lines compare whole."""
    return re.sub(r"\s+", "", text)
