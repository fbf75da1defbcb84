"""English templates of the CBAM (embedded emissions of exported goods) messages.

Part of the core's registry ``greenledger.core.message_templates.ENGLISH``; the web's
translatable copies live in ``greenledger.web.ui.core_messages_cbam``.
"""

from __future__ import annotations

from typing import Final

CBAM: Final[dict[str, str | tuple[str, str]]] = {
    # core/products/cbam.py
    "cbam.headline": (
        "{count} problem in the CBAM goods; nothing was computed",
        "{count} problems in the CBAM goods; nothing was computed",
    ),
    "cbam.in_process": "process {process}: {reason}",
    "cbam.cn_malformed": "{value!r} is not a CN code (4 to 8 digits, for example 7208 10 00)",
    "cbam.cn_outside": (
        "the CN code {value} is outside Annex I of Regulation (EU) 2023/956 (not a CBAM good)"
    ),
    "cbam.cn_excluded": (
        "the CN code {value} is excluded from Annex I of Regulation (EU) 2023/956 ({description})"
    ),
    "cbam.not_positive": "{value} is not above zero",
    "cbam.negative": "{value} is not a number, zero or more",
    "cbam.precursor_kind": (
        "a precursor is exactly one of: an own process, a supplier's SEEs (direct and "
        "indirect), default SEEs (direct and indirect) or a default CN code with its country"
    ),
    "cbam.self_precursor": "a process cannot be its own precursor",
    "cbam.unknown_precursor": "the precursor process {value} is not among the processes",
    "cbam.cycle": "the precursors form a cycle ({processes}); no SEE can be computed",
    "cbam.duplicate_process": "the process {process} is given twice",
    "cbam.bad_period": "{value!r} is not a period; write YYYY or YYYY-MM",
    "cbam.bad_carbon_price": (
        "the carbon price needs an amount of zero or more and a covered share between 0 and 1"
    ),
    "cbam.no_default": (
        "no default value is available for CN {cn_code} from {country}; give the published "
        "value on the precursor"
    ),
    "cbam.no_markup": ("no mark-up on default values is available for {year}; configure it"),
    "cbam.json.not_json": "not a readable JSON file: {detail}",
    "cbam.json.not_list": "a list is expected here",
    "cbam.json.not_object": "an object is expected here",
    "cbam.json.missing": "the field {field} is missing",
    "cbam.json.not_number": "{value!r} is not a number",
}
