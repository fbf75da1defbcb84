#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing.
# PostgreSQL (a throw-away server for the PostgreSQL run), Chromium with its driver
# (real-browser tests), Noto CJK fonts (Chinese PDFs and screenshots), gettext (translations) and
# the Pango libraries WeasyPrint renders the PDF reports with.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: missing Debian packages ${need[*]} and no root rights to install them" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
