#!/usr/bin/env bash
# Install the programs the tests need that pip cannot: Debian's chromium (the web app's
# end-to-end tests drive it through Playwright's executable_path; we never run
# `playwright install`, which downloads a browser build) and strace (tests/test_egress.py
# traces every connection and file write of seedbed's commands).
# `make test` runs this first. Safe to run again: it does nothing when all are there.
set -euo pipefail

CHROMIUM="${SEEDBED_CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
command -v strace >/dev/null 2>&1 || missing+=(strace)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup_system: ${missing[*]} missing and there is no apt-get; install them yourself" \
       "(set SEEDBED_CHROMIUM to Chromium's path)" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "setup_system: installing ${missing[*]} from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
