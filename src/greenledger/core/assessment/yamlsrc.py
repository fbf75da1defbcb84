"""YAML with line numbers: rule sets are data, and a bad rule set is reported at its file and line.

A SafeLoader (no object construction from tags) that builds `YamlMap` and `YamlList`, which
remember the 1-based line where they start and, for maps, the line of every key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from greenledger.core.errors import FactorDataError, Problem


class YamlMap(dict[str, Any]):
    """A mapping that knows where it and each of its keys start in the file."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list[Any]):
    line: int = 0


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> YamlMap:
    result = YamlMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, f"keys must be text, not {key!r}", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_list(loader: _LineLoader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


def load_yaml(path: Path) -> YamlMap:
    """Parse one YAML file whose top level is a mapping; syntax errors name the file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        reason = f"YAML: {exc.problem or exc}"
        raise FactorDataError(
            [Problem(reason, file=str(path), row=line)], headline="rule set does not parse"
        ) from exc
    except yaml.YAMLError as exc:
        raise FactorDataError(
            [Problem(f"YAML: {exc}", file=str(path))], headline="rule set does not parse"
        ) from exc
    if not isinstance(document, YamlMap):
        raise FactorDataError(
            [Problem("the top level must be a mapping", file=str(path), row=1)],
            headline="rule set does not parse",
        )
    return document
