"""The technology catalogue as the platform serves it: the shipped catalogue
(``core/planning/data/technologies.yaml``) plus the technologies research institutions proposed
and the secretariat published, and the published case results of each technology.

``catalogue()`` parses the shipped file and the published technology proposals together with
the core's parser (``core.planning.catalogue.parse_catalogue``: ids unique, prerequisites known
and acyclic, every field checked). The result is kept in memory until the set of published
technology proposals changes: one small query (count, newest id and newest review time of the
published ones) tells whether the kept catalogue is still current, so every process sees a
publication at once.

A proposal's record is a catalogue record in the shipped schema. Its ``source`` is either the
key of a shipped source (e.g. ``miit_2025``) or the institution's own publication, a mapping
``{"issuer", "title", "document", "edition"}``, which joins the catalogue's sources under the
key ``proposal_<id>``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.db.models import Count, Max, QuerySet

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.errors import InputError, Problem
from greenledger.core.planning.catalogue import (
    DEFAULT_PATH,
    Catalogue,
    Technology,
    parse_catalogue,
)
from greenledger.core.registry.industry_code import problem as industry_problem
from greenledger.web.planning.models import ProposalKind, ProposalStatus, TechnologyProposal

__all__ = [
    "NEW_PROPOSAL_SOURCE",
    "cases_for",
    "catalogue",
    "filter_technologies",
    "industry_filter_problem",
    "proposal_of",
    "technology",
    "technology_record_problems",
]

log = logging.getLogger(__name__)

#: the source key a proposal's own publication takes while the proposal has no id yet
NEW_PROPOSAL_SOURCE = "proposal_new"

_lock = threading.Lock()
_kept: tuple[tuple[Any, ...], Catalogue] | None = None


@lru_cache(maxsize=1)
def _shipped() -> Mapping[str, Any]:
    """The shipped catalogue document (parsed YAML), read once per process."""
    return load_yaml(DEFAULT_PATH)  # type: ignore[no-any-return]


def _published_technologies() -> QuerySet[TechnologyProposal]:
    return TechnologyProposal.objects.filter(
        kind=ProposalKind.TECHNOLOGY, status=ProposalStatus.PUBLISHED
    )


def source_key(proposal_id: int | None) -> str:
    return NEW_PROPOSAL_SOURCE if proposal_id is None else f"proposal_{proposal_id}"


def _entry(
    record: Mapping[str, Any], technology_id: str, key: str
) -> tuple[dict[str, Any], tuple[str, Any] | None]:
    """The catalogue entry of a proposal's record (its id forced to the proposal's technology
    id) and, when the record brings its own source, that source under ``key``."""
    entry = {**record, "id": technology_id}
    source = record.get("source")
    if isinstance(source, Mapping):
        entry["source"] = key
        return entry, (key, dict(source))
    return entry, None


def _document(extra: Iterable[tuple[Mapping[str, Any], str, str]]) -> dict[str, Any]:
    """The shipped document with ``extra`` records (record, technology id, source key)
    appended."""
    shipped = _shipped()
    sources = dict(shipped.get("sources") or {})
    technologies = list(shipped.get("technologies") or [])
    for record, technology_id, key in extra:
        entry, own = _entry(record, technology_id, key)
        if own is not None:
            sources[own[0]] = own[1]
        technologies.append(entry)
    return {"sources": sources, "technologies": technologies}


def _published_records() -> list[tuple[Mapping[str, Any], str, str]]:
    return [
        (p.record, p.technology_id, source_key(p.pk))
        for p in _published_technologies().order_by("reviewed_at", "id")
    ]


def _build() -> Catalogue:
    records = _published_records()
    try:
        return parse_catalogue(_document(records), file="catalogue")
    except InputError as error:
        # A published record that no longer fits (e.g. the shipped file later took its id) must
        # not take the catalogue down: keep the ones that still fit, in publication order.
        log.warning("published technology proposals left out of the catalogue: %s", error)
    kept: list[tuple[Mapping[str, Any], str, str]] = []
    for record in records:
        try:
            parse_catalogue(_document([*kept, record]), file="catalogue")
        except InputError:
            continue
        kept.append(record)
    return parse_catalogue(_document(kept), file="catalogue")


def catalogue() -> Catalogue:
    """The catalogue: shipped technologies, then the published proposals in publication order."""
    global _kept
    state = _published_technologies().aggregate(
        count=Count("id"), newest=Max("id"), reviewed=Max("reviewed_at")
    )
    key = (int(state["count"]), state["newest"], state["reviewed"])
    with _lock:
        if _kept is not None and _kept[0] == key:
            return _kept[1]
    built = _build()
    with _lock:
        _kept = (key, built)
    return built


def technology(tid: str) -> Technology:
    """The catalogue technology ``tid``; KeyError when there is none."""
    return catalogue().get(tid)


def proposal_of(tid: str) -> TechnologyProposal | None:
    """The published proposal a technology came from (None for a shipped technology)."""
    return (
        _published_technologies()
        .filter(technology_id=tid)
        .select_related("organisation")
        .order_by("-reviewed_at", "-id")
        .first()
    )


def cases_for(tid: str) -> list[TechnologyProposal]:
    """The published case results of technology ``tid``, newest year first."""
    cases = TechnologyProposal.objects.filter(
        kind=ProposalKind.CASE, status=ProposalStatus.PUBLISHED, technology_id=tid
    ).select_related("organisation")
    return sorted(cases, key=lambda p: (-int(p.record.get("year") or 0), -(p.pk or 0)))


def technology_record_problems(
    record: Mapping[str, Any], technology_id: str, *, proposal_id: int | None = None
) -> list[Problem]:
    """Why ``record`` cannot join the catalogue as technology ``technology_id`` (nothing when it
    can): the core parser's problems over the current catalogue plus this record. A published
    technology of another proposal with the same id counts as taken."""
    others = [
        (p.record, p.technology_id, source_key(p.pk))
        for p in _published_technologies().exclude(pk=proposal_id).order_by("reviewed_at", "id")
    ]
    current = catalogue()
    kept = [r for r in others if any(t.id == r[1] for t in current)]
    try:
        parse_catalogue(
            _document([*kept, (record, technology_id, source_key(proposal_id))]),
            file="proposal",
        )
    except InputError as error:
        return list(error.problems)
    return []


def industry_filter_problem(industry: str) -> bool:
    """True when ``industry`` (given) is not a GB/T 4754-2017 section, division or class."""
    code = industry.strip().upper()
    return bool(code) and industry_problem(code) is not None


def _industry_matches(technology: Technology, code: str) -> bool:
    return any(
        entry == "all" or code.startswith(entry) or entry.startswith(code)
        for entry in technology.industries
    )


def filter_technologies(
    catalogue: Catalogue,
    *,
    industry: str = "",
    end_use: str = "",
    source: str = "",
    confirmed: bool | None = None,
    q: str = "",
) -> list[Technology]:
    """The technologies that fit every given filter. ``industry``: a GB/T 4754-2017 section,
    division or class (C, C30, C3011): technologies for all industries and those whose listed
    section or division contains it or lies inside it. ``source``: a source key. ``q``: part of
    the id or of either name (case-insensitive)."""
    code = industry.strip().upper()
    text = q.strip().lower()
    return [
        t
        for t in catalogue
        if (not code or _industry_matches(t, code))
        and (not end_use or t.end_use == end_use)
        and (not source or t.source.key == source)
        and (confirmed is None or t.confirmed == confirmed)
        and (
            not text
            or text in t.id.lower()
            or text in t.name_en.lower()
            or text in t.name_zh.lower()
        )
    ]
