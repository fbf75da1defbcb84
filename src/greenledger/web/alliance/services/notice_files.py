"""Files attached to notices: PDF and images checked like assessment evidence, and the forms a
notice often carries (XLSX workbooks, DOCX documents) checked to be the OOXML package their
name claims.

An OOXML file is a ZIP package whose ``[Content_Types].xml`` names the content type of its main
part: ``xl/workbook.xml`` of a workbook, ``word/document.xml`` of a document. A file called
``.xlsx`` that is not a ZIP, whose package lacks that part, or whose main part is of another
type (a macro-enabled workbook renamed ``.xlsx``, a document renamed ``.xlsx``) is refused with
the reason; nothing is left on disk.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from greenledger.web.alliance.services._common import invalid
from greenledger.web.assessments.services.evidence import (
    inspect_evidence,
    max_evidence_bytes,
    store_evidence_file,
)

__all__ = ["NOTICE_EXTENSIONS", "store_notice_file"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# extension -> (content type of the file, main part, content type of the main part)
OOXML = {
    ".xlsx": (XLSX, "/xl/workbook.xml", f"{XLSX}.main+xml"),
    ".docx": (DOCX, "/word/document.xml", f"{DOCX}.main+xml"),
}
NOTICE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".xlsx", ".docx")
CONTENT_TYPES_PART = "[Content_Types].xml"
# a package's content-type list is a few kilobytes; more is not an office file
CONTENT_TYPES_LIMIT = 256 * 1024
NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def _main_part_type(package: zipfile.ZipFile, part: str) -> str | None:
    """The content type ``[Content_Types].xml`` declares for ``part`` (None: not declared)."""
    info = package.getinfo(CONTENT_TYPES_PART)
    if info.file_size > CONTENT_TYPES_LIMIT:
        return None
    data = package.read(info)
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        return None  # no entity declarations in a package's content types
    root = ElementTree.fromstring(data)
    for override in root.iter(f"{NAMESPACE}Override"):
        if override.get("PartName") == part:
            return override.get("ContentType")
    return None


def inspect_ooxml(path: Path, filename: str) -> str:
    """The content type of an XLSX or DOCX file, or a ValidationError saying why it is refused."""
    extension = Path(filename).suffix.lower()
    expected, part, part_type = OOXML[extension]
    size = path.stat().st_size
    if size == 0:
        raise invalid("file", _("%(name)s: the file is empty.") % {"name": filename})
    if size > max_evidence_bytes():
        raise invalid(
            "file",
            _("%(name)s: %(size)s bytes is over the limit of %(limit)s bytes.")
            % {"name": filename, "size": size, "limit": max_evidence_bytes()},
        )
    not_office = _("%(name)s: the file is not the %(format)s document its extension says.") % {
        "name": filename,
        "format": extension.lstrip(".").upper(),
    }
    if not zipfile.is_zipfile(path):
        raise invalid("file", not_office)
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if CONTENT_TYPES_PART not in names or part.lstrip("/") not in names:
                raise invalid("file", not_office)
            declared = _main_part_type(package, part)
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError):
        raise invalid("file", not_office) from None
    if declared != part_type:
        raise invalid(
            "file",
            _("%(name)s: its main part is %(found)s, not a plain %(format)s (no macros).")
            % {
                "name": filename,
                "found": declared or _("not declared"),
                "format": extension.lstrip(".").upper(),
            },
        )
    return expected


def store_notice_file(directory: Path, upload: IO[bytes], name: str) -> tuple[Path, str, str]:
    """Write ``upload`` under ``directory`` with a random name once its content is checked:
    (stored path, content type, SHA-256), or a ValidationError with nothing left on disk."""
    extension = Path(name).suffix.lower()
    if extension not in NOTICE_EXTENSIONS:
        raise invalid(
            "file",
            _("%(name)s: only PDF, PNG, JPEG, XLSX and DOCX files are attached to notices.")
            % {"name": name},
        )
    inspector = inspect_ooxml if extension in OOXML else inspect_evidence
    return store_evidence_file(directory, upload, name, inspector)
