#!/usr/bin/env bash
# Installs what the interop tests need, then runs them all. The gateway is required:
# a missing gatewayd fails the run instead of skipping its tests.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
"$HERE/setup.sh"
cd "$HERE"
# Two pytest-xdist workers (INTEROP_WORKERS): most tests wait on timers and peers, not
# the CPU; the Chromium tests stay on one worker (conftest.py). --durations: the slowest
# tests, to keep the whole run short.
REQUIRE_GATEWAY=1 exec "${VENV:-$ROOT/.venv}/bin/python" -m pytest -p no:cacheprovider -q \
    -n "${INTEROP_WORKERS:-2}" --durations=25 "$@"
