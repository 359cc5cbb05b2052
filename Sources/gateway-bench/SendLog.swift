import NIOConcurrencyHelpers

/// When a leg sent each of its recent packets, by RTP sequence number, so the other leg of
/// the same call can tell how long the gateway took to pass each one on.
///
/// Both legs of a call live on one media thread (`LoadRun` puts them there), which is the
/// only one to write or read a log once the legs are handed over.
struct SendLog {
    /// 2.56 s of packets at 20 ms: far more than any delay worth matching.
    static let capacity = 128

    private var sequences = [UInt16](repeating: 0, count: capacity)
    private var times = [Int64](repeating: -1, count: capacity)
    /// The last packet recorded, if any.
    private(set) var latest: (sequence: UInt16, time: Int64)?

    mutating func record(sequence: UInt16, at time: Int64) {
        let slot = Int(sequence) % Self.capacity
        sequences[slot] = sequence
        times[slot] = time
        latest = (sequence, time)
    }

    /// When packet `sequence` was sent, if it is still in the log.
    func time(of sequence: UInt16) -> Int64? {
        let slot = Int(sequence) % Self.capacity
        guard times[slot] >= 0, sequences[slot] == sequence else { return nil }
        return times[slot]
    }
}

/// The two send logs of one call.
final class CallSendLogs: @unchecked Sendable {
    /// The browser leg's Opus packets (the gateway turns each into one trunk packet).
    var browser = SendLog()
    /// The phone leg's PCMU packets (each becomes one Opus packet to the browser).
    var phone = SendLog()
}

/// The send logs of every call, handed to legs as they are created (on any thread).
final class SendLogRegistry: Sendable {
    private let logs = NIOLockedValueBox<[Int: CallSendLogs]>([:])

    func logs(forCall call: Int) -> CallSendLogs {
        logs.withLockedValue { table in
            if let existing = table[call] { return existing }
            let created = CallSendLogs()
            table[call] = created
            return created
        }
    }
}

/// Pairs the packets a leg receives from the gateway with the packets the other leg sent it.
///
/// The gateway turns every packet of one side into exactly one packet of the other as it
/// arrives (no loss on loopback, no media tick), so the output's sequence number minus the
/// input's is fixed for the call. It is found on the first packet: the input is the latest
/// packet sent before the output arrived, which holds while the gateway takes less than a
/// packet interval (20 ms) — true as a call starts. A negative or unknown delay later means
/// the pairing slipped (a packet concealed or dropped): it is found again the same way.
struct DelayMatcher {
    private var offset: UInt16?

    /// Nanoseconds between the input's send and the output's arrival, or nil when no
    /// input can be paired with it.
    mutating func delay(outputSequence: UInt16, arrival: Int64, inputs: SendLog) -> Int64? {
        if let offset, let sent = inputs.time(of: outputSequence &- offset), arrival >= sent {
            return arrival - sent
        }
        guard let latest = inputs.latest, arrival >= latest.time else {
            offset = nil
            return nil
        }
        offset = outputSequence &- latest.sequence
        return arrival - latest.time
    }
}
