"""Expected access: probes and metrics answer everyone the same (metrics: only with its token).

The suite's database is stamped at the migrations' head (tests/conftest.py), so /readyz says
200; the suite sets no KERNPUNT_METRICS_TOKEN, so /metrics is 404 (tests/ops/ covers the rest).
"""

from tests.access import everyone, row

EXPECTED = {
    "ops.healthz": everyone(200),
    "ops.readyz": everyone(200),
    "ops.metrics": everyone(404),
    # Installation-wide, no data of a municipality: every admin may read it.
    "ops.scheduled_tasks": row(302, 403, 403, 403, 200, 200),
}
