"""A portfolio world for the PORTFOLIO tests: the planning world (company A with a verified 2025
inventory, shared with the analyst's bank by the personas' grant) without a financing project,
so these tests do not depend on the projects services. Hand figures of the sample book:

==========  ==============  ===========  ==========================  =========  ==========  =====
position    borrower        asset class  outstanding / denominator   attrib.    emissions   score
==========  ==============  ===========  ==========================  =========  ==========  =====
L-A         company A       business     30 M / (100 M + 50 M)       0.2        verified E  1
E-1         外部上市公司    listed eq.   5 M / EVIC 200 M            0.025      80,000      2
P-1         外部项目公司    project fin  40 M / (60 M + 40 M)        0.4        1,500       2
M-1         个人住房        mortgage     1 M / property 2 M          0.5        10 (energy) 2
==========  ==============  ===========  ==========================  =========  ==========  =====
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import build_world, credit_code, kept_for_the_module
from tests.web.planning.conftest import PlanningWorld, build_planning_world, planning_settings

HEADER = (
    "position,borrower,borrower_code,asset_class,outstanding_yuan,equity_yuan,debt_yuan,"
    "evic_yuan,property_value_yuan,revenue_yuan,emissions_tco2e,emissions_basis,sector,"
    "catalogue_code,carbon_effect,use_of_proceeds"
)
ROWS = {
    "L-A": f"L-A,甲公司,{credit_code(1)},business_loan,30000000,100000000,50000000,,,"
    "500000000,,reported,C3825,4,indirect,电机改造",
    "E-1": "E-1,外部上市公司,,listed_equity,5000000,,,200000000,,100000000,80000,reported,C26,,,",
    "P-1": "P-1,外部项目公司,,project_finance,40000000,60000000,40000000,,,20000000,1500,"
    "reported,D44,1,direct,光伏电站",
    "M-1": "M-1,个人住房,,mortgage,1000000,,,,2000000,,10,energy,real_estate,,,",
}


def portfolio_csv(tmp: Path, *rows: str, name: str = "book.csv") -> Path:
    path = tmp / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def kept_portfolio_world(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PlanningWorld]:
    tmp = tmp_path_factory.mktemp("portfolio")
    with (
        planning_settings(tmp),
        kept_for_the_module(
            django_db_blocker, lambda: build_planning_world(build_world(), tmp / "files")
        ) as data,
    ):
        yield data
