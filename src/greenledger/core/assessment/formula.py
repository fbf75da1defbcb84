"""A safe formula language for indicators: arithmetic over named inputs, nothing else.

Formulas are parsed with Python's `ast` and checked against a whitelist before they are ever
evaluated; evaluation walks the checked tree (there is no `eval`). Allowed: numbers, true/false,
declared names, + - * / (and unary -), comparisons, and/or/not, `a if c else b`, and the
functions min, max and abs. Everything else (attributes, subscripts, other calls, keywords,
lambdas, comprehensions, strings) is refused when the rule set is loaded.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from greenledger.core.errors import GreenLedgerError

Value = float | bool

FUNCTIONS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs}

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}


class FormulaError(GreenLedgerError):
    """A formula that is not allowed, or that cannot be evaluated on the given inputs."""


@dataclass(frozen=True)
class Formula:
    """A checked formula: its text, its parsed tree and the names it reads."""

    text: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Value]) -> Value:
        return _evaluate(self.tree.body, values, self.text)


def compile_formula(text: object, allowed_names: frozenset[str] | set[str]) -> Formula:
    """Parse and check `text`; raise FormulaError naming the first construct not allowed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("a formula must be a non-empty text")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"formula {text!r} does not parse: {exc.msg}") from exc
    names: set[str] = set()
    for node in ast.walk(tree):
        _check(node, text, names)
    unknown = sorted(names - set(allowed_names))
    if unknown:
        raise FormulaError(f"formula {text!r} uses undeclared name(s): {', '.join(unknown)}")
    return Formula(text=text.strip(), tree=tree, names=frozenset(names))


_PLAIN_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Load,
    ast.And,
    ast.Or,
    ast.Not,
    ast.USub,
    ast.UAdd,
    *_BINARY,
    *_COMPARE,
)


def _check(node: ast.AST, text: str, names: set[str]) -> None:
    if isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            return  # checked as the callee of its Call
        names.add(node.id)
        return
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool | int | float):
            return
        raise FormulaError(f"formula {text!r}: only numbers and true/false are allowed")
    if isinstance(node, ast.Call):
        callee = node.func
        if not isinstance(callee, ast.Name) or callee.id not in FUNCTIONS:
            raise FormulaError(f"formula {text!r}: only min, max and abs may be called")
        if node.keywords or not node.args or any(isinstance(a, ast.Starred) for a in node.args):
            raise FormulaError(f"formula {text!r}: {callee.id}() takes plain arguments")
        return
    if isinstance(node, ast.BinOp) and type(node.op) not in _BINARY:
        raise FormulaError(f"formula {text!r}: operator {type(node.op).__name__} not allowed")
    if isinstance(node, _PLAIN_NODES):
        return
    raise FormulaError(f"formula {text!r}: {type(node).__name__} is not allowed")


def _evaluate(node: ast.expr, values: Mapping[str, Value], text: str) -> Value:
    if isinstance(node, ast.Constant):
        constant = node.value
        if isinstance(constant, bool):
            return constant
        return float(constant)  # type: ignore[arg-type]
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise FormulaError(f"formula {text!r}: no value for {node.id}")
        return values[node.id]
    if isinstance(node, ast.BinOp):
        left = _number(_evaluate(node.left, values, text), text)
        right = _number(_evaluate(node.right, values, text), text)
        if isinstance(node.op, ast.Div) and right == 0:
            raise FormulaError(f"formula {text!r}: division by zero")
        return float(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values, text)
        if isinstance(node.op, ast.Not):
            return not operand
        number = _number(operand, text)
        return -number if isinstance(node.op, ast.USub) else number
    if isinstance(node, ast.BoolOp):
        results = [bool(_evaluate(v, values, text)) for v in node.values]
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Compare):
        left = _evaluate(node.left, values, text)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _evaluate(comparator, values, text)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        branch = node.body if _evaluate(node.test, values, text) else node.orelse
        return _evaluate(branch, values, text)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_number(_evaluate(a, values, text), text) for a in node.args]
        function = FUNCTIONS[node.func.id]
        return float(function(*args) if len(args) > 1 or node.func.id == "abs" else args[0])
    raise FormulaError(f"formula {text!r}: {type(node).__name__} is not allowed")


def _number(value: Value, text: str) -> float:
    if isinstance(value, bool):
        raise FormulaError(f"formula {text!r}: a yes/no value used as a number")
    return float(value)
