"""Portfolios worked out by hand for the PCAF tests (amounts in yuan, emissions in tCO2e)."""

from __future__ import annotations

import polars as pl

COLUMNS = (
    "position",
    "borrower",
    "borrower_code",
    "asset_class",
    "outstanding_yuan",
    "equity_yuan",
    "debt_yuan",
    "evic_yuan",
    "property_value_yuan",
    "revenue_yuan",
    "emissions_tco2e",
    "emissions_basis",
    "sector",
    "catalogue_code",
)

# position, borrower, code, class, outstanding, equity, debt, EVIC, property, revenue,
# emissions, basis, sector, catalogue code
ROWS = (
    # 5M / EVIC 100M = 0.05; x 20,000 t = 1,000 t; reported -> 2
    (
        "E1",
        "Listed A",
        "",
        "listed_equity",
        "5,000,000",
        "",
        "",
        "100000000",
        "",
        "200000000",
        "20000",
        "reported",
        "D44",
        "",
    ),
    # 3M / EVIC 60M = 0.05; x 4,000 t = 200 t; verified -> 1
    (
        "B1",
        "Listed B",
        "",
        "corporate_bond",
        "3000000",
        "",
        "",
        "60000000",
        "",
        "",
        "4000",
        "verified",
        "C31",
        "",
    ),
    # private: 2M / (4M + 6M) = 0.2; x 1,000 t = 200 t; verified -> 1
    (
        "L1",
        "Private C",
        "91310115MA1FL00079",
        "business_loan",
        "2000000",
        "4000000",
        "6000000",
        "",
        "",
        "50000000",
        "1000",
        "verified",
        "C26",
        "1.1.1",
    ),
    # listed borrower: EVIC 50M wins over equity + debt: 2M / 50M = 0.04; x 1,000 t = 40 t;
    # energy data -> 2
    (
        "L2",
        "Listed D",
        "",
        "business_loan",
        "2000000",
        "4000000",
        "6000000",
        "50000000",
        "",
        "",
        "1000",
        "energy",
        "C26",
        "1.1.1",
    ),
    # 30M / (40M + 60M) = 0.3; x 8,000 t = 2,400 t; production -> 3
    (
        "P1",
        "Solar project E",
        "",
        "project_finance",
        "30000000",
        "40000000",
        "60000000",
        "",
        "",
        "",
        "8000",
        "production",
        "D44",
        "3.2.1",
    ),
    # 12M / property value 48M = 0.25; x 600 t = 150 t; energy -> 2
    (
        "R1",
        "Office F",
        "",
        "commercial_real_estate",
        "12000000",
        "",
        "",
        "",
        "48000000",
        "",
        "600",
        "energy",
        "K70",
        "",
    ),
    # 1.2M / 4M = 0.3; x 3 t = 0.9 t; energy -> 2
    (
        "M1",
        "Household G",
        "",
        "mortgage",
        "1200000",
        "",
        "",
        "",
        "4000000",
        "",
        "3",
        "energy",
        "residential",
        "",
    ),
)


def frame(rows: tuple[tuple[str, ...], ...] = ROWS) -> pl.DataFrame:
    return pl.DataFrame([dict(zip(COLUMNS, row, strict=True)) for row in rows])


def csv_text(rows: tuple[tuple[str, ...], ...] = ROWS) -> str:
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(f'"{cell}"' if "," in cell else cell for cell in row))
    return "\n".join(lines) + "\n"


SECTOR_FACTORS = """\
factors:
  C31:
    revenue_tco2e_per_million_yuan: 500
    asset_tco2e_per_million_yuan: 100
    year: 2024
    source: a test factor, not a published one
    confirmed: false
"""
