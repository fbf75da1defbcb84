"""Industry classification codes of GB/T 4754-2017 (国民经济行业分类).

A code is a section letter (门类, A-T) optionally followed by a two-digit division (大类), a
third digit for the group (中类) and a fourth for the class (小类): ``C``, ``C26``, ``C261``,
``C2611``. Each section owns a fixed range of divisions; this module checks that the division
belongs to the section.
"""

from __future__ import annotations

import re

# section -> inclusive range of its two-digit divisions (GB/T 4754-2017).
SECTION_DIVISIONS: dict[str, tuple[int, int]] = {
    "A": (1, 5),
    "B": (6, 12),
    "C": (13, 43),
    "D": (44, 46),
    "E": (47, 50),
    "F": (51, 52),
    "G": (53, 60),
    "H": (61, 62),
    "I": (63, 65),
    "J": (66, 69),
    "K": (70, 70),
    "L": (71, 72),
    "M": (73, 75),
    "N": (76, 79),
    "O": (80, 82),
    "P": (83, 83),
    "Q": (84, 85),
    "R": (86, 90),
    "S": (91, 97),
    "T": (98, 98),
}

_PATTERN = re.compile(r"^([A-T])(\d{2}(\d{1,2})?)?$")


def problem(code: str) -> str | None:
    """Why ``code`` is not a GB/T 4754-2017 code, or None if it is one."""
    match = _PATTERN.match(code)
    if not match:
        return "expected a section letter A-T followed by 2, 3 or 4 digits, e.g. C2611"
    section, digits = match.group(1), match.group(2)
    if digits:
        low, high = SECTION_DIVISIONS[section]
        division = int(digits[:2])
        if not low <= division <= high:
            return f"division {digits[:2]} does not belong to section {section}"
    return None


def section_of(code: str) -> str:
    return code[:1]
