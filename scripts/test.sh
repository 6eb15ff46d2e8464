#!/usr/bin/env bash
# `make test`: the suite on SQLite, then on PostgreSQL. Exit 0 only if both pass.
# In CI (CI=true) PostgreSQL is required; locally its pass is skipped with a
# notice when PostgreSQL is not installed.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
status=0

echo "== tests on SQLite =="
$PY -m pytest -q -p no:cacheprovider "$@" || status=$?

url=$(scripts/test_postgres.sh 2>/dev/null || true)
if [ -z "$url" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "PostgreSQL is required in CI but could not be started (is the postgresql package installed?)" >&2
    exit 1
  fi
  echo "== PostgreSQL not installed: its pass is skipped (apt-get install postgresql to run it) =="
  exit $status
fi
echo "== tests on PostgreSQL ($url) =="
DATABASE_URL=$url $PY -m pytest -q -p no:cacheprovider -m "not e2e" "$@" || status=$?
exit $status
