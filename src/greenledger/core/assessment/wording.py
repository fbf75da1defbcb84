"""How a text words a limit, and comparing a value the way the text says.

Chinese regulatory texts write a limit with a word that says whether the number itself is
allowed. 以上, 以下 and 以内 include it (Civil Code of the PRC, art. 1259: "民法所称的'以上'、
'以下'、'以内'、'届满'，包括本数；所称的'不满'、'超过'、'以外'，不包括本数"); 不超过, 不高于,
不低于 and 不少于 negate an exclusive word and so include it; 低于, 高于, 超过, 不满, 小于 and 大于
exclude it. A limit threshold of a rule set records the words (``wording: "1.3以下"``), whether it
is an upper (``max``) or lower (``min``) limit, and whether the number is included
(``bound: inclusive | exclusive``); the loader checks that the three agree and that formulas
compare with the operator the wording implies, and the engine explains every comparison with
the wording (``PUE 1.3 ≤ 1.3 (1.3以下, inclusive)``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from greenledger.core.messages import Message, message

MAX, MIN = "max", "min"
INCLUSIVE, EXCLUSIVE = "inclusive", "exclusive"
LIMITS = (MAX, MIN)
BOUNDS = (INCLUSIVE, EXCLUSIVE)

# Limit words -> (max | min, inclusive | exclusive); longest first, so 不超过 is not read as 超过.
KEYWORDS: dict[str, tuple[str, str]] = {
    "不超过": (MAX, INCLUSIVE),
    "不高于": (MAX, INCLUSIVE),
    "不大于": (MAX, INCLUSIVE),
    "不低于": (MIN, INCLUSIVE),
    "不少于": (MIN, INCLUSIVE),
    "不小于": (MIN, INCLUSIVE),
    "以下": (MAX, INCLUSIVE),
    "以内": (MAX, INCLUSIVE),
    "以上": (MIN, INCLUSIVE),
    "不满": (MAX, EXCLUSIVE),
    "低于": (MAX, EXCLUSIVE),
    "小于": (MAX, EXCLUSIVE),
    "超过": (MIN, EXCLUSIVE),
    "高于": (MIN, EXCLUSIVE),
    "大于": (MIN, EXCLUSIVE),
}
_KEYWORD_PATTERN = re.compile("|".join(sorted(KEYWORDS, key=len, reverse=True)))
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

# The operator a formula must use to compare a value with a limit written on its right side.
OPERATORS: dict[tuple[str, str], type[ast.cmpop]] = {
    (MAX, INCLUSIVE): ast.LtE,
    (MAX, EXCLUSIVE): ast.Lt,
    (MIN, INCLUSIVE): ast.GtE,
    (MIN, EXCLUSIVE): ast.Gt,
}
SYMBOLS: dict[type[ast.cmpop], str] = {
    ast.LtE: "≤",
    ast.Lt: "<",
    ast.GtE: "≥",
    ast.Gt: ">",
    ast.Eq: "=",
    ast.NotEq: "≠",
}
ASCII_OPERATORS: dict[type[ast.cmpop], str] = {
    ast.LtE: "<=",
    ast.Lt: "<",
    ast.GtE: ">=",
    ast.Gt: ">",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_MIRROR: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.LtE: ast.GtE,
    ast.GtE: ast.LtE,
    ast.Lt: ast.Gt,
    ast.Gt: ast.Lt,
}


@dataclass(frozen=True, slots=True)
class Reading:
    """What a wording says: the keyword found, the kind of limit, the bound, any number."""

    keyword: str
    limit: str
    bound: str
    number: float | None


def read_wording(wording: str) -> Reading | None:
    """The limit word of ``wording`` (None when it has none, or more than one)."""
    found = _KEYWORD_PATTERN.findall(wording)
    if len(found) != 1:
        return None
    limit, bound = KEYWORDS[found[0]]
    numbers = _NUMBER.findall(wording)
    number = float(numbers[0]) if len(numbers) == 1 else None
    return Reading(found[0], limit, bound, number)


def wording_problems(wording: str, limit: str, bound: str, value: float) -> list[str]:
    """Why a threshold's ``wording``, ``limit``, ``bound`` and ``value`` disagree (or [])."""
    problems = []
    if limit not in LIMITS:
        problems.append(f"'limit' must be one of {', '.join(LIMITS)} (found {limit!r})")
    if bound not in BOUNDS:
        problems.append(f"'bound' must be one of {', '.join(BOUNDS)} (found {bound!r})")
    if problems or not wording:
        return problems
    reading = read_wording(wording)
    if reading is None:
        words = "、".join(KEYWORDS)
        return [f"the wording {wording!r} has no single limit word ({words})"]
    if (reading.limit, reading.bound) != (limit, bound):
        problems.append(
            f"the wording {wording!r} ({reading.keyword}) means limit {reading.limit}, "
            f"{reading.bound}; the threshold says limit {limit}, {bound}"
        )
    if reading.number is not None and reading.number != value:
        problems.append(f"the wording {wording!r} names {reading.number:g}, the value is {value:g}")
    return problems


def required_operator(limit: str, bound: str, limit_on_right: bool = True) -> type[ast.cmpop]:
    operator = OPERATORS[(limit, bound)]
    return operator if limit_on_right else _MIRROR[operator]


def meets(value: float, limit_value: float, limit: str, bound: str) -> bool:
    """Whether ``value`` is within a ``limit`` (max | min) of ``limit_value`` with ``bound``."""
    if limit == MAX:
        return value <= limit_value if bound == INCLUSIVE else value < limit_value
    return value >= limit_value if bound == INCLUSIVE else value > limit_value


def describe(wording: str, bound: str) -> Message:
    """'1.3以下, inclusive'; 'wording not confirmed, inclusive' when the words are unknown."""
    return message(
        "assessment.wording",
        wording=wording or message("assessment.wording_unconfirmed"),
        bound=message(f"assessment.bound.{bound}"),
    )


# -- comparisons in formulas ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Comparison:
    """One comparison of a formula whose side is a limit: ``value_side op limit_side``, where
    the limit side is a constant or a choice between constants (``a if c else b``)."""

    value: ast.expr
    operator: type[ast.cmpop]  # as written with the limit on the right
    limit: ast.expr
    constants: tuple[str, ...]


def comparisons(tree: ast.Expression, constants: frozenset[str] | set[str]) -> list[Comparison]:
    """The comparisons of a formula in which one side is a constant (or a choice of them)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        for index, operator in enumerate(node.ops):
            left, right = sides[index], sides[index + 1]
            right_names = _limit_names(right, constants)
            left_names = _limit_names(left, constants)
            if right_names:
                found.append(Comparison(left, type(operator), right, right_names))
            elif left_names:
                mirrored = _MIRROR.get(type(operator), type(operator))
                found.append(Comparison(right, mirrored, left, left_names))
    return found


def _limit_names(node: ast.expr, constants: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The constants a side is made of, when it is a constant or a choice between constants."""
    if isinstance(node, ast.Name) and node.id in constants:
        return (node.id,)
    if isinstance(node, ast.IfExp):
        body, orelse = _limit_names(node.body, constants), _limit_names(node.orelse, constants)
        if body and orelse:
            return body + orelse
    return ()


def chosen_constant(node: ast.expr, decide: Callable[[ast.expr], bool]) -> str:
    """The constant a limit side stands for once its choices are decided by ``decide``."""
    while isinstance(node, ast.IfExp):
        node = node.body if decide(node.test) else node.orelse
    assert isinstance(node, ast.Name)
    return node.id


_NOT_MET: dict[type[ast.cmpop], str] = {ast.LtE: ">", ast.Lt: "≥", ast.GtE: "<", ast.Gt: "≤"}


def explain(
    value_text: str, value: float, limit_value: float, limit: str, bound: str, wording: str
) -> Message:
    """'pue 1.3 ≤ 1.3 (1.3以下, inclusive)', or with the opposite sign when the limit is missed."""
    operator = required_operator(limit, bound)
    met = meets(value, limit_value, limit, bound)
    sign = SYMBOLS[operator] if met else _NOT_MET[operator]
    return message(
        "assessment.comparison",
        name=value_text,
        value=value,
        sign=sign,
        limit=limit_value,
        wording=describe(wording, bound),
    )
