#!/usr/bin/env bash
# Make sure Debian's Chromium is installed for the end-to-end tests (CI and fresh machines).
# The tests launch it through playwright-core with executablePath /usr/bin/chromium
# (or $PLACEWISE_CHROMIUM); playwright's own browser downloads are never used.
set -euo pipefail

CHROMIUM="${PLACEWISE_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$CHROMIUM" ]; then
  echo "Chromium found at $CHROMIUM"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing at $CHROMIUM and apt-get is not available: install Chromium and set PLACEWISE_CHROMIUM." >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Installing Chromium needs root (or sudo)." >&2
    exit 1
  fi
fi

echo "Installing Debian's chromium package..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core

if [ ! -x "$CHROMIUM" ]; then
  echo "chromium was installed but $CHROMIUM is still missing." >&2
  exit 1
fi
echo "Chromium installed at $CHROMIUM"
