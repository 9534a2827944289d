#!/usr/bin/env bash
# The README's main-job command: set up, then run calc-crm on a customer sheet (default: the bundled sample).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh >/dev/null
exec /usr/bin/python3 tools/crm_run.py "${@:-samples/customers.ods}"
