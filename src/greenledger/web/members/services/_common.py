"""Helpers shared by the registry services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError


def raise_if(errors: dict[str, list[Any]]) -> None:
    """Raise every collected problem at once, keyed by field name."""
    if errors:
        raise ValidationError(errors)


def actor_name(actor: Any) -> str:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor.get_username()
    return str(getattr(actor, "name", "") or "system")  # a SystemActor: "system:scheduler"
