"""A clock the tests move (the ``clock`` fixture of tests/web/conftest.py): Django's
``timezone.now`` (hence ``localdate``, ``auto_now`` fields and the pages' "today") answers the
moment the test sets, in the district's time zone. No third-party time-freezing library."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.moment = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.moment)

    def set(self, local: str) -> dt.datetime:
        """Move to ``local`` ("YYYY-MM-DD HH:MM", the district's time zone); return it aware."""
        self.moment = timezone.make_aware(dt.datetime.fromisoformat(local))
        return self.moment
