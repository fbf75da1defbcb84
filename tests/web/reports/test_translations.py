"""The reports' Simplified Chinese catalogue: complete, compiled, and not shadowed."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import override

import greenledger.web.reports
from tests.web.catalogue_checks import (
    catalogue,
    lc_messages,
    messages,
    needs_msgfmt,
    recompiled,
    shadowed,
)

LC_MESSAGES = lc_messages(greenledger.web.reports.__file__)


def test_every_message_has_a_chinese_translation() -> None:
    found = messages(LC_MESSAGES)
    assert len(found) > 150
    assert all(value.strip() for value in found.values())


@needs_msgfmt
def test_the_compiled_catalogue_is_up_to_date_with_the_po_file(tmp_path: Path) -> None:
    assert recompiled(LC_MESSAGES, tmp_path) == catalogue(LC_MESSAGES / "django.mo")


def test_no_other_catalogue_of_the_project_overrides_a_report_message() -> None:
    """Apps listed earlier win on equal msgids; each report message must read as ours."""
    assert shadowed(LC_MESSAGES) == []


def test_gbt32150_terms_are_used() -> None:
    with override("zh-hans"):
        assert _("Emission factors") == "排放因子"
        assert _("Activity data") == "活动数据"
        assert _("Fossil fuel combustion emissions") == "化石燃料燃烧排放"
        assert _("Industrial process emissions") == "工业生产过程排放"
        assert (
            _("Emissions embodied in net purchased electricity and heat")
            == "净购入电力和热力隐含的排放"
        )
        assert _("Exported electricity and heat") == "输出的电力和热力"
        assert _("Uncertainty and data quality") == "不确定性与数据质量"
