"""Editions of GB/T 32150 as data: which edition's fuel defaults a reporting year uses.

``factorset.toml`` lists each edition with the date it is in force from and the rule that picks
an edition for a reporting year (``year_rule``). ``in_force_on_1_january``: the edition in force
on 1 January of the year applies to the whole year (one annual inventory, one edition; a year in
which a new edition enters into force mid-year stays on the earlier one).
``in_force_on_31_december``: the edition in force on the year's last day applies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from greenledger.core.errors import Problem

YEAR_RULES = {
    "in_force_on_1_january": (1, 1),
    "in_force_on_31_december": (12, 31),
}


@dataclass(frozen=True, slots=True)
class GhgEdition:
    edition: str
    document: str
    issuer: str
    in_force: dt.date
    source: str
    confirmed: bool
    note: str


@dataclass(frozen=True, slots=True)
class GhgEditions:
    """The editions of the GHG standard, oldest first, and the rule that picks one for a year."""

    standard: str
    year_rule: str
    editions: tuple[GhgEdition, ...]

    def for_year(self, year: int | None) -> GhgEdition:
        """The edition a reporting year uses by default (the newest for no year)."""
        if year is None:
            return self.editions[-1]
        month, day = YEAR_RULES[self.year_rule]
        on = dt.date(year, month, day)
        in_force = [e for e in self.editions if e.in_force <= on]
        return in_force[-1] if in_force else self.editions[0]

    def get(self, edition: str) -> GhgEdition | None:
        return next((e for e in self.editions if e.edition == edition), None)

    def describe_rule(self) -> str:
        day = "1 January" if self.year_rule == "in_force_on_1_january" else "31 December"
        listed = ", ".join(f"{e.edition} from {e.in_force.isoformat()}" for e in self.editions)
        return f"{self.standard}: the edition in force on {day} of the reporting year ({listed})"


def read_editions(raw: Any, file: str, problems: list[Problem]) -> GhgEditions | None:
    """The [ghg] table of the manifest, checked: every edition has its document, issuer,
    in-force date and source; the rule is known; editions are listed oldest first."""
    if not isinstance(raw, dict):
        problems.append(Problem("the manifest has no [ghg] editions table", file=file))
        return None
    rule = str(raw.get("year_rule", ""))
    if rule not in YEAR_RULES:
        problems.append(
            Problem(
                f"year_rule must be one of {', '.join(YEAR_RULES)} (found {rule!r})",
                file=file,
                column="ghg.year_rule",
            )
        )
    editions: list[GhgEdition] = []
    items = raw.get("editions")
    for index, item in enumerate(items if isinstance(items, list) else []):
        where = f"ghg.editions[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem("an edition is a table", file=file, column=where))
            continue
        missing = [
            key
            for key in ("edition", "document", "issuer", "in_force", "source")
            if not str(item.get(key, "")).strip()
        ]
        if missing:
            problems.append(
                Problem(f"the edition names no {', '.join(missing)}", file=file, column=where)
            )
            continue
        try:
            in_force = dt.date.fromisoformat(str(item["in_force"]))
        except ValueError:
            problems.append(
                Problem(
                    f"in_force {item['in_force']!r} is not a date (YYYY-MM-DD)",
                    file=file,
                    column=f"{where}.in_force",
                )
            )
            continue
        if not isinstance(item.get("confirmed"), bool):
            problems.append(
                Problem("confirmed must be true or false", file=file, column=f"{where}.confirmed")
            )
            continue
        editions.append(
            GhgEdition(
                edition=str(item["edition"]),
                document=str(item["document"]),
                issuer=str(item["issuer"]),
                in_force=in_force,
                source=str(item["source"]),
                confirmed=bool(item["confirmed"]),
                note=str(item.get("note", "")),
            )
        )
    if not editions:
        problems.append(Problem("the manifest lists no GHG edition", file=file, column="ghg"))
        return None
    if [e.in_force for e in editions] != sorted(e.in_force for e in editions):
        problems.append(Problem("GHG editions must be listed oldest first", file=file))
    if rule not in YEAR_RULES:
        return None
    return GhgEditions(str(raw.get("standard", "")), rule, tuple(editions))
