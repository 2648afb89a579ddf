# Kernpunt: one image for the web processes, the worker, the scheduler and migrations.
# The command differs per service (compose.yaml); each is a script or `flask` command that
# the test suite runs (docs/deploy.md, "What CI runs").
FROM python:3.11-slim-bookworm

# Pango (with HarfBuzz and fontconfig) and fonts for WeasyPrint's PDF reports; the PostgreSQL
# client for `flask db backup`. No compilers: every Python dependency ships a wheel.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/kernpunt \
    PATH=/opt/kernpunt/bin:$PATH \
    FLASK_APP=wsgi.py \
    KERNPUNT_ENV=production \
    KERNPUNT_INSTANCE_PATH=/var/lib/kernpunt \
    KERNPUNT_BIND=0.0.0.0:8000

RUN python -m venv /opt/kernpunt \
 && useradd --system --uid 10001 --home-dir /var/lib/kernpunt --shell /usr/sbin/nologin kernpunt \
 && mkdir -p /var/lib/kernpunt \
 && chown kernpunt:kernpunt /var/lib/kernpunt

WORKDIR /app
# Dependencies first (a layer that survives code changes), then the code.
COPY pyproject.toml README.md ./
RUN mkdir -p dialogue nlp && touch dialogue/__init__.py nlp/__init__.py \
 && pip install . && pip uninstall -y kernpunt
COPY . .
# Editable: templates, static files and migrations are read from /app.
RUN pip install --no-deps -e . \
 && pybabel compile -d dialogue/translations \
 && python -m compileall -q dialogue nlp

USER kernpunt
EXPOSE 8000
VOLUME ["/var/lib/kernpunt"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "scripts/probe.py", "--quiet", "http://127.0.0.1:8000/healthz"]
CMD ["scripts/serve.sh"]
