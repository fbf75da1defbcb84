"""Technology-catalogue messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

CATALOGUE: dict[str, Promise | Callable[[int], str]] = {
    "planning.catalogue.no_technologies": pgettext_lazy(
        "core",
        "the catalogue lists no technologies",
    ),
    "planning.catalogue.not_mapping": pgettext_lazy(
        "core",
        "technology {technology}: the entry must be a mapping",
    ),
    "planning.catalogue.missing": pgettext_lazy(
        "core",
        "technology {technology}: the field {field!r} is missing",
    ),
    "planning.catalogue.unknown_key": pgettext_lazy(
        "core",
        "technology {technology}: unknown key {key!r} (allowed: {allowed})",
    ),
    "planning.catalogue.text": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value!r} is not a text",
    ),
    "planning.catalogue.number": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value!r} is not a number",
    ),
    "planning.catalogue.integer": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value!r} is not a whole number",
    ),
    "planning.catalogue.boolean": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value!r} is not true or false",
    ),
    "planning.catalogue.list": pgettext_lazy(
        "core",
        "technology {technology}: {field} must be a list",
    ),
    "planning.catalogue.share": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value} is outside 0..1 (0.25 means 25 %)",
    ),
    "planning.catalogue.positive": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value} must be greater than zero",
    ),
    "planning.catalogue.negative": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value} must not be negative",
    ),
    "planning.catalogue.choice": pgettext_lazy(
        "core",
        "technology {technology}: {field} {value!r} is not one of {allowed}",
    ),
    "planning.catalogue.industry": pgettext_lazy(
        "core",
        "technology {technology}: {value!r} is not a GB/T 4754-2017 section or division code "
        "(for example C or C26)",
    ),
    "planning.catalogue.saving_kind": pgettext_lazy(
        "core",
        "technology {technology}: give either saving_rate or absolute_saving_tce_per_unit, "
        "exactly one of them",
    ),
    "planning.catalogue.unknown_source": pgettext_lazy(
        "core",
        "technology {technology}: unknown source {value!r} (sources: {allowed})",
    ),
    "planning.catalogue.source_field": pgettext_lazy(
        "core",
        "source {source}: the field {field!r} is missing or empty",
    ),
    "planning.catalogue.duplicate": pgettext_lazy(
        "core",
        "technology {technology} is defined more than once",
    ),
    "planning.catalogue.unknown_requirement": pgettext_lazy(
        "core",
        "technology {technology}: requires the unknown technology {requirement!r}",
    ),
    "planning.catalogue.cycle": pgettext_lazy(
        "core",
        "technology {technology}: its prerequisites form a cycle ({cycle})",
    ),
    "planning.catalogue.industry_query": pgettext_lazy(
        "core",
        "{value!r} is not a GB/T 4754-2017 industry code (for example C2611)",
    ),
    "planning.catalogue.over_penetration": pgettext_lazy(
        "core",
        "technology {technology}: it would cover {share} of the end use, above its maximum "
        "penetration {maximum}",
    ),
}
