#!/usr/bin/env bash
# Rebuild the single initial migration from the models. Only while Kernpunt has no
# deployments to upgrade: after the first release, add migrations with `flask db migrate`.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
rm -f migrations/versions/*_0001.py migrations/versions/*initial_schema*.py
export FLASK_APP=wsgi.py KERNPUNT_INSTANCE_PATH="$scratch" DATABASE_URL="sqlite:///$scratch/empty.sqlite"
mv migrations/versions/*_0002.py "$scratch/" 2>/dev/null || true
.venv/bin/flask db migrate -m "initial schema" --rev-id 0001 >/dev/null 2>&1
mv "$scratch"/*_0002.py migrations/versions/ 2>/dev/null || true
.venv/bin/ruff format -q migrations/versions
ls migrations/versions
