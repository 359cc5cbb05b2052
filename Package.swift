// swift-tools-version: 6.0
import PackageDescription

// Layers (see docs/architecture.md): C leaves → wrappers → protocol cores (no I/O)
// → runtime (GatewayServer) → app (gatewayd). Dependencies point down only.
let package = Package(
    name: "WebRTCGateway",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gatewayd", targets: ["gatewayd"]),
        .executable(name: "gateway-bench", targets: ["gateway-bench"]),
        // Preloaded into gatewayd by `gateway-bench load` to count its allocations.
        .library(name: "GatewayAllocationProbe", type: .dynamic, targets: ["CAllocationProbe"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        // These three come with jwt-kit; named here for the self-signed HTTPS certificate.
        .package(url: "https://github.com/apple/swift-crypto.git", "4.5.2"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // MARK: C leaves (system libraries through pkg-config, plus one shim target)
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl",
                       providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CSRTP", pkgConfig: "libsrtp2",
                       providers: [.apt(["libsrtp2-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus",
                       providers: [.apt(["libopus-dev"])]),
        // spandsp's fax modules need libtiff's headers; the G.722 and DTMF headers used here do not.
        .systemLibrary(name: "CSpanDSP", pkgConfig: "spandsp",
                       providers: [.apt(["libspandsp-dev", "libtiff-dev"])]),
        .target(name: "CShims", dependencies: ["COpenSSL", "COpus"]),

        // MARK: Shared value types and hashing
        .target(name: "CoreTypes"),
        .target(name: "Hashing", dependencies: ["COpenSSL"]),

        // MARK: Protocol cores (no sockets, no clock, no disk)
        .target(name: "SIP", dependencies: ["CoreTypes", "Hashing"]),
        .target(name: "SDP"),
        .target(name: "RTP"),
        .target(name: "WebRTC", dependencies: ["CoreTypes", "Hashing", "COpenSSL", "CShims"]),
        .target(name: "Media", dependencies: ["COpus", "CSpanDSP", "CShims"]),
        .target(name: "Gateway", dependencies: ["CoreTypes", "SIP", "SDP", "RTP"]),

        // MARK: Configuration and store (pure parsing/validation; SQLite through GRDB)
        .target(name: "Config", dependencies: ["CoreTypes", .product(name: "Yams", package: "Yams")]),
        .target(name: "Store", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Dialplan", dependencies: ["CoreTypes", .product(name: "Yams", package: "Yams")]),
        .target(name: "Agents", dependencies: ["CoreTypes"]),
        // Call links operators make in the admin console: drafts, checks, open or closed.
        .target(name: "CallLinks", dependencies: ["Dialplan"]),
        // Signed tokens of web users and agents (docs/tokens.md): verification and grants.
        .target(name: "WebAuth", dependencies: [.product(name: "JWTKit", package: "jwt-kit")]),

        // MARK: Runtime (network, clock, disk)
        .target(name: "GatewayServer", dependencies: [
            "CoreTypes", "SIP", "SDP", "RTP", "WebRTC", "Media", "Gateway", "Config", "Store", "Dialplan", "Agents", "WebAuth",
            "CallLinks", "CShims",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "NIOTLS", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("Web")]),

        // MARK: App
        .executableTarget(name: "gatewayd", dependencies: [
            "GatewayServer", "Dialplan", "Store", "WebAuth", "Hashing",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // MARK: Benchmarks (docs/performance.md): the gateway's media path against the
        // same work done straight on the C libraries.
        .target(name: "CBenchFloor", dependencies: ["CShims"], linkerSettings: [
            .linkedLibrary("opus"), .linkedLibrary("srtp2"), .linkedLibrary("spandsp"),
        ]),
        .target(name: "CAllocationProbe"),
        // `gateway-bench load` drives a running gatewayd over loopback: it speaks the browser's
        // signaling (WebSocket), ICE/DTLS-SRTP and a trunk's SIP/RTP with the project's cores.
        .executableTarget(name: "gateway-bench", dependencies: [
            "Media", "RTP", "WebRTC", "CBenchFloor", "CAllocationProbe", "SIP", "SDP", "Gateway", "CoreTypes", "Hashing",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        // MARK: Tests
        .testTarget(name: "SIPTests", dependencies: ["SIP"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SDPTests", dependencies: ["SDP"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RTPTests", dependencies: ["RTP"]),
        .testTarget(name: "WebRTCTests", dependencies: ["WebRTC", "Hashing", "CoreTypes", "CSRTP"]),
        .testTarget(name: "MediaTests", dependencies: ["Media"]),
        .testTarget(name: "GatewayTests", dependencies: ["Gateway", "SIP", "SDP", "CoreTypes", "Hashing"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "CoreTypes"]),
        .testTarget(name: "StoreTests", dependencies: ["Store"]),
        .testTarget(name: "DialplanTests", dependencies: ["Dialplan"]),
        .testTarget(name: "AgentsTests", dependencies: ["Agents", "CoreTypes"]),
        .testTarget(name: "CallLinksTests", dependencies: ["CallLinks", "Dialplan"]),
        .testTarget(name: "WebAuthTests", dependencies: ["WebAuth", .product(name: "JWTKit", package: "jwt-kit")]),
        // Replays Fuzz/corpus and Fuzz/crashes through the libFuzzer harnesses
        // (scripts/fuzz.sh builds the fuzzers themselves, outside SwiftPM).
        .testTarget(name: "FuzzReplayTests", dependencies: ["SIP", "SDP", "RTP", "WebRTC", "Gateway", "CoreTypes", "Media", "Dialplan"],
                    path: "Fuzz", exclude: ["Targets", "corpus", "crashes", "dict", "README.md"]),
        // The load benchmark's pure parts (SDP offer, pacing, signaling messages, counters).
        .testTarget(name: "GatewayBenchTests", dependencies: [
            "gateway-bench", "CBenchFloor", "Gateway", "SDP", "SIP", "WebRTC", "Config", "RTP", "CoreTypes",
        ]),
        .testTarget(name: "GatewayServerTests", dependencies: [
            "GatewayServer", "Gateway", "Config", "CoreTypes", "RTP", "Dialplan", "Store", "Agents", "CallLinks",
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
