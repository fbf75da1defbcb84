"""The PACT specification data (``data/pact.yaml``) and its DateTime format."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from greenledger.core.assessment.yamlsrc import load_yaml

__all__ = ["PACT_PATH", "PactSpec", "format_datetime", "parse_datetime", "spec"]

PACT_PATH = Path(__file__).parent / "data" / "pact.yaml"


@dataclass(frozen=True, slots=True)
class PactSpec:
    """What the platform takes from the PACT specification (``data/pact.yaml``)."""

    version: str
    document: str
    url: str
    api_prefix: str
    product_footprint_required: tuple[str, ...]
    carbon_footprint_required: tuple[str, ...]
    carbon_footprint_required_from_2025: tuple[str, ...]
    required_from: datetime
    dqi_required: tuple[str, ...]
    dqr_range: tuple[float, float]
    exempted_emissions_percent_max: float
    status_values: tuple[str, ...]
    declared_units: tuple[str, ...]
    characterization_factors: tuple[str, ...]
    cross_sectoral_standards_used: tuple[str, ...]
    cross_sectoral_standards: tuple[str, ...]
    biogenic_accounting_methodologies: tuple[str, ...]
    regions_or_subregions: tuple[str, ...]
    units: Mapping[str, tuple[str, Decimal]]  # our unit -> (declared unit, declared units/unit)
    errors: Mapping[str, int]  # error response code -> HTTP status
    error_messages: Mapping[str, str]  # error response code -> the spec's example message
    events: Mapping[str, str]
    filter_operators: tuple[str, ...]
    filter_properties: tuple[str, ...]
    filter_any_properties: tuple[str, ...]
    link_rel: str


@cache
def spec() -> PactSpec:
    """The PACT specification data the platform follows, from ``data/pact.yaml``."""
    data = load_yaml(PACT_PATH)
    head = data["spec"]
    low, high = data["dqr_range"]
    return PactSpec(
        version=str(head["version"]),
        document=str(head["document"]),
        url=str(head["url"]),
        api_prefix=str(head["api_prefix"]),
        product_footprint_required=tuple(data["product_footprint_required"]),
        carbon_footprint_required=tuple(data["carbon_footprint_required"]),
        carbon_footprint_required_from_2025=tuple(data["carbon_footprint_required_from_2025"]),
        required_from=parse_datetime(str(data["required_from"])),
        dqi_required=tuple(data["dqi_required"]),
        dqr_range=(float(low), float(high)),
        exempted_emissions_percent_max=float(data["exempted_emissions_percent_max"]),
        status_values=tuple(data["status_values"]),
        declared_units=tuple(data["declared_units"]),
        characterization_factors=tuple(data["characterization_factors"]),
        cross_sectoral_standards_used=tuple(data["cross_sectoral_standards_used"]),
        cross_sectoral_standards=tuple(data["cross_sectoral_standards"]),
        biogenic_accounting_methodologies=tuple(data["biogenic_accounting_methodologies"]),
        regions_or_subregions=tuple(data["regions_or_subregions"]),
        units={
            unit: (str(row["declared_unit"]), Decimal(str(row["declared_units_per_unit"])))
            for unit, row in data["units"].items()
        },
        errors={code: int(row["status"]) for code, row in data["errors"].items()},
        error_messages={code: str(row["example_message"]) for code, row in data["errors"].items()},
        events={key: str(value) for key, value in data["events"].items()},
        filter_operators=tuple(data["filter"]["comparison_operators"]),
        filter_properties=tuple(data["filter"]["properties"]),
        filter_any_properties=tuple(data["filter"]["any_properties"]),
        link_rel=str(data["pagination"]["link_rel"]),
    )


# --------------------------------------------------------------------------------------------
# Formats


def format_datetime(moment: datetime) -> str:
    """A DateTime as the spec writes it: ISO 8601 in UTC, ``2025-01-01T00:00:00Z``."""
    if moment.tzinfo is None:
        raise ValueError("a PACT DateTime needs a time zone (it is written in UTC)")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(value: str) -> datetime:
    """An ISO 8601 date and time; one without a zone is read as UTC (the spec's zone)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
