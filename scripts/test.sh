#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
# Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test,scale]'

.venv/bin/ruff check src tests bench scripts
bash scripts/services.sh
.venv/bin/python -m pytest "$@"
