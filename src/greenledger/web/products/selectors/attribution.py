"""The site's verified emissions a process is attributed from, and how they are split.

A site's *streams* are the lines of its enterprise's verified inventory of the year at that
site, one per activity (its category, canonical quantity and GB/T 32150 tCO2e): the purchased
electricity stream (category ``purchased_electricity``, MWh) and the others (fuels, process
emissions, purchased heat ...). A process takes a share of each stream:

- ``source_streams``: ``attribution = {"streams": [{"line": ACTIVITY, "share": 0..1}]}``,
  a share per named stream (streams not named: 0);
- ``metered`` / ``stated``: ``attribution = {"key": NAME, "value": V, "of": TOTAL}``, the
  share V / TOTAL of every stream of the site.

The attributed figures a process keeps (``Process.direct_tco2e``: its shares of the non-
electricity streams; ``Process.electricity_mwh``: its share of the electricity stream's MWh)
and the site's unattributed remainder add up, stream by stream, to the verified inventory.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from greenledger.core.products.footprint_files import (
    ElectricityFootprint,
    load_electricity_footprint,
)
from greenledger.web.members.models import Site
from greenledger.web.products.models import AttributionBasis, Process
from greenledger.web.reporting.models import InventoryResult, Submission, SubmissionStatus
from greenledger.web.reporting.selectors import latest_inventory

ELECTRICITY_CATEGORY = "purchased_electricity"
NOT_EMISSIONS = frozenset({"output_value"})
FIGURE = "gbt32150_co2e_t"


@dataclass(frozen=True)
class Stream:
    line: str  # the activity of the inventory's lines
    category: str
    quantity: float  # canonical unit of the activity (MWh for purchased electricity)
    co2e_t: float

    @property
    def electricity(self) -> bool:
        return self.category == ELECTRICITY_CATEGORY


@dataclass(frozen=True)
class SiteInventory:
    site: Site
    year: int
    submission: Submission
    inventory: InventoryResult
    streams: tuple[Stream, ...]

    @property
    def total_co2e_t(self) -> float:
        return sum(stream.co2e_t for stream in self.streams)

    def stream(self, line: str) -> Stream | None:
        return next((s for s in self.streams if s.line == line), None)

    @property
    def provenance(self) -> dict[str, Any]:
        inventory = self.inventory
        return {
            "submission_id": self.submission.pk,
            "inventory_year": self.year,
            "inventory_id": inventory.pk,
            "version_id": inventory.version_id,
            "version_number": inventory.version.number,
            "factor_set": inventory.factor_set_version,
            "method_version": inventory.method_version,
            "lines_sha256": inventory.lines_sha256,
            "site_id": self.site.pk,
            "site_co2e_t": self.total_co2e_t,
        }


def verified_site_inventory(*, site: Site, year: int) -> SiteInventory | None:
    """The site's streams in its enterprise's verified inventory of ``year`` (None when the
    year is not verified)."""
    submission = (
        Submission.objects.filter(
            organisation_id=site.organisation_id, year=year, status=SubmissionStatus.VERIFIED
        )
        .select_related("organisation")
        .first()
    )
    inventory = latest_inventory(submission) if submission is not None else None
    if submission is None or inventory is None:
        return None
    from greenledger.web.reporting.services.inventory import inventory_lines

    lines = inventory_lines(inventory)
    if lines.is_empty():
        return SiteInventory(site, year, submission, inventory, ())
    lines = lines.filter(
        (pl.col("site").cast(pl.String) == site.name_zh)
        & (pl.col("year").cast(pl.Int64) == year)
        & ~pl.col("category").is_in(list(NOT_EMISSIONS))
    )
    grouped = (
        lines.group_by("activity", "category")
        .agg(pl.col("quantity").sum(), pl.col(FIGURE).sum())
        .sort("category", "activity")
    )
    streams = tuple(
        Stream(
            line=str(row["activity"]),
            category=str(row["category"]),
            quantity=float(row["quantity"] or 0.0),
            co2e_t=float(row[FIGURE] or 0.0),
        )
        for row in grouped.iter_rows(named=True)
    )
    return SiteInventory(site, year, submission, inventory, streams)


def stream_shares(
    basis: str, attribution: Mapping[str, Any], streams: Iterable[Stream]
) -> dict[str, float]:
    """A process's share of each stream (0..1) under its basis and details."""
    streams = tuple(streams)
    if basis == AttributionBasis.SOURCE_STREAMS:
        shares: dict[str, float] = {s.line: 0.0 for s in streams}
        for item in attribution.get("streams") or ():
            line = str(item.get("line"))
            shares[line] = shares.get(line, 0.0) + float(item.get("share") or 0.0)
        return shares
    of = float(attribution.get("of") or 0.0)
    share = float(attribution.get("value") or 0.0) / of if of > 0 else 0.0
    return {s.line: share for s in streams}


@dataclass(frozen=True)
class Attributed:
    direct_tco2e: float
    electricity_mwh: float
    electricity_co2e_t: float  # its share of the inventory's electricity CO2 (scope 2)

    @property
    def co2e_t(self) -> float:
        return self.direct_tco2e + self.electricity_co2e_t


def attributed(shares: Mapping[str, float], site: SiteInventory) -> Attributed:
    direct = electricity_mwh = electricity_co2e = 0.0
    for stream in site.streams:
        share = shares.get(stream.line, 0.0)
        if stream.electricity:
            electricity_mwh += share * stream.quantity
            electricity_co2e += share * stream.co2e_t
        else:
            direct += share * stream.co2e_t
    return Attributed(direct, electricity_mwh, electricity_co2e)


@dataclass
class StreamRow:
    stream: Stream
    by_process: dict[int, float] = field(default_factory=dict)  # process id -> share

    @property
    def share(self) -> float:
        return sum(self.by_process.values())

    @property
    def attributed_t(self) -> float:
        return self.share * self.stream.co2e_t

    @property
    def remainder_t(self) -> float:
        return self.stream.co2e_t - self.attributed_t


@dataclass(frozen=True)
class SiteAttribution:
    site: SiteInventory
    processes: tuple[Process, ...]
    rows: tuple[StreamRow, ...]

    @property
    def attributed_t(self) -> float:
        return sum(row.attributed_t for row in self.rows)

    @property
    def remainder_t(self) -> float:
        return self.site.total_co2e_t - self.attributed_t


def site_attribution(
    *, site: Site, year: int, processes: Iterable[Process] | None = None
) -> SiteAttribution | None:
    """How the site's verified emissions of ``year`` are split over its processes of that year
    (``processes`` to test a change before saving it), and the unattributed remainder."""
    inventory = verified_site_inventory(site=site, year=year)
    if inventory is None:
        return None
    if processes is None:
        processes = Process.objects.filter(site=site, year=year).select_related("product")
    chosen = tuple(processes)
    rows = {stream.line: StreamRow(stream) for stream in inventory.streams}
    for process in chosen:
        shares = stream_shares(process.attribution_basis, process.attribution, inventory.streams)
        for line, share in shares.items():
            if line in rows and share:
                rows[line].by_process[process.pk] = share
    return SiteAttribution(inventory, chosen, tuple(rows.values()))


def electricity_footprint_factor(year: int) -> ElectricityFootprint | None:
    """The national electricity carbon-footprint factor for ``year``: that year's value, else
    the newest published before it (the series is published about a year late)."""
    series = [
        row
        for row in load_electricity_footprint()
        if row.region == "CN" and row.kind == "national_average" and row.year <= year
    ]
    return max(series, key=lambda row: row.year) if series else None
