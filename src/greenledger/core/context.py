"""What an accounting run is computed under: region, year, GWP set, electricity series."""

from __future__ import annotations

from dataclasses import dataclass

from greenledger.core.errors import GreenLedgerError

# CLI and API names of regions -> region codes of the factor library.
REGIONS: dict[str, str] = {
    "national": "CN",
    "shanghai": "CN-SH",
    "north-china": "CN-NORTH",
    "northeast-china": "CN-NORTHEAST",
    "east-china": "CN-EAST",
    "central-china": "CN-CENTRAL",
    "northwest-china": "CN-NORTHWEST",
    "south-china": "CN-SOUTH",
}

# Which electricity series location-based Scope 2 and the GB/T 32150 view use.
ELECTRICITY_SERIES: dict[str, str] = {
    "average": "ef",  # MEE/NBS national or grid average (and local factors such as Shanghai's)
    "reporting": "ef_reporting",  # the national factor for enterprise GHG reporting
}

# The accounting rules this code implements; recorded with every result beside the factor set.
METHOD_VERSION = (
    "greenledger-accounting/1: GB/T 2589-2020 energy; GB/T 32150-2015 GHG boundary; "
    "GHG Protocol Corporate Standard (2004) and Scope 2 Guidance (2015)"
)


@dataclass(frozen=True, slots=True)
class AccountingContext:
    """Options of one accounting run. ``year`` None means: each line's own reporting year."""

    region: str = "CN"
    year: int | None = None
    gwp: str = "AR5"
    electricity_series: str = "average"
    # Edition of GB/T 32150 whose fuel defaults (NCV, carbon content, oxidation) apply; None: the
    # edition in force for each line's reporting year, by the rule of the factor set's manifest
    # (factorset.toml [ghg]); results record the editions used (lineage factor ids).
    ghg_edition: str | None = None

    @classmethod
    def from_names(
        cls,
        *,
        region: str = "national",
        year: int | None = None,
        gwp: str = "ar5",
        electricity_series: str = "average",
        ghg_edition: str | None = None,
    ) -> AccountingContext:
        code = REGIONS.get(region.lower(), region if region in REGIONS.values() else "")
        if not code:
            raise GreenLedgerError(
                f"unknown region {region!r}; one of {', '.join(REGIONS)} or a region code"
            )
        if electricity_series not in ELECTRICITY_SERIES:
            raise GreenLedgerError(
                f"unknown electricity series {electricity_series!r}; "
                f"one of {', '.join(ELECTRICITY_SERIES)}"
            )
        return cls(
            region=code,
            year=year,
            gwp=gwp.upper(),
            electricity_series=electricity_series,
            ghg_edition=ghg_edition,
        )

    def describe(self) -> str:
        year = str(self.year) if self.year else "each line's year"
        return (
            f"region {self.region}, factor year {year}, GWP {self.gwp}, "
            f"electricity series {self.electricity_series}"
            + (f", GB/T 32150-{self.ghg_edition}" if self.ghg_edition else "")
        )
