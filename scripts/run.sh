#!/usr/bin/env bash
# Install Tidings in ./.venv and start it on the embedded default (SQLite in ./tidings-data).
# Usage: bash scripts/run.sh [tidings run options, e.g. --port 8080]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
exec .venv/bin/tidings run "$@"
