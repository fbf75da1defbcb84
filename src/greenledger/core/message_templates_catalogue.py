"""English templates of the technology-catalogue messages (core/planning/catalogue.py).

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_catalogue``.
"""

from __future__ import annotations

from typing import Final

CATALOGUE: Final[dict[str, str | tuple[str, str]]] = {
    "planning.catalogue.no_technologies": "the catalogue lists no technologies",
    "planning.catalogue.not_mapping": "technology {technology}: the entry must be a mapping",
    "planning.catalogue.missing": "technology {technology}: the field {field!r} is missing",
    "planning.catalogue.unknown_key": (
        "technology {technology}: unknown key {key!r} (allowed: {allowed})"
    ),
    "planning.catalogue.text": "technology {technology}: {field} {value!r} is not a text",
    "planning.catalogue.number": "technology {technology}: {field} {value!r} is not a number",
    "planning.catalogue.integer": (
        "technology {technology}: {field} {value!r} is not a whole number"
    ),
    "planning.catalogue.boolean": "technology {technology}: {field} {value!r} is not true or false",
    "planning.catalogue.list": "technology {technology}: {field} must be a list",
    "planning.catalogue.share": (
        "technology {technology}: {field} {value} is outside 0..1 (0.25 means 25 %)"
    ),
    "planning.catalogue.positive": (
        "technology {technology}: {field} {value} must be greater than zero"
    ),
    "planning.catalogue.negative": "technology {technology}: {field} {value} must not be negative",
    "planning.catalogue.choice": (
        "technology {technology}: {field} {value!r} is not one of {allowed}"
    ),
    "planning.catalogue.industry": (
        "technology {technology}: {value!r} is not a GB/T 4754-2017 section or division code "
        "(for example C or C26)"
    ),
    "planning.catalogue.saving_kind": (
        "technology {technology}: give either saving_rate or absolute_saving_tce_per_unit, "
        "exactly one of them"
    ),
    "planning.catalogue.unknown_source": (
        "technology {technology}: unknown source {value!r} (sources: {allowed})"
    ),
    "planning.catalogue.source_field": "source {source}: the field {field!r} is missing or empty",
    "planning.catalogue.duplicate": "technology {technology} is defined more than once",
    "planning.catalogue.unknown_requirement": (
        "technology {technology}: requires the unknown technology {requirement!r}"
    ),
    "planning.catalogue.cycle": (
        "technology {technology}: its prerequisites form a cycle ({cycle})"
    ),
    "planning.catalogue.industry_query": (
        "{value!r} is not a GB/T 4754-2017 industry code (for example C2611)"
    ),
    "planning.catalogue.over_penetration": (
        "technology {technology}: it would cover {share} of the end use, above its maximum "
        "penetration {maximum}"
    ),
}
