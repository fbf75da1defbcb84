"""The published district aggregates: what everybody, anonymous visitors included, may see.

Rules (the public page states them):

- Only verified enterprise-years count; estimates for missing enterprises are never published.
- Every figure is a sum over enterprises (intensities are ratios of such sums); no enterprise's
  own figures are shown, nor its name.
- Small groups are suppressed: an aggregate over fewer than ``MIN_ENTERPRISES`` (3) enterprises
  is not published (its figures are blank and the row says why), because with one or two
  enterprises a sum reveals, or nearly reveals, a single enterprise's figures. This applies to a
  park in a year and to the district in a year.
- Complementary suppression: the district total minus the published parks' totals is itself an
  aggregate (the enterprises of the suppressed parks and those in no park). When that remainder
  holds one or two enterprises, the published park with the fewest enterprises is suppressed as
  well (and again, until the remainder is 0 or at least 3 enterprises, or no park is left), so
  that no enterprise can be recovered by subtraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from greenledger.web.district.selectors.facts import yearly_series
from greenledger.web.members import selectors as members

MIN_ENTERPRISES = 3

#: the published columns, in the order of the page, the CSV, the workbook and the API
FIGURES = (
    "energy_tce",
    "energy_tce_generation",
    "gbt32150_co2e_t",
    "scope1_co2e_t",
    "scope2_location_t",
    "scope2_market_t",
    "output_value_wan_yuan",
    "tce_per_wan_yuan",
    "co2e_t_per_wan_yuan",
    "so2_t",
    "nox_t",
    "pm_t",
    "vocs_t",
)

SUPPRESSED_SMALL = "fewer_than_minimum"
SUPPRESSED_COMPLEMENT = "complementary"


@dataclass(frozen=True)
class PublicRow:
    """One published aggregate: the district (``park_id`` None) or one park, in one year."""

    year: int
    park_id: int | None
    park_name_zh: str
    park_name_en: str
    enterprises: int
    figures: dict[str, float | None] | None  # None when suppressed
    suppressed: str = ""  # "", SUPPRESSED_SMALL or SUPPRESSED_COMPLEMENT

    @property
    def published(self) -> bool:
        return self.figures is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "scope": "district" if self.park_id is None else "park",
            "park_id": self.park_id,
            "park_name_zh": self.park_name_zh,
            "park_name_en": self.park_name_en,
            "enterprises": self.enterprises,
            "published": self.published,
            "suppressed": self.suppressed,
            **{key: (self.figures or {}).get(key) for key in FIGURES},
        }


def _figures(row: dict[str, Any]) -> dict[str, float | None]:
    return {key: row.get(key) for key in FIGURES}


def public_aggregates() -> list[PublicRow]:
    """District rows (one per year with verified facts) then park rows, by year and park."""
    district = {row["year"]: row for row in yearly_series(park=None, basis="verified")}
    parks = list(members.parks())
    by_park = {park.pk: {r["year"]: r for r in yearly_series(park=park)} for park in parks}
    rows: list[PublicRow] = []
    for year, total in sorted(district.items()):
        count = int(total.get("enterprises") or 0)
        small = count < MIN_ENTERPRISES
        rows.append(
            PublicRow(
                year=year,
                park_id=None,
                park_name_zh="",
                park_name_en="",
                enterprises=count,
                figures=None if small else _figures(total),
                suppressed=SUPPRESSED_SMALL if small else "",
            )
        )
        rows.extend(_park_rows(year, count, parks, by_park))
    return rows


def _park_rows(
    year: int, district_count: int, parks: list[Any], by_park: dict[int, dict[int, Any]]
) -> list[PublicRow]:
    counts = {
        park.pk: int(by_park[park.pk][year].get("enterprises") or 0)
        for park in parks
        if by_park[park.pk].get(year, {}).get("enterprises")
    }
    shown = {pk for pk, n in counts.items() if n >= MIN_ENTERPRISES}
    complement: set[int] = set()
    while shown:
        remainder = district_count - sum(counts[pk] for pk in shown)
        if not 0 < remainder < MIN_ENTERPRISES:
            break
        smallest = min(shown, key=lambda pk: (counts[pk], pk))
        shown.discard(smallest)
        complement.add(smallest)
    rows = []
    for park in parks:
        if park.pk not in counts:
            continue
        reason = "" if park.pk in shown else SUPPRESSED_COMPLEMENT
        if park.pk not in shown and park.pk not in complement:
            reason = SUPPRESSED_SMALL
        rows.append(
            PublicRow(
                year=year,
                park_id=park.pk,
                park_name_zh=park.name_zh,
                park_name_en=park.name_en,
                enterprises=counts[park.pk],
                figures=_figures(by_park[park.pk][year]) if park.pk in shown else None,
                suppressed=reason,
            )
        )
    return rows
