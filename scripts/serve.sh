#!/bin/sh
# Start Kernpunt's web process: gunicorn with sync workers, for the Dockerfile, compose, the
# systemd unit and `make serve-prod`. Settings come from the environment (docs/deploy.md):
#   KERNPUNT_BIND (default 127.0.0.1:8000), KERNPUNT_WEB_WORKERS (default 2),
#   PROMETHEUS_MULTIPROC_DIR (optional: a folder only this web process uses; emptied here,
#   so that /metrics adds up this start's workers only), PYTHON (default python3).
set -eu
cd "$(dirname "$0")/.."

if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
  mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
  find "$PROMETHEUS_MULTIPROC_DIR" -maxdepth 1 -type f -name '*.db' -delete
fi

exec "${PYTHON:-python3}" -m gunicorn \
  --workers "${KERNPUNT_WEB_WORKERS:-2}" \
  --bind "${KERNPUNT_BIND:-127.0.0.1:8000}" \
  --timeout 60 \
  --graceful-timeout 30 \
  wsgi:app
