import CoreTypes
import NIOConcurrencyHelpers
import NIOCore

/// A transport and a remote address: where a SIP message comes from or goes to.
struct SIPPeer: Hashable, Sendable, CustomStringConvertible {
    var transport: SIPTransport
    var endpoint: Endpoint

    var description: String { "\(transport.rawValue):\(endpoint)" }
}

/// One TCP or TLS connection carrying SIP (RFC 3261 §18.3).
///
/// The event loop that reads it and the engine that writes to it share this object;
/// its state sits behind a lock. Messages sent before the connection is open wait
/// here and go out, in order, once it is.
final class SIPStreamConnection: Sendable {
    enum Origin: Sendable {
        /// Accepted on a listener.
        case inbound
        /// Opened by the gateway toward `target` (the address the engine asked for).
        case outbound(target: SIPPeer)
    }

    let transport: SIPTransport
    let origin: Origin
    private let state: NIOLockedValueBox<State>

    private struct State {
        var channel: Channel?
        var pending: [[UInt8]] = []
        /// TCP connected, and for TLS the handshake completed.
        var established = false
        var closed = false
        var lastActivity: NIODeadline
        /// Why the connection could not be used, for the log and the engine.
        var failure: String?
    }

    init(transport: SIPTransport, origin: Origin) {
        self.transport = transport
        self.origin = origin
        state = NIOLockedValueBox(State(lastActivity: .now()))
    }

    var target: SIPPeer? {
        if case .outbound(let target) = origin { return target }
        return nil
    }

    var isEstablished: Bool { state.withLockedValue { $0.established } }
    var isClosed: Bool { state.withLockedValue { $0.closed } }
    var lastActivity: NIODeadline { state.withLockedValue { $0.lastActivity } }
    var failure: String? { state.withLockedValue { $0.failure } }

    /// Sends one message now, or once the connection is open. Returns false when
    /// the connection is already closed (the caller opens another).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        let (channel, accepted): (Channel?, Bool) = state.withLockedValue { s in
            guard !s.closed else { return (nil, false) }
            s.lastActivity = .now()
            if s.channel == nil { s.pending.append(bytes) }
            return (s.channel, true)
        }
        if let channel { Self.write(bytes, on: channel) }
        return accepted
    }

    /// The channel is connected: messages waiting for it go out first. Runs on the
    /// channel's event loop, so a `send` from another thread, which NIO queues
    /// onto that loop, comes after them.
    func attach(_ channel: Channel) {
        let pending: [[UInt8]] = state.withLockedValue { s in
            s.channel = channel
            s.lastActivity = .now()
            defer { s.pending = [] }
            return s.pending
        }
        for bytes in pending { Self.write(bytes, on: channel) }
    }

    func markEstablished() {
        state.withLockedValue {
            $0.established = true
            $0.lastActivity = .now()
        }
    }

    func touch() {
        state.withLockedValue { $0.lastActivity = .now() }
    }

    /// Records why the connection failed (the first reason wins).
    func noteFailure(_ reason: String) {
        state.withLockedValue { s in
            if s.failure == nil { s.failure = reason }
        }
    }

    /// Marks the connection closed; returns whether it was open until now, and
    /// whether it had been established (for failure reporting).
    func markClosed() -> (wasOpen: Bool, established: Bool) {
        state.withLockedValue { s in
            defer {
                s.closed = true
                s.pending = []
            }
            return (!s.closed, s.established)
        }
    }

    func close() {
        let channel = state.withLockedValue { $0.channel }
        channel?.close(promise: nil)
    }

    private static func write(_ bytes: [UInt8], on channel: Channel) {
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(buffer, promise: nil)
    }
}
