#!/usr/bin/env bash
# The README's test command: set up (install what is missing, build), then run every test with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
ctest --test-dir "${CRM_BUILD_DIR:-build}" --output-on-failure --timeout 1200 "$@"
