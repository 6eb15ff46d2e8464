#!/usr/bin/env bash
# `make bench`: every benchmark in bench/ at its default (CI-friendly) scale.
# Larger scales: run a script by hand with its --help options.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
status=0
for script in bench/*_bench.py; do
  echo "== $script"
  $PY "$script" || status=$?
done
exit $status
