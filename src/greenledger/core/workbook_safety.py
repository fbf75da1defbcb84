"""Refuse uploaded files that are unsafe or not what they claim, before anything parses them.

``inspect_upload`` looks at the raw bytes and, for XLSX, at the ZIP central directory only (no
part is decompressed before the directory passed every limit): size, macros, encryption, ZIP
bombs, nested archives, and content that does not match the file's extension.
``inspect_sheet`` then opens an XLSX with openpyxl and refuses the things a data sheet must not
hold: merged cells and formulas (the reader needs one plain value per cell).

Every problem is a ``Problem`` whose coded message reads as a complete sentence, raised together
in one ``InputError``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from greenledger.core.errors import InputError, Problem
from greenledger.core.messages import Message, message

# -- policy limits (platform policy, not standard factors; change them here only) -------------

# Upload size the web layer passes as max_bytes unless it has its own setting: 20 MB holds a
# year of monthly activity lines for thousands of sites, or a few meters' hourly series as CSV.
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Sum of the declared uncompressed sizes of all parts of an XLSX. A real 20 MB workbook
# expands to well under 200 MB of XML; more than this is a ZIP bomb or not an activity file.
MAX_UNCOMPRESSED_BYTES = 150 * 1024 * 1024
# Compression ratio of one part. Spreadsheet XML compresses about 5-30x, very repetitive sheets
# up to about 100x; deflate cannot exceed about 1032x, which is what a ZIP bomb's zeros reach.
MAX_COMPRESSION_RATIO = 200
# The ratio is only judged for parts at least this large, so tiny parts (a 2 kB styles.xml
# compressed to 10 bytes) never trip it.
RATIO_CHECK_MIN_BYTES = 1024 * 1024
# Number of parts. A workbook has a dozen parts plus a few per sheet; thousands mean trouble.
MAX_ZIP_ENTRIES = 1000
# Bytes of the start of a CSV inspected for binary content (NUL bytes, archive signatures).
CSV_SNIFF_BYTES = 64 * 1024

OLE_SIGNATURE = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file (legacy Office, encrypted OOXML)
)
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a local file header, or an empty archive
PARQUET_MAGIC = b"PAR1"
ACCEPTED_SUFFIXES = (".xlsx", ".csv", ".parquet")
MACRO_SUFFIXES = frozenset({".xlsm", ".xltm", ".xlam", ".xlsb"})
WORKBOOK_SUFFIXES = frozenset({".xlsx"}) | MACRO_SUFFIXES
# Archive extensions that have no business inside an activity workbook.
_NESTED_ARCHIVE = re.compile(r"\.(zip|xlsx|xlsm|xlsb|xls|docx|docm|pptx|jar|7z|rar|gz|tar)$", re.I)
# Folders of embedded OLE objects and ActiveX controls, which can carry executable content.
_EMBEDDED_FOLDERS = ("xl/embeddings/", "xl/activex/")
# Signatures of binary formats people mistake for CSV, with a name to tell them.
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "workbook.content.zip"),
    (OLE_SIGNATURE, "workbook.content.ole"),
    (b"%PDF", "workbook.content.pdf"),
    (PARQUET_MAGIC, "workbook.content.parquet"),
    (b"\x89PNG", "workbook.content.png"),
    (b"\xff\xd8\xff", "workbook.content.jpeg"),
)


def inspect_upload(path: Path, *, max_bytes: int) -> None:
    """Raise InputError if the uploaded file is too large, unsafe, or not what it claims to be."""
    name = path.name
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError([Problem(message("workbook.missing"), file=name)])
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            [
                Problem(
                    message(
                        "workbook.too_large", size=_megabytes(size), limit=_megabytes(max_bytes)
                    ),
                    file=name,
                )
            ]
        )
    if size == 0:
        raise InputError([Problem(message("workbook.empty"), file=name)])
    with path.open("rb") as handle:
        head = handle.read(CSV_SNIFF_BYTES)

    if suffix in WORKBOOK_SUFFIXES | {".xls"} and head.startswith(OLE_SIGNATURE):
        raise InputError([_ole_problem(path, suffix)])
    if suffix in MACRO_SUFFIXES:
        raise InputError(
            [
                Problem(
                    message("workbook.macro_suffix", suffix=suffix),
                    file=name,
                )
            ]
        )
    if suffix in WORKBOOK_SUFFIXES:
        _inspect_zip(path, head)
    elif suffix == ".csv":
        _inspect_csv(name, head)
    elif suffix == ".parquet":
        _inspect_parquet(path, head, size)
    elif suffix == ".xls":
        raise InputError([_ole_problem(path, suffix)])
    else:
        raise InputError(
            [
                Problem(
                    message(
                        "workbook.bad_suffix", suffix=suffix, accepted=", ".join(ACCEPTED_SUFFIXES)
                    )
                    if suffix
                    else message("workbook.no_suffix", accepted=", ".join(ACCEPTED_SUFFIXES)),
                    file=name,
                )
            ]
        )


def _ole_problem(path: Path, suffix: str) -> Problem:
    if suffix in WORKBOOK_SUFFIXES:
        return Problem(
            message("workbook.encrypted_ole"),
            file=path.name,
        )
    return Problem(
        message("workbook.legacy_xls"),
        file=path.name,
    )


def _inspect_zip(path: Path, head: bytes) -> None:
    name = path.name
    if not head.startswith(ZIP_SIGNATURES):
        what = _describe_content(head)
        raise InputError(
            [
                Problem(
                    message("workbook.not_zip", suffix=path.suffix.lower(), content=what),
                    file=name,
                )
            ]
        )
    try:
        archive = zipfile.ZipFile(path)  # reads the central directory only
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(
            [
                Problem(
                    message("workbook.damaged_zip", detail=str(exc)),
                    file=name,
                )
            ]
        ) from None
    with archive:
        infos = archive.infolist()
        problems = _directory_problems(name, infos)
        if problems:
            raise InputError(problems, headline=message("workbook.refused", file=name))
        problems = _content_problems(name, archive, infos)
    if problems:
        raise InputError(problems, headline=message("workbook.refused", file=name))


def _directory_problems(name: str, infos: Sequence[zipfile.ZipInfo]) -> list[Problem]:
    problems: list[Problem] = []
    if len(infos) > MAX_ZIP_ENTRIES:
        problems.append(
            Problem(
                message("workbook.too_many_parts", parts=len(infos), limit=MAX_ZIP_ENTRIES),
                file=name,
            )
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        problems.append(
            Problem(
                message(
                    "workbook.expands",
                    size=_megabytes(total),
                    limit=_megabytes(MAX_UNCOMPRESSED_BYTES),
                ),
                file=name,
            )
        )
    for info in infos:
        part = info.filename
        if info.file_size >= RATIO_CHECK_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                problems.append(
                    Problem(
                        message(
                            "workbook.ratio", part=part, ratio=ratio, limit=MAX_COMPRESSION_RATIO
                        ),
                        file=name,
                    )
                )
        if part.lower().endswith("vbaproject.bin"):
            problems.append(
                Problem(
                    message("workbook.macros", part=part),
                    file=name,
                )
            )
        elif part.lower().endswith(("encryptedpackage", "encryptioninfo")):
            problems.append(
                Problem(
                    message("workbook.encrypted"),
                    file=name,
                )
            )
        elif _NESTED_ARCHIVE.search(part) or part.lower().startswith(_EMBEDDED_FOLDERS):
            problems.append(
                Problem(
                    message("workbook.embedded", part=part),
                    file=name,
                )
            )
        if info.flag_bits & 0x1:
            problems.append(
                Problem(
                    message("workbook.encrypted_part", part=part),
                    file=name,
                )
            )
    if not any(info.filename == "[Content_Types].xml" for info in infos):
        problems.append(
            Problem(
                message("workbook.no_content_types"),
                file=name,
            )
        )
    return problems


def _content_problems(
    name: str, archive: zipfile.ZipFile, infos: Sequence[zipfile.ZipInfo]
) -> list[Problem]:
    """Check what the directory declared: stream each part, never holding more than a chunk.

    A crafted archive can declare small sizes and still expand without end; reading in bounded
    chunks and stopping at the limit catches that without ever materialising the expansion.
    The first bytes of each part also reveal a nested ZIP archive under an innocent name.
    """
    problems: list[Problem] = []
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        try:
            with archive.open(info) as stream:
                first = stream.read(4)
                if first in ZIP_SIGNATURES:
                    problems.append(
                        Problem(
                            message("workbook.nested_zip", part=info.filename),
                            file=name,
                        )
                    )
                    continue
                part_total = len(first)
                while chunk := stream.read(1024 * 1024):
                    part_total += len(chunk)
                    if total + part_total > MAX_UNCOMPRESSED_BYTES:
                        return [
                            Problem(
                                message(
                                    "workbook.expands_undeclared",
                                    limit=_megabytes(MAX_UNCOMPRESSED_BYTES),
                                ),
                                file=name,
                            )
                        ]
                total += part_total
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            problems.append(
                Problem(
                    message("workbook.damaged_part", part=info.filename, detail=str(exc)),
                    file=name,
                )
            )
    return problems


def _inspect_csv(name: str, head: bytes) -> None:
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise InputError(
                [Problem(message("workbook.csv_binary", content=message(what)), file=name)]
            )
    if b"\x00" in head and not _is_utf16(head):
        raise InputError(
            [
                Problem(
                    message("workbook.csv_nul"),
                    file=name,
                )
            ]
        )
    if _is_utf16(head):
        raise InputError(
            [
                Problem(
                    message("workbook.utf16"),
                    file=name,
                )
            ]
        )


def _is_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff"))


def _inspect_parquet(path: Path, head: bytes, size: int) -> None:
    with path.open("rb") as handle:
        handle.seek(max(0, size - 4))
        tail = handle.read(4)
    if not (head.startswith(PARQUET_MAGIC) and tail == PARQUET_MAGIC and size >= 12):
        raise InputError(
            [
                Problem(
                    message("workbook.not_parquet", content=_describe_content(head)),
                    file=path.name,
                )
            ]
        )


def _describe_content(head: bytes) -> Message:
    for signature, what in _BINARY_SIGNATURES:
        if head.startswith(signature):
            return message(what)
    if b"\x00" in head:
        return message("workbook.content.binary")
    return message("workbook.content.text")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB"


# -- sheets ------------------------------------------------------------------------------------


def inspect_sheet(path: Path, *, sheet: str | None = None) -> None:
    """Raise InputError naming every merged range and formula cell in the data sheet.

    The data sheet is ``sheet`` (with suggestions if no sheet has that name) or the first sheet,
    which is the one the activity reader reads. Call ``inspect_upload`` first: this opens the
    workbook with openpyxl's full reader (its read-only mode does not parse merged ranges), in
    formula mode (``data_only=False``) so formulas show as text starting with '='.
    """
    from openpyxl import load_workbook

    name = path.name
    try:
        workbook = load_workbook(path, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise InputError(
            [Problem(message("workbook.unreadable", detail=_first_line(exc)), file=name)]
        ) from None
    try:
        worksheet = _pick_sheet(workbook, sheet, name)
        problems = list(_sheet_problems(worksheet, name))
    finally:
        workbook.close()
    if problems:
        raise InputError(
            problems,
            headline=message("workbook.cell_headline", count=len(problems), file=name),
        )


def _pick_sheet(workbook: Any, sheet: str | None, file: str) -> Any:
    names: list[str] = list(workbook.sheetnames)
    if sheet is None:
        return workbook[names[0]]
    if sheet in names:
        return workbook[sheet]
    folded = {_fold(n): n for n in names}
    if _fold(sheet) in folded:
        return workbook[folded[_fold(sheet)]]
    close = suggest_sheet(names, sheet)
    sheets = ", ".join(repr(n) for n in names)
    raise InputError(
        [
            Problem(
                message(
                    "workbook.no_sheet_hint",
                    sheet=sheet,
                    sheets=sheets,
                    hint=", ".join(repr(c) for c in close),
                )
                if close
                else message("workbook.no_sheet", sheet=sheet, sheets=sheets),
                file=file,
                sheet=sheet,
            )
        ]
    )


def _sheet_problems(worksheet: Any, file: str) -> Iterable[Problem]:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

    title = worksheet.title
    last_row, last_column = _data_extent(worksheet)
    for merged in sorted(worksheet.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        if merged.min_row > last_row or merged.min_col > last_column:
            continue  # outside the data area (a note far below or right of the table)
        yield Problem(
            message("workbook.merged", cells=merged.coord),
            file=file,
            sheet=title,
            row=merged.min_row,
            column=get_column_letter(merged.min_col),
        )
    for row in worksheet.iter_rows(min_row=1, max_row=last_row, max_col=last_column):
        for cell in row:
            value = cell.value
            if isinstance(value, (ArrayFormula, DataTableFormula)):
                text = getattr(value, "text", None) or ""
            elif isinstance(value, str) and value.startswith("=") and cell.data_type == "f":
                text = value
            else:
                continue
            yield Problem(
                message("workbook.formula", cell=cell.coordinate, formula=_clip(text))
                if text
                else message("workbook.array_formula", cell=cell.coordinate),
                file=file,
                sheet=title,
                row=cell.row,
                column=cell.column_letter,
            )


def _data_extent(worksheet: Any) -> tuple[int, int]:
    """The table the reader reads: the header row's columns, down to their last value.

    The header is row 1 (as the reader expects); a note written far to the right of the table
    is outside it. Formulas count as values; empty strings do not.
    """
    header = next(worksheet.iter_rows(min_row=1, max_row=1), ())
    last_column = max((c.column for c in header if c.value not in (None, "")), default=0)
    if not last_column:
        return 0, 0
    last_row = 1
    for row in worksheet.iter_rows(min_row=2, max_col=last_column):
        if any(cell.value not in (None, "") for cell in row):
            last_row = row[0].row
    return last_row, last_column


def _clip(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


# -- suggestions -------------------------------------------------------------------------------


def suggest_sheet(names: Sequence[str], expected: str, *, limit: int = 3) -> list[str]:
    """The sheet names closest to ``expected``, best first, for 'did you mean' messages.

    Comparison ignores case, full-width forms, spaces, dashes and underscores, so 'activity data'
    finds 'Activity_Data' and '活动数据 ' finds '活动数据'.
    """
    folded: dict[str, str] = {}
    for name in names:
        folded.setdefault(_fold(name), name)
    key = _fold(expected)
    if key in folded:
        return [folded[key]]
    matches = difflib.get_close_matches(key, folded.keys(), n=limit, cutoff=0.5)
    contained = [f for f in folded if f and key and (key in f or f in key)]
    ordered = list(dict.fromkeys([*matches, *contained]))
    return [folded[m] for m in ordered[:limit]]


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).strip().lower()
    return re.sub(r"[\s_\-]+", "", folded)
