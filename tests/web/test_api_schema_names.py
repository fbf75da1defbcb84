"""Every request and response schema of the API has its own name: django-ninja files component
schemas under the class name, so two classes of one name would share one OpenAPI component
(the second's fields documented for the first's operations)."""

from __future__ import annotations

import collections

from ninja import Schema

import greenledger.web.api  # noqa: F401  (imports every router and its schemas)


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def test_no_two_api_schemas_share_a_name() -> None:
    ours = [c for c in _subclasses(Schema) if c.__module__.startswith("greenledger.web")]
    by_name = collections.defaultdict(set)
    for cls in ours:
        by_name[cls.__name__].add(cls.__module__)
    shared = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert len(ours) > 100
    assert not shared, shared
