"""Each assessment test stores its evidence files in its own directory."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Any) -> Any:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT
