"""The Unified Social Credit Code (统一社会信用代码), GB 32100-2015.

Eighteen characters from a 31-character alphabet (digits and capital letters without I, O, Z, S
and V):

    position 1      registration authority (登记管理部门码)
    position 2      organisation category (机构类别码)
    positions 3-8   administrative division code (登记管理机关行政区划码), six digits
    positions 9-17  organisation code (主体标识码, GB 11714), with its own check character
    position 18     check character

The check character: give each of the first 17 characters its value in the alphabet, multiply by
the weight ``3**i mod 31`` (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28),
sum, and take ``31 - sum mod 31`` (31 becomes 0) as a position in the alphabet.
"""

from __future__ import annotations

from dataclasses import dataclass

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {char: index for index, char in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
LENGTH = 18

# GB 11714-1997: the organisation code's own check character (position 9 of its 9 characters).
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_CODE_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True, slots=True)
class CreditCodeProblem:
    """Why a string is not a valid credit code; ``reason`` is a stable machine-readable key."""

    reason: str  # "length", "character", "division", "check_digit"
    position: int | None = None  # 1-based position of the offending character
    expected: str | None = None

    def __str__(self) -> str:
        if self.reason == "length":
            return f"a Unified Social Credit Code has {LENGTH} characters"
        if self.reason == "character":
            return f"character {self.position} is not allowed (I, O, Z, S, V are never used)"
        if self.reason == "division":
            return "characters 3 to 8 must be the six digits of an administrative division code"
        return f"the check character is wrong: it should be {self.expected}"


def check_character(first17: str) -> str:
    """The 18th character for the first 17 characters of a code."""
    if len(first17) != LENGTH - 1 or any(char not in VALUES for char in first17):
        raise ValueError("need 17 characters from the credit-code alphabet")
    total = sum(VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_check_character(first8: str) -> str:
    """The 9th character of a GB 11714 organisation code for its first 8 characters."""
    values = [ORG_CODE_ALPHABET.index(char) for char in first8.upper()]
    if len(values) != 8:
        raise ValueError("need 8 characters")
    remainder = 11 - sum(v * w for v, w in zip(values, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def normalise(code: str) -> str:
    """Upper-case and strip the blanks people type or paste around a code."""
    return "".join(code.split()).upper()


def problem(code: str) -> CreditCodeProblem | None:
    """The first problem with ``code`` (already normalised), or None if it is valid."""
    if len(code) != LENGTH:
        return CreditCodeProblem("length")
    for position, char in enumerate(code, start=1):
        if char not in VALUES:
            return CreditCodeProblem("character", position=position)
    if not code[2:8].isdigit():
        return CreditCodeProblem("division", position=3)
    expected = check_character(code[:17])
    if code[17] != expected:
        return CreditCodeProblem("check_digit", position=18, expected=expected)
    return None


def is_valid(code: str) -> bool:
    return problem(normalise(code)) is None


def make_code(*, authority: str, category: str, division: str, org_body: str) -> str:
    """Build a valid code from its parts; ``org_body`` is the first 8 organisation-code chars.

    Used to generate the fictional demo district's codes.
    """
    org_code = org_body + org_code_check_character(org_body)
    first17 = f"{authority}{category}{division}{org_code}"
    return first17 + check_character(first17)
