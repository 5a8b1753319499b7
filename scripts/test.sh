#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

# The browser tests drive the Debian chromium package (never a downloaded browser).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1; then
    { apt-get install -y chromium || { apt-get update -qq && apt-get install -y chromium; }; } \
        >/dev/null 2>&1 || echo "chromium not installed: the browser tests will skip"
fi

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,scale,encoder]'

.venv/bin/ruff check src tests bench scripts
bash scripts/services.sh
.venv/bin/python -m pytest "$@"
