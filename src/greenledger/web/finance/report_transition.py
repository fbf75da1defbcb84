"""The transition KPI section of the portfolio report (``report_data``): the tracks of
``selectors.transition.transition_tracking`` (computed and logged there) as rows in the report's
language, for the loans of the report's year and their verified years up to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import pgettext

from greenledger.web.members.models import Organisation

__all__ = ["TransitionRow", "local_name", "transition_rows"]


def local_name(organisation: Organisation, language: str) -> str:
    if language == "en" and organisation.name_en:
        return organisation.name_en
    return organisation.name_zh


@dataclass(frozen=True)
class TransitionRow:
    """One year of a transition loan's KPI against the catalogue's entry and advanced values."""

    position: str
    borrower: str
    industry: str
    unit: str
    year: int | None  # None: the loan has no verified year (the status says why)
    kpi: float | None
    entry: float | None
    advanced: float | None
    status: str
    gap_to_entry: float | None
    gap_to_advanced: float | None
    evidence: str


def _status_label(status: str, reason: str) -> str:
    labels = {
        "advanced": pgettext("portfolio report", "advanced value met"),
        "entry": pgettext("portfolio report", "entry value met"),
        "below_entry": pgettext("portfolio report", "entry value not met"),
        "needs_setting": pgettext("portfolio report", "entry or advanced value not set"),
    }
    reasons = {
        "several_products": pgettext(
            "portfolio report", "needs data: several products, no allocation rule"
        ),
        "no_emissions": pgettext("portfolio report", "needs data: no emissions in the inventory"),
        "not_a_member": pgettext(
            "portfolio report", "not a member: the platform holds no verified data of it"
        ),
        "not_shared": pgettext(
            "portfolio report", "no grant in force: its verified inventories are not shared"
        ),
        "no_verified_inventory": pgettext("portfolio report", "no verified inventory yet"),
    }
    if status in labels:
        return labels[status]
    return reasons.get(
        reason, pgettext("portfolio report", "needs data: no product output in the inventory")
    )


def _evidence(evidence: dict[str, Any]) -> str:
    if not evidence:
        return ""
    return pgettext(
        "portfolio report",
        "verified inventory %(inventory)s (submission %(submission)s, version %(version)s)",
    ) % {
        "inventory": evidence.get("inventory", "—"),
        "submission": evidence.get("submission", "—"),
        "version": evidence.get("version", "—"),
    }


def transition_rows(
    tracks: list[Any], positions: set[str], year: int, language: str
) -> list[TransitionRow]:
    """The tracks of the loans in the year's book, their verified years up to ``year``."""
    rows: list[TransitionRow] = []
    for track in tracks:
        position = track.position
        if position.position not in positions:
            continue
        borrower = (
            local_name(track.borrower, language) if track.borrower else position.borrower_name
        )
        common = {
            "position": position.position,
            "borrower": borrower,
            "industry": track.industry,
            "unit": track.unit,
        }
        years = [y for y in track.years if y.year <= year]
        if not years:
            rows.append(
                TransitionRow(
                    **common,
                    year=None,
                    kpi=None,
                    entry=None,
                    advanced=None,
                    status=_status_label("", track.reason),
                    gap_to_entry=None,
                    gap_to_advanced=None,
                    evidence="",
                )
            )
        for y in years:
            rows.append(
                TransitionRow(
                    **common,
                    year=y.year,
                    kpi=y.kpi,
                    entry=y.entry,
                    advanced=y.advanced,
                    status=_status_label(y.status, y.reason),
                    gap_to_entry=y.gap_to_entry,
                    gap_to_advanced=y.gap_to_advanced,
                    evidence=_evidence(y.evidence),
                )
            )
    return rows
