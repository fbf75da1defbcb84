"""The one way the alliance pages and API hand out a stored file."""

from __future__ import annotations

from pathlib import Path

from django.http import FileResponse, Http404

__all__ = ["stored_file_response"]


def stored_file_response(stored: Path, filename: str, content_type: str) -> FileResponse:
    """``stored`` as a download named ``filename`` with the content type found at upload (never
    sniffed by the browser); 404 when the file is not on disk."""
    if not stored.is_file():
        raise Http404
    response = FileResponse(
        stored.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
