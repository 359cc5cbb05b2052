#!/usr/bin/env bash
# Installs the Debian packages a target needs, skipping the ones already present.
#   scripts/install-deps.sh build   — libraries to build and run the gateway
#   scripts/install-deps.sh test    — plus the real peers the interop tests drive
#   scripts/install-deps.sh bench   — plus rtpengine, which `gateway-bench load --rtpengine`
#                                     starts itself (its system service is stopped and disabled)
set -euo pipefail

build_pkgs=(pkg-config libssl-dev libsrtp2-dev libopus-dev libspandsp-dev libtiff-dev libsqlite3-dev)
test_pkgs=(baresip-core sip-tester sox chromium chromium-driver python3-venv)
bench_pkgs=(rtpengine-daemon)

case "${1:-build}" in
  build) wanted=("${build_pkgs[@]}") ;;
  test)  wanted=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
  bench) wanted=("${build_pkgs[@]}" "${bench_pkgs[@]}") ;;
  *) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

# The package enables a system rtpengine (ports 30000-40000, ng on 2223); the benchmark
# runs its own, so the service is stopped where systemd manages it.
if [ "${1:-build}" = bench ] && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now rtpengine-daemon rtpengine-recording-daemon 2>/dev/null || true
fi
