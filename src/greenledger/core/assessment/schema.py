"""The keys each mapping of a rule set may hold, and a walk that finds the ones it may not.

A key the loader does not read is a typo or, more often, a text cut short by YAML: in a flow
mapping ``{title: Renewable electricity share (on-site, green power, certificates), ...}`` the
unquoted commas end the title at "(on-site" and turn "green power" and "certificates)" into keys
of their own. Left unread, such a key would silently shorten the text a user sees, so the loader
refuses every key that is not listed here, naming the path to the mapping (``indicators[3]``,
``inputs.pue``, ``levels[1].min.source``) and the keys it allows.

The walk only descends into values of the expected shape; a value of the wrong type is reported
where the loader reads it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from greenledger.core.assessment.yamlsrc import YamlList, YamlMap


@dataclass(frozen=True)
class Shape:
    """A mapping with fixed keys; `children` gives the shape of the values that have one."""

    keys: frozenset[str]
    children: Mapping[str, Shape | MapOf | ListOf] = field(default_factory=dict)


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys are names chosen by the rule set (inputs, groups, ...)."""

    shape: Shape


@dataclass(frozen=True)
class ListOf:
    shape: Shape


def _shape(keys: str, **children: Shape | MapOf | ListOf) -> Shape:
    return Shape(frozenset(keys.split()) | frozenset(children), children)


SOURCE = _shape("document clause note")
THRESHOLD = _shape("value confirmed configurable limit bound wording", source=SOURCE)
DOCUMENT = _shape("citation issued_by in_force url kind of")
INPUT = _shape("title type unit min max default inventory")
GROUP = _shape("title", weight=THRESHOLD)
REQUIREMENT = _shape("id title condition evidence", source=SOURCE)
STEP = _shape("", at_least=THRESHOLD, at_most=THRESHOLD, points=THRESHOLD)
INDICATOR = _shape(
    "id title group unit method formula evidence better points",
    source=SOURCE,
    weight=THRESHOLD,
    benchmark=THRESHOLD,
    leading=THRESHOLD,
    at_benchmark=THRESHOLD,
    steps=ListOf(STEP),
)
LEVEL = _shape("id title conditions", min=THRESHOLD)
RULESET = _shape(
    "id edition title subject status notes",
    documents=MapOf(DOCUMENT),
    inputs=MapOf(INPUT),
    constants=MapOf(THRESHOLD),
    groups=MapOf(GROUP),
    basic_requirements=ListOf(REQUIREMENT),
    indicators=ListOf(INDICATOR),
    total=THRESHOLD,
    levels=ListOf(LEVEL),
)

SPLIT_TEXT_HINT = (
    "a key without a value is usually the rest of a text cut at an unquoted comma "
    'inside {...}: quote the text, e.g. title: "a, b"'
)


@dataclass(frozen=True)
class UnknownKeys:
    line: int
    path: str
    keys: tuple[str, ...]
    allowed: frozenset[str]
    valueless: bool  # some unknown key has no value: most likely the tail of a split text

    def reason(self) -> str:
        listed = ", ".join(repr(key) for key in self.keys)
        text = (
            f"{self.path}: unknown key{'s' if len(self.keys) > 1 else ''} {listed}; "
            f"allowed: {', '.join(sorted(self.allowed))}"
        )
        return f"{text} ({SPLIT_TEXT_HINT})" if self.valueless else text


def unknown_keys(data: YamlMap, shape: Shape = RULESET) -> list[UnknownKeys]:
    """Every mapping of a rule set (or another file of that ``shape``) with keys its shape does
    not allow, in file order."""
    return sorted(_walk(data, shape, ""), key=lambda found: found.line)


def _label(item: YamlMap, path: str) -> str:
    """A list item's path with its id, when it has one: ``indicators[3] (pue)``."""
    ident = item.get("id")
    return f"{path} ({ident})" if isinstance(ident, str) and ident else path


def _walk(data: YamlMap, shape: Shape, path: str) -> Iterator[UnknownKeys]:
    extra = tuple(key for key in data if key not in shape.keys)
    if extra:
        yield UnknownKeys(
            data.line_of(extra[0]),
            path or "the rule set",
            extra,
            shape.keys,
            any(data[key] is None for key in extra),
        )
    for key, child in shape.children.items():
        value = data.get(key)
        where = f"{path}.{key}" if path else key
        if isinstance(child, Shape) and isinstance(value, YamlMap):
            yield from _walk(value, child, where)
        elif isinstance(child, MapOf) and isinstance(value, YamlMap):
            for name, item in value.items():
                if isinstance(item, YamlMap):
                    yield from _walk(item, child.shape, f"{where}.{name}")
        elif isinstance(child, ListOf) and isinstance(value, YamlList):
            for index, item in enumerate(value):
                if isinstance(item, YamlMap):
                    yield from _walk(item, child.shape, _label(item, f"{where}[{index}]"))
