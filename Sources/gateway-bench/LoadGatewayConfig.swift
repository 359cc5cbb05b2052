#if canImport(Glibc)
import Glibc
#endif

/// The gateway.yaml `gateway-bench load` runs gatewayd with (docs/configuration.md):
/// everything on loopback, one UDP trunk (the load generator's SIP UAS, one codec: PCMU
/// to transcode, or Opus to relay; no OPTIONS probes) that web calls reach through `calls.default_trunk` without a dialplan,
/// open web access with limits that every load call fits under, and warnings-only logging
/// so the log costs the gateway nothing measurable. The WebSocket client sends
/// `Origin: http://127.0.0.1` without the port, which is not the gateway's own origin, so
/// that origin is allowed.
struct LoadGatewayConfig: Sendable, Equatable {
    var httpPort: Int
    var sipPort: Int
    var trunkPort: Int
    var rtpPorts: ClosedRange<Int>
    var storePath: String
    var dialplanDirectory: String
    /// `pcmu` or `opus`, as in a trunk's `codecs`.
    var trunkCodec = "pcmu"
    /// `calls.overload_queue_delay_ms`; nil leaves the gateway's default.
    var overloadQueueDelayMilliseconds: Int?
    var host = "127.0.0.1"

    var yaml: String {
        """
        http: {listen: "\(host):\(httpPort)", allowed_origins: ["http://\(host)"]}
        sip: {listen: "\(host):\(sipPort)", transport: udp}
        media: {public_address: "\(host)", bind_address: "\(host)", rtp_port_min: \(rtpPorts.lowerBound), \
        rtp_port_max: \(rtpPorts.upperBound)}
        webrtc: {ice_servers: []}
        web_auth: {mode: open, max_calls_per_identity: 1000, calls_per_minute_per_identity: 10000}
        calls: {echo_test_number: "", default_trunk: load, answer_timeout_s: 30, drain_timeout_s: 1\
        \(overloadQueueDelayMilliseconds.map { ", overload_queue_delay_ms: \($0)" } ?? "")}
        trunks:
          - {name: load, address: "\(host):\(trunkPort)", transport: udp, codecs: [\(trunkCodec)], options_interval_s: 0}
        store: {path: "\(storePath)"}
        dialplans: {directory: "\(dialplanDirectory)", watch: false}
        log: {level: warning}

        """
    }

    /// RTP ports a number of calls needs: each takes an even port for the browser and one
    /// for the trunk (with RTCP on the odd one above), handed out round-robin; twice that
    /// leaves room for ports other programs hold.
    static func rtpPortCount(calls: Int) -> Int { max(64, calls * 8) }
}

/// Free loopback ports, found by binding port 0 or probing.
enum FreePorts {
    /// A port the kernel says is free for `type` (SOCK_STREAM or SOCK_DGRAM) right now.
    static func any(type: Int32) -> Int? {
        let fd = socket(AF_INET, type, 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard var address = try? UDPSocket.address(host: "127.0.0.1", port: 0) else { return nil }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: local.sin_port))
    }

    /// `count` consecutive UDP ports, starting even, that can all be bound now, below the
    /// kernel's ephemeral range (32768 and up on Linux) so the generator's own sockets never
    /// take one of them.
    static func udpRange(count: Int, from lowest: Int = 12_000, below highest: Int = 32_768) -> ClosedRange<Int>? {
        var start = lowest + lowest % 2
        while start + count <= highest {
            if let taken = (start..<start + count).first(where: { !udpFree($0) }) {
                start = taken + 1 + (taken + 1) % 2
            } else {
                return start...(start + count - 1)
            }
        }
        return nil
    }

    private static func udpFree(_ port: Int) -> Bool {
        (try? UDPSocket(port: port)) != nil
    }
}
