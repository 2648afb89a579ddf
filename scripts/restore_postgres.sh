#!/bin/sh
# Restore a PostgreSQL backup made by `flask db backup` (pg_dump custom format) into the
# EMPTY database that DATABASE_URL names; refuses a database that already has tables.
#   DATABASE_URL=postgresql+psycopg://kernpunt@127.0.0.1/kernpunt_restored scripts/restore_postgres.sh FILE.dump
# Put the password in ~/.pgpass (or PGPASSWORD), not in DATABASE_URL: the URL is in argv.
set -eu
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: DATABASE_URL=... $0 BACKUP.dump" >&2
  exit 2
fi
dump=$1
url=${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}
# psql and pg_restore take libpq URLs: drop SQLAlchemy's driver name.
url=$(printf '%s' "$url" | sed -e 's#^postgresql+psycopg://#postgresql://#' -e 's#^postgres://#postgresql://#')

tables=$(psql "$url" -X -A -t -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ]; then
  echo "refusing: the database already has $tables tables; create an empty one to restore into" >&2
  exit 1
fi
pg_restore --no-owner --exit-on-error --single-transaction --dbname="$url" "$dump"
echo "restored $dump; next: FLASK_APP=wsgi.py flask db upgrade, then start the app"
