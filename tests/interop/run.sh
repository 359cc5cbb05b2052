#!/usr/bin/env bash
# Installs what the interop tests need, then runs them all. The gateway is required:
# a missing gatewayd fails the run instead of skipping its tests.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
"$HERE/setup.sh"
cd "$HERE"
# --durations: the slowest tests, to keep the whole run short.
REQUIRE_GATEWAY=1 exec "${VENV:-$ROOT/.venv}/bin/python" -m pytest -p no:cacheprovider -q --durations=25 "$@"
