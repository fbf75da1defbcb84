"""``Status`` for API responses with an explicit status code, on every supported django-ninja.

django-ninja 1.5+ deprecates returning ``(status, value)`` tuples in favour of ``Status``.
"""

from __future__ import annotations

from typing import Any

try:
    from ninja import Status
except ImportError:  # django-ninja < 1.5 understands the tuple form

    def Status(status_code: int, value: Any) -> Any:
        return status_code, value


__all__ = ["Status"]
