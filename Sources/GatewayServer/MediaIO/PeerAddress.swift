#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// A UDP peer's address as the kernel gives it, by value: comparing or sending to it
/// allocates nothing (SwiftNIO's `SocketAddress` boxes its storage and formats the address
/// as text for every datagram it receives).
struct PeerAddress: Equatable, Sendable, CustomStringConvertible {
    enum Storage: Sendable {
        case v4(sockaddr_in)
        case v6(sockaddr_in6)
    }

    let storage: Storage

    init(_ address: sockaddr_in) { storage = .v4(address) }
    init(_ address: sockaddr_in6) { storage = .v6(address) }

    /// From a numeric host (IPv4 or IPv6) and a port; nil for anything else.
    init?(host: String, port: Int) {
        guard (0...65_535).contains(port) else { return nil }
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = in_port_t(UInt16(port).bigEndian)
            storage = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        guard inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 else { return nil }
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = in_port_t(UInt16(port).bigEndian)
        storage = .v6(v6)
    }

    init?(_ address: SocketAddress) {
        switch address {
        case .v4(let v4): storage = .v4(v4.address)
        case .v6(let v6): storage = .v6(v6.address)
        default: return nil
        }
    }

    var port: Int {
        switch storage {
        case .v4(let address): Int(UInt16(bigEndian: address.sin_port))
        case .v6(let address): Int(UInt16(bigEndian: address.sin6_port))
        }
    }

    /// The address as text ("192.0.2.1", "2001:db8::1"): made on demand, never per packet.
    var host: String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch storage {
        case .v4(var address): inet_ntop(AF_INET, &address.sin_addr, &text, socklen_t(text.count))
        case .v6(var address): inet_ntop(AF_INET6, &address.sin6_addr, &text, socklen_t(text.count))
        }
        let length = text.firstIndex(of: 0) ?? text.count
        return String(decoding: text[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var description: String {
        if case .v6 = storage { return "[\(host)]:\(port)" }
        return "\(host):\(port)"
    }

    /// The same address on another port (RTCP beside RTP, RFC 3550 §11).
    func with(port: Int) -> PeerAddress {
        switch storage {
        case .v4(var address):
            address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            return PeerAddress(address)
        case .v6(var address):
            address.sin6_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
            return PeerAddress(address)
        }
    }

    /// Calls `body` with the IP address's bytes (4 or 16, network order) and the port.
    func withAddressBytes<Result>(_ body: (UnsafeRawBufferPointer, UInt16) -> Result) -> Result {
        switch storage {
        case .v4(var address):
            return withUnsafeBytes(of: &address.sin_addr) { body($0, UInt16(bigEndian: address.sin_port)) }
        case .v6(var address):
            return withUnsafeBytes(of: &address.sin6_addr) { body($0, UInt16(bigEndian: address.sin6_port)) }
        }
    }

    /// Calls `body` with the address as a `sockaddr` and its length.
    func withSockAddr<Result>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Result) -> Result {
        switch storage {
        case .v4(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    static func == (lhs: PeerAddress, rhs: PeerAddress) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.v4(let a), .v4(let b)):
            return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr
        case (.v6(var a), .v6(var b)):
            return a.sin6_port == b.sin6_port && a.sin6_scope_id == b.sin6_scope_id
                && memcmp(&a.sin6_addr, &b.sin6_addr, MemoryLayout<in6_addr>.size) == 0
        default:
            return false
        }
    }
}
