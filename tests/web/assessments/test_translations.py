"""The assessments app's Simplified Chinese catalogue: complete, compiled, and not shadowed."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

import greenledger.web.assessments

LC_MESSAGES = (
    Path(greenledger.web.assessments.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"
)


def catalogue(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def test_every_message_has_a_chinese_translation() -> None:
    entries = catalogue(LC_MESSAGES / "django.mo")
    messages = {key: value for key, value in entries.items() if key}
    assert len(messages) > 500
    assert all(value.strip() for value in messages.values())


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_the_compiled_catalogue_is_up_to_date_with_the_po_file(tmp_path: Path) -> None:
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(LC_MESSAGES / "django.po")], check=True
    )
    assert catalogue(compiled) == catalogue(LC_MESSAGES / "django.mo")


def test_no_other_catalogue_of_the_project_overrides_a_report_message() -> None:
    """Apps listed earlier win on equal msgids; each assessment message must read as ours."""
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
