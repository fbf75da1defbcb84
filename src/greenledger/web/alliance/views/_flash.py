"""One step of a button that posts and goes back: the outcome is flashed on the next page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

__all__ = ["act_and_flash"]


def act_and_flash(request: HttpRequest, act: Callable[[], object], done: str) -> None:
    """Run ``act``; flash ``done`` when it went through, else every reason it was refused."""
    try:
        act()
    except ValidationError as error:
        for reasons in error.message_dict.values():
            for reason in reasons:
                messages.error(request, reason)
    else:
        messages.success(request, done)
