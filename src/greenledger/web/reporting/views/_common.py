"""Shared helpers of the reporting pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAV = "reporting"


def is_htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def htmx_target(request: HttpRequest) -> str | None:
    htmx = getattr(request, "htmx", None)
    return htmx.target if htmx and not htmx.boosted else None


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    target: str | None = None,
    status: int = 200,
    nav: str = NAV,
) -> HttpResponse:
    """The whole page, or only ``partial`` for an htmx request aimed at ``target``; ``nav``
    names the main-navigation entry to highlight."""
    use_partial = partial is not None and htmx_target(request) == target
    response = render(
        request, partial if use_partial else template, {"nav": nav, **context}, status=status
    )
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def act(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    """Run a service; say what happened. A refused step (ValidationError) is shown, not raised;
    a step the viewer may not take (PermissionDenied) answers 403."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, success)
    return True


def to_submission(submission_id: int, anchor: str = "") -> HttpResponse:
    url = reverse("reporting:submission", args=[submission_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
