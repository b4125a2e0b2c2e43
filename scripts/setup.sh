#!/usr/bin/env bash
# Install everything baocao needs on a fresh Debian machine with Python 3.11:
# the Debian packages (when run as root, or with sudo) and a virtualenv in .venv.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# OCR (Tesseract + Vietnamese model), the browser tests (Chromium and its WebDriver for Selenium,
# with fonts that have the Vietnamese letters), .doc files (antiword) and searchable PDFs of scans
# (ocrmypdf, for --ocr-pdf).
DEBIAN_PACKAGES=(tesseract-ocr tesseract-ocr-vie chromium chromium-driver fonts-liberation2 antiword ocrmypdf)

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
        SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
        echo "setup: installing Debian packages: ${missing[*]}"
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "setup: warning: no apt-get; install these yourself for OCR, .doc and browser tests: ${missing[*]}" >&2
    fi
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $($PYTHON --version)"
    $PYTHON -m venv .venv
fi
stamp=.venv/.baocao-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "setup: installing Python packages into .venv"
    .venv/bin/pip install -q --disable-pip-version-check -e ".[test,cluster]"
    touch "$stamp"
fi
