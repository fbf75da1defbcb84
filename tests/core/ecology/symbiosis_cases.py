"""Small offers and needs for the symbiosis tests, built in code or written as CSV."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from greenledger.core.ecology.symbiosis import Need, Offer

OFFER = Offer(
    id="O", site="Plant A", organisation="Acme", park="Jinqiao", lat=31.26, lon=121.60,
    kind="heat", quantity=3000.0, start_month="2026-01", end_month="2026-12",
    supply_temp_c=120.0, return_temp_c=70.0,
)  # fmt: skip
NEED = Need(
    id="N", site="Food B", organisation="FoodCo", park="Jinqiao", lat=31.255, lon=121.605,
    kind="heat", quantity=4000.0, start_month="2026-01", end_month="2026-12",
    process="process_heat", min_temp_c=80.0,
)  # fmt: skip


def offer(**changes: object) -> Offer:
    return replace(OFFER, **changes)  # type: ignore[arg-type]


def need(**changes: object) -> Need:
    return replace(NEED, **changes)  # type: ignore[arg-type]


OFFERS_HEADER = (
    "id,site,organisation,park,lat,lon,kind,quantity,start_month,end_month,code,"
    "supply_temp_c,return_temp_c,medium,quality_grade,anonymous"
)
NEEDS_HEADER = (
    "id,site,organisation,park,lat,lon,kind,process,quantity,start_month,end_month,"
    "min_temp_c,max_temp_c,quality_grade,permit_codes,anonymous"
)
OFFERS = [
    "O1,Plant A,Acme Steel,Jinqiao,31.26,121.60,heat,5000,2026-01,2026-12,,120,70,water,,no",
    "O2,Plant B,Boiler Co,Jinqiao,31.25,121.61,heat,3000,2026-01,2026-12,,45,30,water,,yes",
    "O3,Power C,PowerGen,Waigaoqiao,31.35,121.58,solid_waste,1000,2026-01,2026-12,441-001-S02"
    ",,,,,no",
    "O4,Garage D,AutoFix,Zhangjiang,31.20,121.60,hazardous_waste,20,2026-01,2026-12,"
    "900-214-08,,,,,no",
]
NEEDS = [
    "N1,Food E,FoodCo,Jinqiao,31.255,121.605,heat,process_heat,4000,2026-01,2026-12,80,,,,no",
    "N2,Cement F,CemCo,Lingang,31.30,121.62,solid_waste,cement_blending,800,2026-03,2026-12,,,,,no",
    "N3,Oil G,ReOil,Zhangjiang,31.21,121.61,hazardous_waste,waste_oil_regeneration,50,"
    "2026-01,2026-12,,,,900-249-08,no",
]


def write(path: Path, header: str, rows: list[str]) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
