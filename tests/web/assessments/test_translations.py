"""The assessments app's Simplified Chinese catalogue: complete, compiled, and not shadowed."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

import greenledger.web.assessments
from tests.web.catalogue_checks import (
    catalogue,
    lc_messages,
    messages,
    needs_msgfmt,
    recompiled,
    shadowed,
)

LC_MESSAGES = lc_messages(greenledger.web.assessments.__file__)


def test_every_message_has_a_chinese_translation() -> None:
    found = messages(LC_MESSAGES)
    assert len(found) > 500
    assert all(value.strip() for value in found.values())


@needs_msgfmt
def test_the_compiled_catalogue_is_up_to_date_with_the_po_file(tmp_path: Path) -> None:
    assert recompiled(LC_MESSAGES, tmp_path) == catalogue(LC_MESSAGES / "django.mo")


def test_no_other_catalogue_of_the_project_overrides_a_assessment_message() -> None:
    """Apps listed earlier win on equal msgids; each assessment message must read as ours."""
    assert shadowed(LC_MESSAGES) == []


def test_green_manufacturing_terms_are_used() -> None:
    with override("zh-hans"):
        assert _("VALID") == "有效"
        assert pgettext("certificate state", "Valid") == "有效"
        assert _("EXPIRED") == "已过期"
        assert _("REVOKED") == "已撤销"
        assert _("Benchmark value") == "基准值"
        assert _("Leading value") == "引领值"
        assert _("Basic requirements") == "基本要求"
        assert _("Trimmed mean") == "截尾均值"
        assert _("set by the call") == "由申报通知设定"
        # "Valid" alone stays the validity column of the registry's designation table.
        assert _("Valid") == "有效期"
