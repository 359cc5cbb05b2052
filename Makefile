# Two commands do everything on a fresh machine:
#   make run    install what the gateway needs, build it, start it with Config/gateway.yaml
#   make test   install what the tests need (real peers included) and run every test
CONFIG ?= Config/gateway.yaml
SWIFT  ?= swift

.PHONY: run test build deps test-deps unit interop release clean fuzz fuzz-smoke bench

run: build
	.build/debug/gatewayd serve --config $(CONFIG)

build: deps
	$(SWIFT) build --product gatewayd

release: deps
	$(SWIFT) build -c release --product gatewayd

deps:
	scripts/install-deps.sh build

# CPU cost of the media path of one transcoded call, gateway vs the C libraries alone
# (docs/performance.md, "Media path cost"), the kernel's UDP path alone and under a relay
# that does nothing else ("What the kernel's UDP path costs"), then calls through a running gatewayd over
# loopback, beside rtpengine, and relayed Opus calls ("Calls under load"), and the call
# set-up rate ("Call set-up rate"): tables on stdout, JSON in .build/bench/.
# One --product per build: swift build builds only the last one it is given.
BENCH_SECONDS ?= 60
BENCH_CALLS ?= 25,50,75,100
BENCH_RELAY_CALLS ?= 50,100,200
BENCH_SETUP_RATES ?= 50,100,150,200

bench:
	scripts/install-deps.sh bench
	$(SWIFT) build -c release --product gatewayd
	$(SWIFT) build -c release --product GatewayAllocationProbe
	$(SWIFT) build -c release --product gateway-bench
	.build/release/gateway-bench media --seconds $(BENCH_SECONDS) --json .build/bench/media.json
	.build/release/gateway-bench udp --json .build/bench/udp.json
	.build/release/gateway-bench relay-floor --calls $(BENCH_RELAY_CALLS) --json .build/bench/relay-floor.json
	.build/release/gateway-bench load --calls $(BENCH_CALLS) --seconds 10 --rtpengine --json .build/bench/load.json
	.build/release/gateway-bench load --codec opus --calls $(BENCH_RELAY_CALLS) --seconds 10 --rtpengine --relay-floor --json .build/bench/relay.json
	.build/release/gateway-bench setup --rates $(BENCH_SETUP_RATES) --seconds 10 --json .build/bench/setup.json

test-deps:
	scripts/install-deps.sh test

# Unit tests (protocol cores with a manual clock, parsers on the conformance corpora),
# then the interop tests against real peers (aiortc, Chromium, baresip, SIPp).
test: test-deps build unit interop

unit:
	$(SWIFT) test

interop: build
	tests/interop/run.sh

# libFuzzer targets for every parser that reads network input (Fuzz/README.md).
# Each target runs FUZZ_SECONDS; `make test` replays the corpora without libFuzzer.
FUZZ_SECONDS ?= 600

fuzz: deps
	scripts/fuzz.sh run -t $(FUZZ_SECONDS)

fuzz-smoke: deps
	scripts/fuzz.sh run -t 15

clean:
	rm -rf .build .build-fuzz .venv
