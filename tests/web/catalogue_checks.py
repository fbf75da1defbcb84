"""Checks shared by the apps' catalogue tests: a compiled zh_Hans catalogue is complete, matches
its .po file, and no other catalogue of the project shadows one of its messages."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed"
)


def lc_messages(package_file: str) -> Path:
    """The zh_Hans LC_MESSAGES directory of the app whose ``__init__`` is ``package_file``."""
    return Path(package_file).parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def catalogue(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        return dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]


def messages(directory: Path) -> dict[object, str]:
    """The compiled catalogue's messages, without the header."""
    return {key: value for key, value in catalogue(directory / "django.mo").items() if key}


def recompiled(directory: Path, tmp_path: Path) -> dict[object, str]:
    """The .po file compiled afresh by msgfmt (which also checks it)."""
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check", "-o", str(compiled), str(directory / "django.po")], check=True
    )
    return catalogue(compiled)


def shadowed(directory: Path) -> list[tuple[str, str, str]]:
    """Messages of the catalogue that read otherwise at run time (apps listed earlier win on
    equal msgids): (msgid, ours, what is shown)."""
    found = []
    with override("zh-hans"):
        for key, value in catalogue(directory / "django.mo").items():
            if not key or not isinstance(key, str):
                continue  # the header, and plural forms
            if "\x04" in key:
                context, message = key.split("\x04")
                shown = pgettext(context, message)
            else:
                shown = _(key)
            if shown != value:
                found.append((key, value, shown))
    return found
