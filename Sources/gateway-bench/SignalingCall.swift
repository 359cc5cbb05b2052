import HummingbirdWSClient
import Logging
import NIOConcurrencyHelpers

/// One load call's signaling: its own WebSocket to `/ws` (as each browser has), the `call`
/// message with the offer, the gateway's `answer` handed to `onAnswer`, the call's states
/// followed until `closed`, and `hangup` when asked.
final class SignalingCall: Sendable {
    /// Where the call stands, as the orchestrator reads it.
    struct Progress: Sendable, Equatable {
        var answered = false
        var connected = false
        var ended = false
        var lastState: String?
        /// Why it ended or failed: a cause, an error code, a transport error.
        var problem: String?
        /// The worst loss the gateway reported on each leg (`quality`), since `resetQuality`.
        var worstBrowserLossPercent = 0.0
        var worstTrunkLossPercent = 0.0
        /// Monotonic nanoseconds: the call placed (before the WebSocket connects), first
        /// `connected`, `hangup` sent, `closed`.
        var placedAt: Int64?
        var connectedAt: Int64?
        var hangupAt: Int64?
        var closedAt: Int64?
    }

    let index: Int
    let callId: String
    /// Hang up as soon as the call is connected (`gateway-bench setup`).
    let hangUpWhenConnected: Bool
    private let progress = NIOLockedValueBox(Progress())
    private let hangups: AsyncStream<Void>
    private let hangupTrigger: AsyncStream<Void>.Continuation

    init(index: Int, hangUpWhenConnected: Bool = false) {
        self.index = index
        self.hangUpWhenConnected = hangUpWhenConnected
        callId = "load-\(index)"
        (hangups, hangupTrigger) = AsyncStream.makeStream(of: Void.self)
    }

    var snapshot: Progress { progress.withLockedValue { $0 } }

    /// Sends `hangup` (once); the call then runs to `closed`.
    func hangup() {
        hangupTrigger.yield()
        hangupTrigger.finish()
    }

    func resetQuality() {
        progress.withLockedValue {
            $0.worstBrowserLossPercent = 0
            $0.worstTrunkLossPercent = 0
        }
    }

    /// Connects, places the call and follows it until it is closed or the socket drops.
    /// `onAnswer` runs with the answer's SDP; what it throws ends the call.
    func run(url: String, offer: String, logger: Logger, onAnswer: @escaping @Sendable (String) throws -> Void) async {
        let callId = self.callId, progress = self.progress, hangups = self.hangups
        let hangUpWhenConnected = self.hangUpWhenConnected
        let to = LoadNumber.number(forCall: index)
        progress.withLockedValue { $0.placedAt = LoadClock.now() }
        do {
            try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
                try await outbound.write(.text(SignalingMessages.call(callId: callId, to: to, sdp: offer)))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await _ in hangups {
                            progress.withLockedValue { $0.hangupAt = LoadClock.now() }
                            try await outbound.write(.text(SignalingMessages.hangup(callId: callId)))
                            return
                        }
                    }
                    reading: for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message, let event = ServerEvent.decode(text),
                              event.callId == nil || event.callId == callId else { continue }
                        switch event.type {
                        case "answer":
                            guard let sdp = event.sdp else { continue }
                            do {
                                try onAnswer(sdp)
                                progress.withLockedValue { $0.answered = true }
                            } catch {
                                progress.withLockedValue { $0.problem = "answer: \(error)" }
                                try await outbound.write(.text(SignalingMessages.hangup(callId: callId)))
                            }
                        case "state":
                            Self.record(event, in: progress)
                            if event.state == "connected", hangUpWhenConnected {
                                progress.withLockedValue { $0.hangupAt = LoadClock.now() }
                                try await outbound.write(.text(SignalingMessages.hangup(callId: callId)))
                            }
                            if event.state == "closed" { break reading }
                        case "error":
                            progress.withLockedValue {
                                $0.problem = "\(event.code ?? "error"): \(event.message ?? "")"
                                $0.ended = true
                            }
                            break reading
                        case "quality":
                            Self.recordQuality(event, in: progress)
                        default:
                            continue
                        }
                    }
                    group.cancelAll()
                }
                try await outbound.close(.normalClosure, reason: nil)
            }
        } catch {
            progress.withLockedValue {
                if $0.problem == nil { $0.problem = "signaling: \(error)" }
            }
        }
        progress.withLockedValue { $0.ended = true }
    }

    private static func record(_ event: ServerEvent, in progress: NIOLockedValueBox<Progress>) {
        progress.withLockedValue {
            $0.lastState = event.state
            if event.state == "connected" {
                $0.connected = true
                if $0.connectedAt == nil { $0.connectedAt = LoadClock.now() }
            }
            if event.state == "closed", $0.closedAt == nil { $0.closedAt = LoadClock.now() }
            if event.isEnd, $0.problem == nil, let cause = event.cause, cause != "normal_clearing" {
                $0.problem = "ended: \(cause)"
            }
            if event.isEnd { $0.connected = false }
        }
    }

    private static func recordQuality(_ event: ServerEvent, in progress: NIOLockedValueBox<Progress>) {
        guard let loss = event.lossPercent else { return }
        progress.withLockedValue {
            if event.leg == "browser" {
                $0.worstBrowserLossPercent = max($0.worstBrowserLossPercent, loss)
            } else if event.leg == "trunk" {
                $0.worstTrunkLossPercent = max($0.worstTrunkLossPercent, loss)
            }
        }
    }
}
