"""Helpers of the joining tests: a valid application's values, files, a submitted
application, the private store in a temporary directory."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.test import override_settings

from greenledger.web.alliance.services.applications import (
    DocumentUpload,
    Submitted,
    application_submit,
)
from tests.web.assessments.helpers import PDF_BYTES
from tests.web.conftest import credit_code


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 120, 60)).save(out, format="PNG")
    return out.getvalue()


PNG_BYTES = _png()


def private_store(tmp_path: Path) -> Iterator[Path]:
    """Uploaded files go to a directory of the test's own (a module's ``private`` fixture:
    ``yield from private_store(tmp_path)``)."""
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        yield tmp_path / "private"


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def licence(data: bytes = PDF_BYTES, name: str = "营业执照.pdf") -> DocumentUpload:
    return DocumentUpload(kind="business_licence", upload=io.BytesIO(data), filename=name)


def join_values(number: int = 501, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": "enterprise",
        "name_zh": f"东江绿能科技{number}号有限公司",
        "name_en": f"Dongjiang Green Energy No. {number} Co., Ltd.",
        "credit_code": credit_code(number),
        "industry_code": "C3825",
        "address": "东江新区临港大道88号",
        "district": "东江新区",
        "contact_name": "林晓",
        "contact_phone": "021-5555 0101",
        "contact_email": f"linxiao{number}@greenenergy.example",
        "standing": "member",
        "statement": "参与园区光伏与储能示范。",
    }
    values.update(overrides)
    return values


def submit(number: int = 501, documents: Any = None, **overrides: Any) -> Submitted:
    return application_submit(
        **join_values(number, **overrides),
        documents=[licence()] if documents is None else documents,
    )
