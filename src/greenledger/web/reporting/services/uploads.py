"""Uploaded files: stored outside the web root under a safe name, with checksum and size
limits, and a fast scan for what makes a workbook need the full sheet inspection."""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import message

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._\-\u4e00-\u9fff]+")


def upload_directory() -> Path:
    return Path(settings.PRIVATE_MEDIA_ROOT) / "imports"


def max_upload_bytes() -> int:
    return int(settings.GREENLEDGER_MAX_UPLOAD_BYTES)


def store_upload(source: Any, filename: str) -> tuple[Path, str, int]:
    """Copy an uploaded file (a Django UploadedFile or a path) outside the web root."""
    safe = _SAFE_NAME.sub("_", Path(filename).name).strip("._") or "upload"
    directory = upload_directory() / uuid.uuid4().hex
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / safe[-120:]
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        chunks = source.chunks() if hasattr(source, "chunks") else _file_chunks(Path(source))
        for chunk in chunks:
            size += len(chunk)
            if size > max_upload_bytes():
                out.close()
                shutil.rmtree(directory, ignore_errors=True)
                raise InputError([too_large(filename, size)])
            digest.update(chunk)
            out.write(chunk)
    return target, digest.hexdigest(), size


def _file_chunks(path: Path) -> Any:
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def too_large(filename: str, size: int) -> Problem:
    limit = max_upload_bytes() / (1024 * 1024)
    return Problem(message("import.too_large", limit=f"{limit:.0f} MB"), file=filename)


_SHEET_MARKERS = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s>/]")


def may_hold_merged_cells_or_formulas(path: Path) -> bool:
    """A fast scan of the worksheet parts for formula (<f>) and merged-range elements.

    ``inspect_sheet`` locates and explains every merged range and formula, but it loads the whole
    workbook with openpyxl (about 14 s for 100,000 lines); a workbook whose sheets hold neither
    element cannot fail it, so it runs only when the scan finds one. ``inspect_upload`` has
    already bounded the parts' uncompressed sizes (ZIP bombs).
    """
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            tail = b""
            with archive.open(name) as part:
                while chunk := part.read(1 << 20):
                    if _SHEET_MARKERS.search(tail + chunk):
                        return True
                    tail = chunk[-32:]
    return False


def named_copy(path: Path, display: Path) -> Path:
    """The stored file under the user's file name (a link), so messages name their file."""
    if path.name == display.name:
        return path
    link = path.with_name(display.name)
    if not link.exists():
        try:
            link.hardlink_to(path)
        except OSError:
            shutil.copyfile(path, link)
    return link
