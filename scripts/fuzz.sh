#!/usr/bin/env bash
# Builds and runs the libFuzzer targets in Fuzz/ (see Fuzz/README.md).
#
#   scripts/fuzz.sh list                          the targets
#   scripts/fuzz.sh build [target...]             build fuzzers into .build-fuzz/bin
#   scripts/fuzz.sh run [-t SECONDS] [target...]  build, then fuzz each target for SECONDS (default 600)
#   scripts/fuzz.sh repro TARGET FILE...          run inputs once (reproduce a crash)
#   scripts/fuzz.sh minimize TARGET FILE          shrink a crashing input into Fuzz/crashes/TARGET/
#   scripts/fuzz.sh merge TARGET                  fold new coverage from the work corpus into Fuzz/corpus/TARGET
#
# The fuzzers are built with swiftc directly (not SwiftPM), so the normal
# `swift build` / `swift test` never see -sanitize=fuzzer: each module under
# Sources/ that a target needs is compiled once to one instrumented object
# (whole-module), then linked with the harness and the entry point that defines
# LLVMFuzzerTestOneInput. libFuzzer supplies main(). The dialplan target also
# needs the Yams package: its Swift sources and its C part (libyaml, CYaml) are
# compiled the same way from SwiftPM's checkout in .build/checkouts/Yams.
#
# Environment: SWIFTC, CLANG (compilers), FUZZ_JOBS_NICE (nice level for runs,
# default 10), SWIFT_BUILD_LOCK (flock file serialising compiles with other
# builds on the machine, default /tmp/swiftbuild.lock; empty disables).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=.build-fuzz
SWIFTC=${SWIFTC:-swiftc}
CLANG=${CLANG:-clang}
NICE=${FUZZ_JOBS_NICE:-10}
LOCK=${SWIFT_BUILD_LOCK-/tmp/swiftbuild.lock}

# target | harness type (Fuzz/Harness/<type>.swift) | top module it imports
TARGETS="
sip-message SIPMessageHarness SIP
sip-digest  SIPDigestHarness  SIP
sdp         SDPHarness        SDP
stun        STUNHarness       WebRTC
rtp         RTPHarness        RTP
rtcp        RTCPHarness       RTP
signaling   SignalingHarness  Gateway
wav         WAVHarness        Media
dialplan    DialplanHarness   Dialplan
dtmf        DTMFHarness       Gateway
"

# Module dependencies, mirroring Package.swift (C leaves handled by c_flags).
module_deps() {
    case $1 in
        CoreTypes|SDP|RTP) echo "" ;;
        Hashing) echo "" ;;
        SIP) echo "CoreTypes Hashing" ;;
        WebRTC) echo "CoreTypes Hashing" ;;
        Gateway) echo "CoreTypes Hashing SIP SDP RTP" ;;
        Media) echo "" ;;
        Dialplan) echo "CoreTypes Yams" ;;
        Yams) echo "" ;;  # its C part, CYaml, is linked by build_target
        *) echo "unknown module $1" >&2; exit 2 ;;
    esac
}

# The module followed by everything it depends on, dependencies first.
module_closure() {
    local m=$1 d
    for d in $(module_deps "$m"); do module_closure "$d"; done
    echo "$m"
}

# Where a module's Swift sources are: Sources/<name>, or a package checkout.
YAMS=.build/checkouts/Yams/Sources
module_dir() {
    case $1 in
        Yams) echo "$YAMS/Yams" ;;
        *) echo "Sources/$1" ;;
    esac
}

# Language mode and defines of a module: the package's own code is Swift 6; Yams
# (tools version 5.7) is compiled as SwiftPM compiles it, in Swift 5 mode with
# SWIFT_PACKAGE defined (which makes it import CYaml).
module_swift_flags() {
    case $1 in
        Yams) echo "-swift-version 5 -DSWIFT_PACKAGE" ;;
        *) echo "-swift-version 6" ;;
    esac
}

locked() {
    if [ -n "$LOCK" ] && command -v flock >/dev/null; then flock "$LOCK" "$@"; else "$@"; fi
}

SWIFT_FLAGS=(-O -g -parse-as-library -sanitize=fuzzer,address)
# The C leaves: module maps from Sources/ plus a generated one for CShims,
# header paths from pkg-config (the same packages Package.swift names).
C_INCLUDES=(-I Sources/COpenSSL -I Sources/CSRTP -I Sources/COpus -I Sources/CSpanDSP -I "$OUT/cmodules"
            -I "$YAMS/CYaml/include" -Xcc -DYAML_DECLARE_STATIC)
for flag in $(pkg-config --cflags openssl libsrtp2 opus spandsp); do C_INCLUDES+=(-Xcc "$flag"); done
read -r -a LINK_LIBS <<<"$(pkg-config --libs openssl libsrtp2 opus spandsp)"

target_field() { # target, field number (2 harness, 3 module)
    awk -v t="$1" -v f="$2" '$1 == t { print $f }' <<<"$TARGETS"
}

all_targets() { awk 'NF { print $1 }' <<<"$TARGETS"; }

newer_than() { # object file, inputs...: true when the object is missing or older than an input
    local object=$1; shift
    [ -f "$object" ] || return 0
    [ -n "$(find "$@" -newer "$object" -print -quit 2>/dev/null)" ]
}

build_cshims() {
    mkdir -p "$OUT/cmodules/CShims" "$OUT/obj"
    cat >"$OUT/cmodules/CShims/module.modulemap" <<EOF
module CShims {
    header "$ROOT/Sources/CShims/include/CShims.h"
    export *
}
EOF
    if newer_than "$OUT/obj/CShims.o" Sources/CShims; then
        echo "compile CShims"
        # Every C file of the target, linked as one relocatable object.
        local parts=()
        for source in Sources/CShims/*.c; do
            local part="$OUT/obj/CShims-$(basename "$source" .c).o"
            # shellcheck disable=SC2046
            locked "$CLANG" -O1 -g -fsanitize=address -I Sources/CShims/include $(pkg-config --cflags openssl opus) \
                -c "$source" -o "$part"
            parts+=("$part")
        done
        locked ld -r -o "$OUT/obj/CShims.o" "${parts[@]}"
    fi
}

# libyaml as Yams ships it, instrumented for coverage too (-fsanitize=fuzzer-no-link),
# so the fuzzer also learns from the YAML scanner's and parser's branches.
build_cyaml() {
    if [ ! -d "$YAMS/CYaml" ]; then
        echo "fetch the Yams checkout (swift package resolve)"
        locked swift package resolve
    fi
    mkdir -p "$OUT/obj/CYaml"
    if newer_than "$OUT/obj/CYaml.a" "$YAMS/CYaml"; then
        echo "compile CYaml"
        local source objects=()
        for source in "$YAMS"/CYaml/src/*.c; do
            objects+=("$OUT/obj/CYaml/$(basename "$source" .c).o")
            locked "$CLANG" -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC \
                -I "$YAMS/CYaml/include" -c "$source" -o "${objects[-1]}"
        done
        rm -f "$OUT/obj/CYaml.a"
        ar rcs "$OUT/obj/CYaml.a" "${objects[@]}"
    fi
}

build_module() { # one Swift module from Sources/<name> (or a checkout), after its dependencies
    local name=$1 d deps=() sources dir
    dir=$(module_dir "$name")
    for d in $(module_deps "$name"); do deps+=("$OUT/obj/$d.o"); done
    if newer_than "$OUT/obj/$name.o" "$dir" "${deps[@]}"; then
        echo "compile $name"
        mapfile -t sources < <(find "$dir" -name '*.swift' | sort)
        # shellcheck disable=SC2046
        locked "$SWIFTC" "${SWIFT_FLAGS[@]}" $(module_swift_flags "$name") \
            "${C_INCLUDES[@]}" -I "$OUT/modules" \
            -module-name "$name" -wmo -emit-module -emit-module-path "$OUT/modules/$name.swiftmodule" \
            -c "${sources[@]}" -o "$OUT/obj/$name.o"
    fi
}

build_target() {
    local target=$1 harness module m objects=()
    harness=$(target_field "$target" 2)
    module=$(target_field "$target" 3)
    [ -n "$harness" ] || { echo "unknown target '$target' (see: scripts/fuzz.sh list)" >&2; exit 2; }
    mkdir -p "$OUT/obj" "$OUT/modules" "$OUT/bin"
    build_cshims
    for m in $(module_closure "$module" | awk '!seen[$0]++'); do
        if [ "$m" = Yams ]; then build_cyaml; fi
        build_module "$m"
        objects+=("$OUT/obj/$m.o")
    done
    # The modules that import CShims (Package.swift) need its object at link time,
    # and Yams its libyaml.
    case $module in WebRTC|Media) objects+=("$OUT/obj/CShims.o") ;; esac
    case $module in Dialplan) objects+=("$OUT/obj/CYaml.a") ;; esac
    local binary="$OUT/bin/$target"
    local inputs=(Fuzz/Harness/FuzzOutcome.swift "Fuzz/Harness/$harness.swift" "Fuzz/Targets/$target.swift")
    if newer_than "$binary" "${inputs[@]}" "${objects[@]}"; then
        echo "link $target"
        locked "$SWIFTC" "${SWIFT_FLAGS[@]}" -swift-version 6 "${C_INCLUDES[@]}" -I "$OUT/modules" \
            -module-name "$(tr -d '-' <<<"$target")Fuzzer" "${inputs[@]}" "${objects[@]}" \
            "${LINK_LIBS[@]}" -o "$binary" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
    fi
}

# libFuzzer reports through its own handler; the Swift runtime's backtracer
# would otherwise take over the crash and stall.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}

fuzzer_args() { # target: options shared by run and repro
    local target=$1 dict
    dict=$(dict_for "$target")
    echo "-timeout=$(timeout_for "$target") -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=$OUT/artifacts/$target/ ${dict:+-dict=$dict}"
}

# Seconds one input may take before libFuzzer reports a timeout. A dialplan load is
# bounded by DialplanLimits and the executor by its step budget, so the dialplan
# target gets a tighter limit than the network parsers' 10 s.
timeout_for() {
    case $1 in dialplan) echo 5 ;; *) echo 10 ;; esac
}

# libFuzzer sizes inputs after the largest seed it reads, crash files included. The
# dialplan timeout reproducers are up to 83 KB, which would slow every run twentyfold,
# so dialplan runs keep inputs at libFuzzer's usual 4 KB (longer seeds are truncated).
# Only for runs: `repro` must feed a reproducer whole.
max_len_for() {
    case $1 in dialplan) echo "-max_len=4096" ;; *) echo "" ;; esac
}

dict_for() {
    case $1 in
        sip-message|sip-digest) echo Fuzz/dict/sip.dict ;;
        sdp) echo Fuzz/dict/sdp.dict ;;
        signaling) echo Fuzz/dict/json.dict ;;
        wav) echo Fuzz/dict/wav.dict ;;
        dialplan) echo Fuzz/dict/dialplan.dict ;;
        *) echo "" ;;
    esac
}

run_target() { # target, seconds: fuzz, leaving new inputs in .build-fuzz/corpus/<target>
    local target=$1 seconds=$2 log="$OUT/logs/$1.log" status=0
    mkdir -p "$OUT/corpus/$target" "$OUT/artifacts/$target" "$OUT/logs" "Fuzz/crashes/$target"
    echo "fuzz $target for ${seconds}s (log: $log)"
    # New inputs go to the first (work) directory; the seeds and crash files are only read.
    # shellcheck disable=SC2046
    nice -n "$NICE" "$OUT/bin/$target" $(fuzzer_args "$target") $(max_len_for "$target") -max_total_time="$seconds" \
        "$OUT/corpus/$target" "Fuzz/corpus/$target" "Fuzz/crashes/$target" >"$log" 2>&1 || status=$?
    summarize "$target" "$log"
    if [ "$status" -ne 0 ]; then
        echo "  FAILED (exit $status): see $log; artifacts in $OUT/artifacts/$target/"
        echo "  shrink with: scripts/fuzz.sh minimize $target <artifact>"
    fi
    return "$status"
}

summarize() { # target, log: one line with the libFuzzer statistics
    local last execs rate
    last=$(grep -E '^#[0-9]+' "$2" | tail -1 || true)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$2")
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$2")
    printf '  %-12s execs=%s exec/s=%s cov=%s ft=%s corp=%s\n' "$1" "${execs:-?}" "${rate:-?}" \
        "$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")" \
        "$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")" \
        "$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")"
}

command=${1:-}
[ $# -gt 0 ] && shift
case $command in
    list)
        all_targets ;;
    build)
        targets=("$@"); [ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(all_targets)
        for t in "${targets[@]}"; do build_target "$t"; done ;;
    run)
        seconds=600
        if [ "${1:-}" = -t ]; then seconds=$2; shift 2; fi
        targets=("$@"); [ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(all_targets)
        for t in "${targets[@]}"; do build_target "$t"; done
        failed=()
        for t in "${targets[@]}"; do run_target "$t" "$seconds" || failed+=("$t"); done
        if [ ${#failed[@]} -gt 0 ]; then echo "crashes in: ${failed[*]}"; exit 1; fi ;;
    repro)
        target=$1; shift
        build_target "$target"
        mkdir -p "$OUT/artifacts/$target"
        # shellcheck disable=SC2046
        "$OUT/bin/$target" $(fuzzer_args "$target") "$@" ;;
    minimize)
        target=$1 input=$2
        build_target "$target"
        mkdir -p "Fuzz/crashes/$target"
        output="Fuzz/crashes/$target/$(basename "$input")"
        "$OUT/bin/$target" -minimize_crash=1 -max_total_time=60 -exact_artifact_path="$output" "$input" || true
        echo "minimized input: $output" ;;
    merge)
        target=$1
        build_target "$target"
        "$OUT/bin/$target" -merge=1 "Fuzz/corpus/$target" "$OUT/corpus/$target" ;;
    *)
        sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
        exit 2 ;;
esac
