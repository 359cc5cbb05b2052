@testable import RTP

/// Drives a `JitterBuffer` with a manual clock: packets are inserted at their
/// arrival times, and at every playout tick `pop` is called until `.empty`.
/// A packet arriving at the same instant as a tick goes in first.
struct JitterBufferSimulation {
    struct Packet {
        var sequenceNumber: UInt16
        var timestamp: UInt32
        var arrival: Int64
        var marker = false
        var ssrc: UInt32 = 0
    }

    struct Tick {
        var time: Int64
        /// Everything the tick got before `.empty`; empty when it got nothing.
        var results: [JitterBuffer.Playout]
        var currentDelayMilliseconds: Int
        var targetDelayMilliseconds: Int
        var statistics: JitterBuffer.Statistics
    }

    var buffer: JitterBuffer
    var ticks: [Tick] = []
    /// Sequence numbers of the packets `insert` refused.
    var refused: [UInt16] = []

    init(_ buffer: JitterBuffer) { self.buffer = buffer }

    /// Ticks every `tickInterval` from `firstTick` through `lastTick`, or, with
    /// `stopWhenDrained`, until the tick that hands out the last packet (the
    /// concealment a stream's end would bring is not what most tests look at).
    mutating func run(_ packets: [Packet], firstTick: Int64 = 0, lastTick: Int64,
                      tickInterval: Int64 = ms(20), stopWhenDrained: Bool = true) {
        let ordered = packets.enumerated().sorted {
            ($0.element.arrival, $0.offset) < ($1.element.arrival, $1.offset)
        }.map(\.element)
        var next = 0
        var time = firstTick
        while time <= lastTick {
            while next < ordered.count, ordered[next].arrival <= time {
                insert(ordered[next])
                next += 1
            }
            var results: [JitterBuffer.Playout] = []
            while results.count < 100 {
                let result = buffer.pop(nowNanoseconds: time)
                if result == .empty { break }
                results.append(result)
            }
            ticks.append(Tick(time: time, results: results,
                              currentDelayMilliseconds: buffer.currentDelayMilliseconds,
                              targetDelayMilliseconds: buffer.targetDelayMilliseconds,
                              statistics: buffer.statistics))
            if stopWhenDrained, next == ordered.count, buffer.storedCount == 0, !results.isEmpty { break }
            time += tickInterval
        }
        while next < ordered.count {
            insert(ordered[next])
            next += 1
        }
    }

    private mutating func insert(_ packet: Packet) {
        let payload = Self.payload(for: packet.sequenceNumber)
        let accepted = payload.withUnsafeBytes {
            buffer.insert(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
                          marker: packet.marker, ssrc: packet.ssrc, payload: $0,
                          arrivalNanoseconds: packet.arrival)
        }
        if !accepted { refused.append(packet.sequenceNumber) }
    }

    /// Two bytes naming the packet, so tests can check what was played.
    static func payload(for sequenceNumber: UInt16) -> [UInt8] {
        [UInt8(sequenceNumber >> 8), UInt8(sequenceNumber & 0xFF)]
    }

    var results: [JitterBuffer.Playout] { ticks.flatMap(\.results) }

    var playedFrames: [JitterBuffer.Frame] {
        results.compactMap { result -> JitterBuffer.Frame? in
            if case .packet(let frame) = result { return frame }
            return nil
        }
    }

    var playedSequenceNumbers: [UInt16] { playedFrames.map(\.sequenceNumber) }

    var missingTimestamps: [UInt32] {
        results.compactMap { result -> UInt32? in
            if case .missing(let timestamp, _) = result { return timestamp }
            return nil
        }
    }

    var stretchCount: Int {
        results.filter { if case .stretch = $0 { true } else { false } }.count
    }

    /// The tick time at which each sequence number was handed out.
    var playTimes: [UInt16: Int64] {
        var times: [UInt16: Int64] = [:]
        for tick in ticks {
            for case .packet(let frame) in tick.results { times[frame.sequenceNumber] = tick.time }
        }
        return times
    }
}

/// Milliseconds as nanoseconds.
func ms(_ milliseconds: Int64) -> Int64 { milliseconds * 1_000_000 }

/// A regular stream: `count` packets of `duration` ticks, one every
/// `duration / 8` ms at 8 kHz, arriving `offset` after `start`.
func regularStream(count: Int, firstSequence: UInt16 = 1000, firstTimestamp: UInt32 = 5000,
                   duration: UInt32 = 160, start: Int64 = 0, offset: Int64 = ms(5)) -> [JitterBufferSimulation.Packet] {
    (0..<count).map { index in
        JitterBufferSimulation.Packet(
            sequenceNumber: firstSequence &+ UInt16(truncatingIfNeeded: index),
            timestamp: firstTimestamp &+ UInt32(index) &* duration,
            arrival: start + offset + Int64(index) * Int64(duration) * 1_000_000 / 8)
    }
}
