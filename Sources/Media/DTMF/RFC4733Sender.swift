/// Turns digits into RFC 4733 telephone-event packets on an 8 kHz RTP stream.
///
/// The sender is driven by the outgoing stream's own 20 ms frame slots: for each
/// slot the caller asks `next(slotTimestamp:)`; a packet returned replaces the
/// audio frame of that slot. Per RFC 4733 §2.5.1: every packet of one event
/// carries the event's start timestamp, the first has the marker bit, the
/// duration grows by one frame per packet, and the end packet is sent three
/// times (§2.5.1.4). Tones last `toneSamples` and are followed by `gapSamples`
/// of audio so an IVR sees separate digits.
public struct RFC4733Sender: Sendable {
    public struct Packet: Sendable, Equatable {
        /// The 4-byte event payload (RFC 4733 §2.3).
        public var payload: (UInt8, UInt8, UInt8, UInt8)
        public var timestamp: UInt32
        public var marker: Bool

        public static func == (a: Packet, b: Packet) -> Bool {
            a.payload == b.payload && a.timestamp == b.timestamp && a.marker == b.marker
        }
    }

    public let frameSamples: UInt32
    public let toneSamples: UInt32
    public let gapSamples: UInt32
    /// Volume of the generated tone in -dBm0 (RFC 4733 §2.3.2).
    public let volume: UInt8 = 10

    private var pending: [UInt8] = []
    private var event: UInt8 = 0
    private var startTimestamp: UInt32 = 0
    private var duration: UInt32 = 0
    private var endPacketsSent = 0
    private var gapLeft: UInt32 = 0
    private var active = false

    public init(frameSamples: UInt32 = 160, toneSamples: UInt32 = 800, gapSamples: UInt32 = 480) {
        self.frameSamples = frameSamples
        self.toneSamples = toneSamples
        self.gapSamples = gapSamples
    }

    /// True while a digit is being sent or waits in the queue.
    public var isBusy: Bool { active || gapLeft > 0 || !pending.isEmpty }

    /// Queues digits (`0-9 * # A-D`); other characters are ignored.
    public mutating func enqueue(_ digits: String) {
        pending += digits.uppercased().compactMap(Self.eventCode(for:))
        pending = Array(pending.suffix(64))
    }

    /// The packet for the frame slot whose audio timestamp is `slotTimestamp`,
    /// or `nil` when the slot carries audio.
    public mutating func next(slotTimestamp: UInt32) -> Packet? {
        if !active {
            if gapLeft > 0 {
                gapLeft = gapLeft > frameSamples ? gapLeft - frameSamples : 0
                return nil
            }
            guard !pending.isEmpty else { return nil }
            event = pending.removeFirst()
            startTimestamp = slotTimestamp
            duration = 0
            endPacketsSent = 0
            active = true
        }
        let first = duration == 0
        if duration < toneSamples {
            duration += frameSamples
        }
        let ending = duration >= toneSamples
        if ending {
            endPacketsSent += 1
            if endPacketsSent >= 3 {
                active = false
                gapLeft = gapSamples
            }
        }
        let payload = (event, (ending ? 0x80 : 0) | (volume & 0x3F), UInt8(truncatingIfNeeded: duration >> 8),
                       UInt8(truncatingIfNeeded: duration))
        return Packet(payload: payload, timestamp: startTimestamp, marker: first)
    }

    /// RFC 4733 §3.2 event codes: 0–9, * = 10, # = 11, A–D = 12–15.
    public static func eventCode(for digit: Character) -> UInt8? {
        switch digit {
        case "0"..."9": return UInt8(digit.asciiValue! - 48)
        case "*": return 10
        case "#": return 11
        case "A"..."D": return UInt8(digit.asciiValue! - 65 + 12)
        default: return nil
        }
    }
}
