"""What a report is rendered from: core objects plus the enterprise's details.

The web workflow builds a ``ReportInput`` from its stored organisation, sites and a computed
inventory; the renderers never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from greenledger.core.context import METHOD_VERSION, AccountingContext
from greenledger.core.errors import GreenLedgerError
from greenledger.core.factors import Factor, FactorLibrary, load_library
from greenledger.core.inventory import EnterpriseInventory, Inventory


@dataclass(frozen=True, slots=True)
class Site:
    """One site inside the organisational boundary."""

    name: str
    address: str = ""
    description: str = ""  # main facilities and processes at the site


@dataclass(frozen=True, slots=True)
class EnterpriseDetails:
    """The reporting enterprise as the report's first sections name it."""

    name: str
    credit_code: str  # unified social credit code (统一社会信用代码)
    address: str
    industry: str  # e.g. "C3825 光伏设备及元器件制造"
    reporting_year: int
    sites: tuple[Site, ...] = ()
    boundary: str = ""  # the organisational and operational boundary in the enterprise's words
    prepared_by: str = ""


@dataclass(frozen=True)
class ReportInput:
    """One enterprise-year: its details, its inventory, and the run it was computed under."""

    enterprise: EnterpriseDetails
    inventory: EnterpriseInventory
    context: AccountingContext
    factor_set_version: str
    method_version: str = METHOD_VERSION
    library: FactorLibrary = field(default_factory=load_library, repr=False)

    def __post_init__(self) -> None:
        if self.library.version != self.factor_set_version:
            raise GreenLedgerError(
                f"the inventory of {self.enterprise.name} was computed with factor set "
                f"{self.factor_set_version}, but the factor library given to describe its factors "
                f"is {self.library.version}; load the library of the inventory's factor set"
            )

    @classmethod
    def from_inventory(
        cls,
        inventory: Inventory,
        enterprise: EnterpriseDetails,
        *,
        key: str | None = None,
        library: FactorLibrary | None = None,
    ) -> ReportInput:
        """The report input of one enterprise of a computed inventory.

        ``key`` is the enterprise's name in the inventory (its lines' ``enterprise``), by default
        ``enterprise.name``.
        """
        wanted = key if key is not None else enterprise.name
        found = next((e for e in inventory.enterprises if e.enterprise == wanted), None)
        if found is None:
            names = ", ".join(e.enterprise for e in inventory.enterprises) or "none"
            raise GreenLedgerError(f"the inventory has no enterprise {wanted!r} (it has: {names})")
        return cls(
            enterprise=enterprise,
            inventory=found,
            context=inventory.context,
            factor_set_version=inventory.factor_set_version,
            method_version=inventory.method_version,
            library=library if library is not None else load_library(),
        )

    def factors(self) -> tuple[Factor, ...]:
        """The factors behind the inventory's lines, in first-use order (the lineage)."""
        return tuple(self.library.by_id(i) for i in self.inventory.factor_ids())

    def ghg_editions(self) -> str:
        """The GB/T 32150 edition(s) the inventory's fuel defaults came from ("2015"; "2015,
        2025" when lines of several years used several); without fuel lines, the edition the
        run names or the one in force for the reporting year."""
        used = self.library.ghg_editions_used(self.inventory.factor_ids())
        if used:
            return ", ".join(used)
        if self.context.ghg_edition:
            return self.context.ghg_edition
        return self.library.ghg_editions.for_year(self.enterprise.reporting_year).edition
