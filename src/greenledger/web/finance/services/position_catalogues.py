"""The catalogue of each position (``catalogue`` column or form field) and the check of its
``catalogue_code`` against THAT catalogue's categories: ``green_finance_2025`` (the default),
``green_bond_2021`` (legacy assets financed under the bond catalogue) or
``shanghai_transition_2024`` (transition loans, followed by the transition tracking)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from greenledger.core.errors import Problem
from greenledger.core.finance.catalogue import available_catalogues, load_finance_catalogue
from greenledger.core.finance.pcaf import CatalogueCodes
from greenledger.core.messages import message

DEFAULT_CATALOGUE = "green_finance_2025"


def catalogue_codes(key: str = DEFAULT_CATALOGUE) -> CatalogueCodes:
    categories = load_finance_catalogue(key).categories
    return CatalogueCodes(key, frozenset(c.code for c in categories))


def catalogues_of_rows(
    rows: list[tuple[int, str, str]], default: str, file: str
) -> tuple[list[str], list[Problem]]:
    """The catalogue of each row (``default`` when the row names a code but no catalogue; ""
    without a code) and the rows naming an unknown catalogue, a catalogue without a category
    code, or a code the catalogue does not have."""
    known = available_catalogues()
    chosen: list[str] = []
    problems: list[Problem] = []
    for row, given, code in rows:
        key = given.strip().lower() or (default if code else "")
        chosen.append(key)
        if not key:
            continue
        if key not in known:
            reason: Any = _(
                "unknown catalogue %(value)r (known: %(allowed)s; empty: %(default)s)"
            ) % {
                "value": given,
                "allowed": ", ".join(known),
                "default": default,
            }
            column = "catalogue"
        elif not code:
            reason = _(
                "a position under the catalogue %(catalogue)s needs the code of its category "
                "(one of: %(allowed)s)"
            ) % {"catalogue": key, "allowed": ", ".join(sorted(catalogue_codes(key).codes))}
            column = "catalogue_code"
        elif code not in catalogue_codes(key).codes:
            reason = message(
                "pcaf.unknown_catalogue_code",
                value=code,
                catalogue=key,
                allowed=", ".join(sorted(catalogue_codes(key).codes)),
            )
            column = "catalogue_code"
        else:
            continue
        problems.append(Problem(reason, file=file, row=row, column=column))
    return chosen, problems
