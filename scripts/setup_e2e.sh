#!/usr/bin/env bash
# Install what the end-to-end web tests (tests/web/test_e2e.py, marker e2e) need that pip
# cannot: Debian's chromium. Playwright for Python drives it through executable_path; we never
# run `playwright install` (it downloads a browser build, which this project does not do).
# Safe to run again: it does nothing when /usr/bin/chromium is there.
set -euo pipefail

CHROMIUM="${SEEDBED_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  echo "setup_e2e: $CHROMIUM is installed"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_e2e: $CHROMIUM is missing and there is no apt-get; install Chromium yourself" \
       "and set SEEDBED_CHROMIUM to its path" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
"$CHROMIUM" --version
