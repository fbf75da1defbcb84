"""A ProductFootprint's lifecycle: a recalculated footprint as a new version or a new footprint.

The PACT Technical Specifications ("Product Footprint Lifecycle", rules in ``data/pact.yaml``)
classify a change as minor when it only touches the figures and descriptions a recalculation
may change (the footprint keeps its id: version + 1, ``updated`` set), and as major otherwise
(the old footprint gets a last version with status Deprecated, and a new footprint with a new
id names it in ``precedingPfIds``). ``revise`` applies those rules; the web then notifies the
customers holding the old footprint with a PF Update Event naming the ids it returns.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from greenledger.core.assessment.yamlsrc import load_yaml
from greenledger.core.products.pact_spec import PACT_PATH, format_datetime, parse_datetime

__all__ = ["Revision", "classify_change", "revise"]


@dataclass(frozen=True)
class Revision:
    """The footprints a change produces: ``current`` to serve, and the deprecated predecessor.

    A minor change: ``current`` is the new version of the same footprint, ``deprecated`` None.
    A major change: ``current`` is a new footprint and ``deprecated`` the last version of the
    old one. ``notify`` lists the footprint ids whose holders are to be told (PF Update Event).
    """

    kind: str  # "minor" | "major"
    current: dict[str, Any]
    deprecated: dict[str, Any] | None
    notify: tuple[str, ...]


@cache
def _rules() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml(PACT_PATH)["lifecycle"]
    return frozenset(data["minor_change_pcf_properties"]), frozenset(data["bookkeeping"])


def classify_change(previous: Mapping[str, Any], current: Mapping[str, Any]) -> str | None:
    """``"minor"``, ``"major"``, or None when the content did not change."""
    minor_pcf, bookkeeping = _rules()
    keys = (set(previous) | set(current)) - bookkeeping - {"pcf"}
    if any(previous.get(key) != current.get(key) for key in keys):
        return "major"
    old_pcf, new_pcf = previous.get("pcf") or {}, current.get("pcf") or {}
    changed = {key for key in set(old_pcf) | set(new_pcf) if old_pcf.get(key) != new_pcf.get(key)}
    if not changed:
        return None
    if "assurance" in changed and "assurance" not in old_pcf:
        changed.discard("assurance")  # from undefined to defined is a minor change
    return "minor" if changed <= minor_pcf else "major"


def revise(
    previous: Mapping[str, Any],
    current: Mapping[str, Any],
    *,
    when: datetime,
    force_major: bool = False,
) -> Revision:
    """The footprints to serve after ``previous`` was recalculated as ``current``.

    ``current`` is the recalculated footprint as ``product_footprint`` builds it (its own id
    is used only if the change is major). ``when`` is the time of the change; it must be after
    ``previous``'s ``created`` and ``updated``. A Deprecated footprint cannot be revised, and
    an unchanged one gives nothing new (ValueError: these are the caller's bugs).
    """
    if previous.get("status") == "Deprecated":
        raise ValueError(f"footprint {previous.get('id')} is Deprecated and must not be changed")
    stamp = format_datetime(when)
    for name in ("created", "updated"):
        if name in previous and parse_datetime(str(previous[name])) >= when:
            raise ValueError(f"the change at {stamp} is not after the footprint's {name}")
    kind = classify_change(previous, current)
    if kind is None:
        raise ValueError(f"footprint {previous.get('id')} did not change")
    if force_major:
        kind = "major"
    if kind == "minor":
        new = copy.deepcopy(dict(current))
        for name in ("id", "created", "precedingPfIds"):
            if name in previous:
                new[name] = copy.deepcopy(previous[name])
            else:
                new.pop(name, None)
        new["version"] = int(previous["version"]) + 1
        new["updated"] = stamp
        new["status"] = "Active"
        return Revision("minor", new, None, (str(new["id"]),))
    old = copy.deepcopy(dict(previous))
    old["version"] = int(previous["version"]) + 1
    old["updated"] = stamp
    old["status"] = "Deprecated"
    new = copy.deepcopy(dict(current))
    if new.get("id") == previous.get("id"):
        raise ValueError("a major change needs a new footprint id")
    new.pop("updated", None)
    new["precedingPfIds"] = [str(previous["id"])]
    new["status"] = "Active"
    return Revision("major", new, old, (str(old["id"]),))
