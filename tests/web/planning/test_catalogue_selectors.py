"""The catalogue selectors: shipped plus published technologies, kept until a publication."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenledger.core.planning.catalogue import load_catalogue
from greenledger.web.planning.selectors import catalogue as selectors
from tests.web.planning.catalogue_support import (
    case_record,
    published,
    research_institute,
    researcher,
    technology_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def institute_and_user() -> tuple[Any, Any]:
    institute = research_institute()
    return institute, researcher(institute)


def test_without_publications_the_catalogue_is_the_shipped_one() -> None:
    shipped = load_catalogue()
    assert [t.id for t in selectors.catalogue()] == [t.id for t in shipped]
    assert len(selectors.catalogue()) == len(shipped) >= 40


def test_a_kept_catalogue_costs_one_query_and_a_publication_renews_it(
    institute_and_user: tuple[Any, Any],
) -> None:
    first = selectors.catalogue()
    with CaptureQueriesContext(connection) as queries:
        again = selectors.catalogue()
    assert again is first
    assert len(queries.captured_queries) == 1
    institute, user = institute_and_user
    proposal = published(institute, user, "kiln_heat_cascade", technology_record())
    renewed = selectors.catalogue()
    assert len(renewed) == len(first) + 1
    new = renewed.get("kiln_heat_cascade")
    assert new.saving_rate == pytest.approx(0.12)
    assert new.capex_yuan_per_unit == pytest.approx(85_000)
    assert new.industries == ("C30", "C31")
    assert new.source.key == f"proposal_{proposal.pk}"
    assert new.source.document == "DJ-LCT-2025-07"
    assert selectors.technology("kiln_heat_cascade") == new
    assert selectors.proposal_of("kiln_heat_cascade") == proposal
    assert selectors.proposal_of("vsd_pumps_fans") is None


def test_an_unknown_technology_is_a_key_error_not_a_404() -> None:
    with pytest.raises(KeyError):
        selectors.technology("no_such_technology")


def test_a_published_record_that_no_longer_fits_is_left_out_not_fatal(
    institute_and_user: tuple[Any, Any],
) -> None:
    institute, user = institute_and_user
    # the shipped file has vsd_pumps_fans: a publication under the same id cannot join
    published(institute, user, "vsd_pumps_fans", technology_record())
    published(institute, user, "kiln_heat_cascade", technology_record(source="miit_2025"))
    ids = [t.id for t in selectors.catalogue()]
    assert ids.count("vsd_pumps_fans") == 1
    assert ids[-1] == "kiln_heat_cascade"
    assert selectors.technology("kiln_heat_cascade").source.key == "miit_2025"
    assert selectors.technology("vsd_pumps_fans").name_en.startswith("Variable-speed")


def test_cases_are_the_published_ones_of_that_technology_newest_year_first(
    institute_and_user: tuple[Any, Any],
) -> None:
    institute, user = institute_and_user
    old = published(institute, user, "vsd_pumps_fans", case_record(year=2021), kind="case")
    new = published(institute, user, "vsd_pumps_fans", case_record(year=2024), kind="case")
    published(institute, user, "motor_ie3_to_ie4", case_record(), kind="case")
    draft = published(institute, user, "vsd_pumps_fans", case_record(year=2025), kind="case")
    draft.status = "submitted"
    draft.save()
    assert selectors.cases_for("vsd_pumps_fans") == [new, old]


def test_a_record_is_checked_by_the_core_parser_naming_the_field() -> None:
    assert selectors.technology_record_problems(technology_record(), "kiln_heat_cascade") == []
    problems = selectors.technology_record_problems(
        technology_record(saving_rate=1.4, lifetime_years=0), "kiln_heat_cascade"
    )
    assert {p.column for p in problems} == {"saving_rate", "lifetime_years"}
    taken = selectors.technology_record_problems(technology_record(), "vsd_pumps_fans")
    assert [p.message.code for p in taken] == ["planning.catalogue.duplicate"]
    unknown = selectors.technology_record_problems(
        technology_record(requires=["no_such_thing"]), "kiln_heat_cascade"
    )
    assert [p.message.code for p in unknown] == ["planning.catalogue.unknown_requirement"]


def test_filters_by_industry_end_use_source_and_confirmation(
    institute_and_user: tuple[Any, Any],
) -> None:
    published(*institute_and_user, "kiln_heat_cascade", technology_record(confirmed=True))
    every = selectors.catalogue()
    steel = selectors.filter_technologies(every, industry="c31")
    assert steel and all(
        "all" in t.industries
        or any("C31".startswith(i) or i.startswith("C31") for i in t.industries)
        for t in steel
    )
    assert len(selectors.filter_technologies(every, industry="C3110")) <= len(steel)
    only_steel = [t for t in every if "all" not in t.industries and t not in steel]
    assert only_steel  # some technologies are for other industries only
    lighting = selectors.filter_technologies(every, end_use="lighting")
    assert lighting and {t.end_use for t in lighting} == {"lighting"}
    miit = selectors.filter_technologies(every, source="miit_2024")
    assert miit and {t.source.key for t in miit} == {"miit_2024"}
    confirmed = selectors.filter_technologies(every, confirmed=True)
    assert [t.id for t in confirmed] == ["kiln_heat_cascade"]  # the shipped figures are not
    assert len(selectors.filter_technologies(every, confirmed=False)) == len(every) - 1
    assert [t.id for t in selectors.filter_technologies(every, industry="C30")][-1] == (
        "kiln_heat_cascade"
    )
    assert "kiln_heat_cascade" not in [
        t.id for t in selectors.filter_technologies(every, industry="C26")
    ]
    found = selectors.filter_technologies(every, q="pumps AND fans")
    assert [t.id for t in found] == ["vsd_pumps_fans"]
