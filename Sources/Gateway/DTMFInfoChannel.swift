import CoreTypes
import RTP

/// The SIP INFO side of one call's DTMF: digits waiting to leave, the INFO in flight, and
/// the last INFO received (so a digit is reported once).
///
/// Digits leave one INFO at a time. The next one leaves only when the previous INFO has its
/// final response (or gave up) *and* `spacing` after the previous one left: an IVR then
/// sees separate key presses (100 ms tone + 60 ms gap), and INFOs never overtake one another
/// (a far end answers 500 to a CSeq lower than the last it saw, RFC 3261 §12.2.2, so an
/// overtaken INFO's digit would be lost).
struct DTMFInfoChannel: Sendable {
    /// The duration written in each INFO body.
    static let toneDuration: Duration = .milliseconds(100)
    /// Least time between two INFOs: the tone plus the gap an IVR needs to part two keys.
    static let spacing: Duration = .milliseconds(160)
    /// Most digits waiting at once; more are dropped (a page sends at most 64 per message).
    static let capacity = 128

    /// Digits not sent yet, oldest first.
    private(set) var pending: [Character] = []
    /// CSeq number of the INFO awaiting its final response.
    private(set) var inFlight: UInt32?
    /// When the INFO in flight stops being waited for, whatever the transaction layer says.
    private var inFlightGiveUp: Instant?
    /// When the last INFO left.
    private var lastSent: Instant?
    /// CSeq number of the last INFO received: a second INFO with the same number is the
    /// same key press and is not reported again.
    private var lastReceived: UInt32?

    /// Queues the DTMF keys among `digits` (0-9 * # A-D, lowercase accepted); returns how
    /// many were queued.
    mutating func enqueue(_ digits: String) -> Int {
        var queued = 0
        for character in digits {
            // Through the RFC 4733 event code, so only the sixteen keys pass, letters uppercased.
            guard let key = TelephoneEvent.event(forDigit: character).flatMap(TelephoneEvent.digit(forEvent:)),
                  pending.count < Self.capacity else { continue }
            pending.append(key)
            queued += 1
        }
        return queued
    }

    /// The next digit to send now, if one may leave; the caller sends it and calls `sent`.
    func nextDigit(now: Instant) -> Character? {
        guard inFlight == nil, let digit = pending.first else { return nil }
        if let lastSent, now < lastSent + Self.spacing { return nil }
        return digit
    }

    /// The INFO for the first pending digit left with this CSeq number.
    mutating func sent(cseq: UInt32, now: Instant, giveUpAfter timeout: Duration) {
        guard !pending.isEmpty else { return }
        pending.removeFirst()
        inFlight = cseq
        inFlightGiveUp = now + timeout
        lastSent = now
    }

    /// A response to an INFO: true when it was the final response to the one in flight.
    mutating func responded(cseq: UInt32?, status: Int) -> Bool {
        guard status >= 200, let cseq, cseq == inFlight else { return false }
        settle()
        return true
    }

    /// The INFO in flight timed out in the transaction layer (RFC 3261 §17.1.2.2, Timer F).
    mutating func timedOut(cseq: UInt32?) -> Bool {
        guard let cseq, cseq == inFlight else { return false }
        settle()
        return true
    }

    /// The earliest time `timerDue` has work: the give-up bound of the INFO in flight, or
    /// when the spacing after the last INFO ends while digits wait.
    var deadline: Instant? {
        if let inFlightGiveUp { return inFlightGiveUp }
        guard !pending.isEmpty, let lastSent else { return nil }
        return lastSent + Self.spacing
    }

    /// Stops waiting for an INFO whose response never came.
    mutating func timerDue(now: Instant) {
        if let inFlightGiveUp, now >= inFlightGiveUp { settle() }
    }

    /// Forgets everything waiting (the call ended).
    mutating func clear() {
        pending.removeAll()
        settle()
    }

    /// Whether an INFO with this CSeq number is new (and notes it): false for a repeat.
    mutating func isNewReceived(cseq: UInt32) -> Bool {
        guard cseq != lastReceived else { return false }
        lastReceived = cseq
        return true
    }

    private mutating func settle() {
        inFlight = nil
        inFlightGiveUp = nil
    }
}
