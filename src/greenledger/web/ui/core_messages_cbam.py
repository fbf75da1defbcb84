"""CBAM (embedded emissions of exported goods) messages of the core in the user's language.

Part of the core's message catalogue: see ``greenledger.web.ui.core_messages``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

CBAM: dict[str, Promise | Callable[[int], str]] = {
    "cbam.headline": lambda n: npgettext(
        "core",
        "{count} problem in the CBAM goods; nothing was computed",
        "{count} problems in the CBAM goods; nothing was computed",
        n,
    ),
    "cbam.in_process": pgettext_lazy(
        "core",
        "process {process}: {reason}",
    ),
    "cbam.cn_malformed": pgettext_lazy(
        "core",
        "{value!r} is not a CN code (4 to 8 digits, for example 7208 10 00)",
    ),
    "cbam.cn_outside": pgettext_lazy(
        "core",
        "the CN code {value} is outside Annex I of Regulation (EU) 2023/956 (not a CBAM good)",
    ),
    "cbam.cn_excluded": pgettext_lazy(
        "core",
        "the CN code {value} is excluded from Annex I of Regulation (EU) 2023/956 ({description})",
    ),
    "cbam.not_positive": pgettext_lazy(
        "core",
        "{value} is not above zero",
    ),
    "cbam.negative": pgettext_lazy(
        "core",
        "{value} is not a number, zero or more",
    ),
    "cbam.precursor_kind": pgettext_lazy(
        "core",
        "a precursor is exactly one of: an own process, a supplier's SEEs (direct and "
        "indirect), default SEEs (direct and indirect) or a default CN code with its country",
    ),
    "cbam.self_precursor": pgettext_lazy(
        "core",
        "a process cannot be its own precursor",
    ),
    "cbam.unknown_precursor": pgettext_lazy(
        "core",
        "the precursor process {value} is not among the processes",
    ),
    "cbam.cycle": pgettext_lazy(
        "core",
        "the precursors form a cycle ({processes}); no SEE can be computed",
    ),
    "cbam.duplicate_process": pgettext_lazy(
        "core",
        "the process {process} is given twice",
    ),
    "cbam.bad_period": pgettext_lazy(
        "core",
        "{value!r} is not a period; write YYYY or YYYY-MM",
    ),
    "cbam.bad_carbon_price": pgettext_lazy(
        "core",
        "the carbon price needs an amount of zero or more and a covered share between 0 and 1",
    ),
    "cbam.no_default": pgettext_lazy(
        "core",
        "no default value is available for CN {cn_code} from {country}; give the published "
        "value on the precursor",
    ),
    "cbam.no_markup": pgettext_lazy(
        "core",
        "no mark-up on default values is available for {year}; configure it",
    ),
    "cbam.json.not_json": pgettext_lazy(
        "core",
        "not a readable JSON file: {detail}",
    ),
    "cbam.json.not_list": pgettext_lazy(
        "core",
        "a list is expected here",
    ),
    "cbam.json.not_object": pgettext_lazy(
        "core",
        "an object is expected here",
    ),
    "cbam.json.missing": pgettext_lazy(
        "core",
        "the field {field} is missing",
    ),
    "cbam.json.not_number": pgettext_lazy(
        "core",
        "{value!r} is not a number",
    ),
}
