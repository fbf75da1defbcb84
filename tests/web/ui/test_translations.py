"""The platform's Simplified Chinese catalogue (members, accounts, audit, ui, the API's errors and
the core's coded messages): every message translated, none fuzzy, compiled from the .po."""

from __future__ import annotations

import subprocess
from pathlib import Path

from django.utils.translation import override, pgettext

import greenledger.web
from tests.web.catalogue_checks import catalogue, lc_messages, messages, needs_msgfmt, recompiled

LC_MESSAGES = lc_messages(greenledger.web.__file__)


def _entries(*options: str) -> list[str]:
    """The msgids msgattrib selects from the .po (``--untranslated``, ``--only-fuzzy``)."""
    found = subprocess.run(
        ["msgattrib", *options, "--no-obsolete", str(LC_MESSAGES / "django.po")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    blocks = [block.strip() for block in found.split("\n\n")]
    return [block for block in blocks if "msgid" in block and "Project-Id-Version" not in block]


@needs_msgfmt
def test_every_platform_message_has_a_chinese_translation_and_none_is_fuzzy() -> None:
    assert _entries("--untranslated") == []
    assert _entries("--only-fuzzy") == []
    assert len(messages(LC_MESSAGES)) > 300


@needs_msgfmt
def test_the_compiled_platform_catalogue_is_up_to_date_with_the_po_file(tmp_path: Path) -> None:
    assert recompiled(LC_MESSAGES, tmp_path) == catalogue(LC_MESSAGES / "django.mo")


def test_core_messages_read_in_chinese_from_the_platform_catalogue() -> None:
    with override("zh-hans"):
        assert pgettext("core", "the file is empty") == "文件为空"
