#!/usr/bin/env bash
# Rebuild the single initial migration from the models. Only while Kernpunt has no
# deployments to upgrade: after the first release, add migrations with `flask db migrate`.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
rm -f migrations/versions/*.py
export FLASK_APP=wsgi.py KERNPUNT_INSTANCE_PATH="$scratch" DATABASE_URL="sqlite:///$scratch/empty.sqlite"
.venv/bin/flask db migrate -m "initial schema" >/dev/null
.venv/bin/ruff format -q migrations/versions
ls migrations/versions
