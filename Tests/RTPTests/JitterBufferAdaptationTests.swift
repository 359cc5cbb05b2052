import Testing
@testable import RTP

/// Target delay from the RFC 3550 A.8 jitter, its bounds, talk spurts, resets,
/// and robustness against arbitrary input.
@Suite("Jitter buffer adaptation")
struct JitterBufferAdaptationTests {
    /// A regular stream whose arrivals move by up to ±`spread` ms, uniformly.
    private func jitteryStream(count: Int, spread: Int64, seed: UInt64,
                               firstSequence: UInt16 = 1000, firstTimestamp: UInt32 = 5000,
                               start: Int64 = 0) -> [JitterBufferSimulation.Packet] {
        var generator = SplitMix64(state: seed)
        return regularStream(count: count, firstSequence: firstSequence, firstTimestamp: firstTimestamp,
                             start: start, offset: ms(spread + 5)).map { packet in
            var moved = packet
            moved.arrival += Int64.random(in: -ms(spread)...ms(spread), using: &generator)
            return moved
        }
    }

    @Test func jitterRaisesTheTargetDelayButNeverAboveTheMaximum() {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160))
        simulation.run(jitteryStream(count: 500, spread: 15, seed: 7), lastTick: ms(11_000))

        // ±15 ms uniform: A.8 jitter ≈ 10 ms, target ≈ 20 + 3·10 ms.
        let target = simulation.buffer.targetDelayMilliseconds
        #expect((40...60).contains(target))
        #expect(simulation.stretchCount >= 1)
        #expect(simulation.ticks.allSatisfy { $0.currentDelayMilliseconds <= 60 && $0.targetDelayMilliseconds <= 60 })
        // Once adapted, packets are hardly ever late.
        #expect(simulation.refused.filter { $0 >= 1100 }.count <= 2)
        #expect(simulation.playedSequenceNumbers == simulation.playedSequenceNumbers.sorted())
    }

    @Test func heavyJitterIsCappedAtTheMaximum() {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160))
        simulation.run(jitteryStream(count: 500, spread: 40, seed: 11), lastTick: ms(11_000))

        #expect(simulation.buffer.targetDelayMilliseconds == 60)
        // A packet arriving far earlier than the others may lift the delay above
        // the cap for a moment; the next ticks bring it back, one frame each.
        let above = simulation.ticks.filter { $0.currentDelayMilliseconds > 60 }
        #expect(above.count <= 10)
        #expect(simulation.ticks.suffix(50).allSatisfy { $0.currentDelayMilliseconds <= 60 })
        let configured = JitterBuffer(clockRate: 8000, frameTicks: 160, maximumDelayMilliseconds: 200)
        #expect(configured.maximumDelayMilliseconds == 60)
    }

    @Test func calmStreamLetsTheDelayDriftDown() {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160))
        let rough = jitteryStream(count: 300, spread: 15, seed: 3)
        // Then the network calms down: every packet takes the shortest transit
        // seen during the jitter (20 ms nominal − 15 ms).
        let calm = regularStream(count: 700, firstSequence: 1300, firstTimestamp: 5000 + 300 * 160,
                                 start: 300 * ms(20), offset: ms(5))
        simulation.run(rough + calm, lastTick: ms(21_000))

        let duringJitter = simulation.ticks.first { $0.time >= ms(6000) }
        #expect((duringJitter?.currentDelayMilliseconds ?? 0) >= 30)
        #expect(simulation.buffer.targetDelayMilliseconds == 20)
        #expect(simulation.buffer.currentDelayMilliseconds <= 20)
        #expect(simulation.buffer.statistics.discarded >= 1)
        // Down slowly: one frame at a time, at most once a second.
        let drops = zip(simulation.ticks, simulation.ticks.dropFirst())
            .filter { $1.statistics.discarded > $0.statistics.discarded && $1.time >= ms(6000) }
            .map { ($1.time, $1.statistics.discarded - $0.statistics.discarded) }
        #expect((1...3).contains(drops.count))
        #expect(drops.allSatisfy { $0.1 == 1 })
        #expect(zip(drops, drops.dropFirst()).allSatisfy { $1.0 - $0.0 >= ms(1000) })
        // Nothing of the calm part is late or concealed; what it does not play
        // are the packets skipped to lower the delay.
        #expect(simulation.refused.filter { $0 >= 1300 }.isEmpty)
        #expect(simulation.missingTimestamps.filter { $0 >= 5000 + 300 * 160 }.isEmpty)
        let unplayed = Set(1300..<2000).subtracting(simulation.playedSequenceNumbers)
        #expect(unplayed.count == drops.count)
    }

    /// The sender's clock runs 0.1 % slow (packets every 20.02 ms) or fast
    /// (19.98 ms) against the playout ticks: over a minute, 60 ms of drift.
    @Test(arguments: [Int64(20_020_000), 19_980_000])
    func senderClockDriftIsAbsorbedATickAtATime(interval: Int64) {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160))
        let packets = (0..<3000).map { index in
            JitterBufferSimulation.Packet(sequenceNumber: UInt16(truncatingIfNeeded: index),
                                          timestamp: UInt32(index) * 160, arrival: ms(5) + Int64(index) * interval)
        }
        simulation.run(packets, lastTick: ms(62_000))

        #expect(simulation.refused.isEmpty)
        #expect(simulation.missingTimestamps.filter { $0 < 3000 * 160 }.isEmpty)
        // Target 20 ms: the delay stays within half a tick of it.
        #expect(simulation.ticks.filter { $0.time >= ms(20) }.allSatisfy { (10...30).contains($0.currentDelayMilliseconds) })
        let statistics = simulation.buffer.statistics
        if interval > ms(20) {
            #expect(statistics.stretched == 3 && statistics.discarded == 0)
        } else {
            #expect(statistics.discarded == 3 && statistics.stretched == 0)
        }
        #expect(statistics.played + statistics.discarded == 3000)
    }

    @Test func headersCarryMarkerAndSSRC() {
        var buffer = JitterBuffer(clockRate: 8000, frameTicks: 160)
        let payload: [UInt8] = [0xD5, 0xD5]
        for (index, ssrc) in [UInt32(1), 1, 2].enumerated() {
            let header = RTPHeader(payloadType: 8, sequenceNumber: UInt16(100 + index), timestamp: UInt32(index) * 160,
                                   ssrc: ssrc, marker: index != 1, payloadLength: payload.count)
            #expect(payload.withUnsafeBytes { buffer.insert(header, payload: $0, arrivalNanoseconds: Int64(index) * ms(20)) })
        }
        #expect(buffer.statistics.resets == 1)
        #expect(buffer.statistics.discarded == 2)   // the first source's two packets
        guard case .packet(let frame) = buffer.pop(nowNanoseconds: ms(60)) else {
            Issue.record("expected the new source's packet")
            return
        }
        #expect(frame.sequenceNumber == 102 && frame.marker && frame.payload == payload)
    }

    @Test func largeJumpWithoutANewSSRCResets() {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160,
                                                             minimumDelayMilliseconds: 60))
        let before = regularStream(count: 30)
        // The sender restarted 60 s of timestamps back, sequence numbers going on.
        let after = regularStream(count: 30, firstSequence: 1030, firstTimestamp: 5000 &- 8000 * 60,
                                  start: 30 * ms(20))
        simulation.run(before + after, lastTick: ms(2000))

        #expect(simulation.buffer.statistics.resets == 1)
        // Packets 28 and 29 were still buffered (55 ms delay) and go with the old stream.
        #expect(simulation.playedSequenceNumbers == Array(1000..<1028) + Array(1030..<1060))
        #expect(simulation.buffer.statistics.discarded == 2)
        #expect(simulation.missingTimestamps.isEmpty)
    }

    @Test func sequenceJumpAndNewSSRCReset() {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160))
        let first = regularStream(count: 20)
        let jumped = regularStream(count: 20, firstSequence: 40_000, firstTimestamp: 5000 + 20 * 160,
                                   start: 20 * ms(20))
        var other = regularStream(count: 20, firstSequence: 7, firstTimestamp: 123_456, start: 40 * ms(20))
        for index in other.indices { other[index].ssrc = 0xBEEF }
        simulation.run(first + jumped + other, lastTick: ms(2000))

        #expect(simulation.buffer.statistics.resets == 2)
        #expect(simulation.playedSequenceNumbers == Array(1000..<1020) + Array(40_000..<40_020) + Array(7..<27))
    }

    @Test func silenceEndsInEmptyTicksAndTheNextTalkSpurtIsTimedAfresh() {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160))
        let first = regularStream(count: 25)
        // One second of silence suppression: timestamps run on, sequence numbers do not.
        var second = regularStream(count: 25, firstSequence: 1025, firstTimestamp: 5000 + 75 * 160,
                                   start: 75 * ms(20), offset: ms(12))
        second[0].marker = true
        simulation.run(first + second, lastTick: ms(3000))

        // 100 ms of concealment after the last packet, then nothing until the
        // stream is back.
        #expect(simulation.missingTimestamps == (25..<30).map { 5000 + UInt32($0) * 160 })
        let silent = simulation.ticks.filter { $0.time > ms(620) && $0.time < ms(1500) }
        #expect(!silent.isEmpty && silent.allSatisfy { $0.results.isEmpty })
        #expect(simulation.playedSequenceNumbers == Array(1000..<1050))
        #expect(simulation.buffer.statistics.talkSpurts == 2)
        #expect(simulation.playedFrames.first { $0.sequenceNumber == 1025 }?.marker == true)
        // The second spurt arrives 12 ms into its ticks, so it waits 28 ms (the
        // target, a little over 20 ms, less half a tick, rounded up to a tick),
        // not the first spurt's 15 ms.
        let playTimes = simulation.playTimes
        #expect(second.allSatisfy { packet in playTimes[packet.sequenceNumber].map { $0 - packet.arrival } == ms(28) })
    }

    @Test func pauseBeforeAMarkedTalkSpurtIsNotConcealed() {
        var simulation = JitterBufferSimulation(JitterBuffer(clockRate: 8000, frameTicks: 160,
                                                             minimumDelayMilliseconds: 60))
        let first = regularStream(count: 20)
        // A 40 ms pause; the first packet after it carries the marker bit and
        // is buffered before the pause is due.
        var second = regularStream(count: 20, firstSequence: 1020, firstTimestamp: 5000 + 22 * 160,
                                   start: 22 * ms(20))
        second[0].marker = true
        simulation.run(first + second, lastTick: ms(2000))

        #expect(simulation.playedSequenceNumbers == Array(1000..<1040))
        #expect(simulation.missingTimestamps.isEmpty)
        #expect(simulation.buffer.statistics.talkSpurts == 2)
        // Packet 1019 plays at 440 ms; the pause gives two empty ticks, and the
        // new spurt starts from its own arrival plus the 60 ms target.
        #expect(simulation.ticks.filter { $0.time == ms(460) || $0.time == ms(480) }.allSatisfy { $0.results.isEmpty })
        #expect(simulation.playTimes[1020] == ms(500))
    }

    @Test func arbitraryInputNeverTrapsAndStaysWithinCapacity() {
        var generator = SplitMix64(state: 0x5EED)
        var buffer = JitterBuffer(clockRate: 8000, frameTicks: 160, capacity: 8)
        var now: Int64 = 0
        var withinCapacity = true
        var payload = [UInt8](repeating: 0xAB, count: 200)
        for index in 0..<10_000 {
            let wild = index % 2 == 0
            let sequence = wild ? UInt16.random(in: .min ... .max, using: &generator)
                                : UInt16(truncatingIfNeeded: index / 2 + Int.random(in: -3...3, using: &generator))
            let timestamp = wild ? UInt32.random(in: .min ... .max, using: &generator)
                                 : UInt32(truncatingIfNeeded: index * 80 + Int.random(in: -500...500, using: &generator))
            now = wild ? Int64.random(in: .min ... .max, using: &generator)
                       : now &+ Int64.random(in: -ms(50)...ms(80), using: &generator)
            payload[0] = UInt8(truncatingIfNeeded: index)
            let length = Int.random(in: 0...payload.count, using: &generator)
            payload.withUnsafeBytes {
                _ = buffer.insert(sequenceNumber: sequence, timestamp: timestamp, marker: Bool.random(using: &generator),
                                  ssrc: UInt32.random(in: 0...1, using: &generator) * UInt32(index % 7 == 0 ? 1 : 0),
                                  payload: UnsafeRawBufferPointer(rebasing: $0.prefix(length)),
                                  arrivalNanoseconds: now)
            }
            withinCapacity = withinCapacity && buffer.storedCount <= 8
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                let popTime = wild ? Int64.random(in: .min ... .max, using: &generator) : now
                var pops = 0
                while pops < 20, buffer.pop(nowNanoseconds: popTime) != .empty { pops += 1 }
                withinCapacity = withinCapacity && buffer.storedCount <= 8
            }
        }
        #expect(withinCapacity)
        let statistics = buffer.statistics
        #expect(statistics.played + buffer.storedCount <= statistics.accepted)
        #expect(statistics.accepted > 0 && statistics.played > 0)
    }

    @Test func outOfRangeSettingsAreClampedAndStillWork() {
        let settings: [(Int, UInt32, Int, Int, Int)] = [
            (0, 0, -5, -5, 0), (Int.max, .max, .max, .max, .max), (Int.min, 1, 60, 90, -1), (1, 160, 0, 0, 1),
        ]
        for (rate, frame, maximum, minimum, capacity) in settings {
            var buffer = JitterBuffer(clockRate: rate, frameTicks: frame, maximumDelayMilliseconds: maximum,
                                      minimumDelayMilliseconds: minimum, capacity: capacity)
            #expect((1...384_000).contains(buffer.clockRate))
            #expect(buffer.frameTicks >= 1 && Int(buffer.frameTicks) <= buffer.clockRate)
            #expect((0...60).contains(buffer.maximumDelayMilliseconds))
            #expect(buffer.minimumDelayMilliseconds <= buffer.maximumDelayMilliseconds)
            #expect((1...1024).contains(buffer.capacity))
            for index in 0..<50 {
                [UInt8](repeating: 1, count: 4).withUnsafeBytes {
                    _ = buffer.insert(sequenceNumber: UInt16(index), timestamp: UInt32(index) &* buffer.frameTicks,
                                      payload: $0, arrivalNanoseconds: Int64(index) * ms(20))
                }
                var pops = 0
                while pops < 20, buffer.pop(nowNanoseconds: Int64(index) * ms(20)) != .empty { pops += 1 }
            }
            #expect(buffer.statistics.played > 0)
        }
    }
}
