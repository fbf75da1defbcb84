"""The reports' Simplified Chinese catalogue: complete, compiled, and not shadowed."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

import greenledger.web.reports

LC_MESSAGES = Path(greenledger.web.reports.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def catalogue(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def test_every_message_has_a_chinese_translation() -> None:
    entries = catalogue(LC_MESSAGES / "django.mo")
    messages = {key: value for key, value in entries.items() if key}
    assert len(messages) > 150
    assert all(value.strip() for value in messages.values())


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_compiled_catalogue_is_up_to_date_with_the_po_file(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(LC_MESSAGES / "django.po")], check=True
    )
    assert catalogue(compiled) == catalogue(LC_MESSAGES / "django.mo")


def test_no_other_catalogue_of_the_project_overrides_a_report_message() -> None:
    """Apps listed earlier win on equal msgids; each report message must read as ours."""
    shadowed = []
    with override("zh-hans"):
        for key, value in catalogue(LC_MESSAGES / "django.mo").items():
            if not key or not isinstance(key, str):
                continue  # the header, and plural forms
            if "\x04" in key:
                context, message = key.split("\x04")
                found = pgettext(context, message)
            else:
                found = _(key)
            if found != value:
                shadowed.append((key, value, found))
    assert shadowed == []


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
