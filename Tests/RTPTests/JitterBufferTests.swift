import Testing
@testable import RTP

/// Playout order, loss, lateness, duplicates and packet durations, driven by a
/// manual clock: G.711 at 8000 Hz, 20 ms playout ticks (160 timestamp units).
@Suite("Jitter buffer playout")
struct JitterBufferTests {
    private func makeBuffer(minimumDelay: Int = 0, capacity: Int = 16) -> JitterBuffer {
        JitterBuffer(clockRate: 8000, frameTicks: 160, minimumDelayMilliseconds: minimumDelay, capacity: capacity)
    }

    @Test func steadyStreamPlaysEveryPacketOnceWithConstantDelay() {
        var simulation = JitterBufferSimulation(makeBuffer())
        let packets = regularStream(count: 100)
        simulation.run(packets, lastTick: ms(2200))

        #expect(simulation.playedSequenceNumbers == Array(1000..<1100))
        #expect(simulation.missingTimestamps.isEmpty)
        #expect(simulation.stretchCount == 0)
        let frames = simulation.playedFrames
        #expect(frames.map(\.timestamp) == (0..<100).map { 5000 + UInt32($0) * 160 })
        #expect(frames.allSatisfy { $0.durationTicks == 160 })
        #expect(frames.allSatisfy { $0.payload == JitterBufferSimulation.payload(for: $0.sequenceNumber) })
        // First packet at 5 ms, target 20 ms (one tick, no jitter): playout starts
        // at the 20 ms tick, so every packet waits exactly 15 ms.
        let playTimes = simulation.playTimes
        #expect(packets.allSatisfy { packet in playTimes[packet.sequenceNumber].map { $0 - packet.arrival } == ms(15) })
        let playingTicks = simulation.ticks.filter { $0.time >= ms(20) && $0.time <= ms(2000) }
        #expect(playingTicks.allSatisfy { $0.results.count == 1 && $0.currentDelayMilliseconds == 15 })
        #expect(simulation.buffer.targetDelayMilliseconds == 20)
        let statistics = simulation.buffer.statistics
        #expect(statistics.accepted == 100)
        #expect(statistics.played == 100)
        #expect(statistics.concealed == 0)
        #expect(statistics.late == 0)
        #expect(statistics.talkSpurts == 1)
    }

    @Test func reorderingWithinTheDelayIsPutInOrder() {
        var simulation = JitterBufferSimulation(makeBuffer(minimumDelay: 60))
        var packets = regularStream(count: 50)
        packets[10].arrival += ms(25)               // after 11
        packets[30].arrival = packets[32].arrival + ms(3)
        packets[31].arrival = packets[32].arrival + ms(2)
        packets[32].arrival += ms(1)                // 32, 31, 30
        simulation.run(packets, lastTick: ms(1200))

        #expect(simulation.playedSequenceNumbers == Array(1000..<1050))
        #expect(simulation.missingTimestamps.isEmpty)
        #expect(simulation.refused.isEmpty)
        #expect(simulation.stretchCount == 0)
        // The minimum delay holds: playout starts at the 60 ms tick.
        #expect(simulation.ticks.filter { $0.time >= ms(60) && $0.time < ms(1000) }
            .allSatisfy { $0.currentDelayMilliseconds == 55 })
    }

    @Test func packetLaterThanItsSlotIsDroppedAndTheSlotReportedMissing() {
        var simulation = JitterBufferSimulation(makeBuffer())
        var packets = regularStream(count: 200)
        packets[10].arrival += ms(100)              // beyond the 60 ms maximum
        simulation.run(packets, lastTick: ms(4200))

        let lastTimestamp = packets[199].timestamp
        #expect(simulation.missingTimestamps.filter { $0 <= lastTimestamp } == [5000 + 10 * 160])
        #expect(simulation.refused == [1010])
        #expect(simulation.buffer.statistics.late == 1)
        // The 100 ms spike raises the A.8 jitter, so the delay goes up by whole
        // ticks (stretches) and, once the jitter has decayed, back down a tick at
        // a time by dropping a packet each time.
        let statistics = simulation.buffer.statistics
        #expect(simulation.stretchCount >= 1)
        #expect(statistics.discarded == simulation.stretchCount)
        let played = simulation.playedSequenceNumbers
        #expect(played == played.sorted() && !played.contains(1010))
        #expect(played.count + statistics.discarded == 199)
        #expect(simulation.buffer.currentDelayMilliseconds == 15)
    }

    @Test func lossYieldsExactlyOneMissingPerLostFrame() {
        var simulation = JitterBufferSimulation(makeBuffer())
        let lost: Set<UInt16> = [1020, 1040, 1041, 1042]
        let packets = regularStream(count: 60).filter { !lost.contains($0.sequenceNumber) }
        simulation.run(packets, lastTick: ms(1400))

        #expect(simulation.missingTimestamps == [1020, 1040, 1041, 1042].map { 5000 + ($0 - 1000) * 160 })
        let missingDurations = simulation.results.compactMap { result -> UInt32? in
            if case .missing(_, let duration) = result { return duration }
            return nil
        }
        #expect(missingDurations == [160, 160, 160, 160])
        #expect(simulation.playedSequenceNumbers == (1000..<1060).filter { !lost.contains($0) })
        #expect(simulation.stretchCount == 0)
        #expect(simulation.buffer.statistics.concealed == 4)
    }

    @Test func duplicatesAreDropped() {
        var simulation = JitterBufferSimulation(makeBuffer())
        let packets = regularStream(count: 50)
        var copies = packets.map { packet in
            var copy = packet
            copy.arrival += ms(1)
            return copy
        }
        copies.append(packets[5])
        copies[copies.count - 1].arrival = ms(1000)     // long after it was played
        simulation.run(packets + copies, lastTick: ms(1200))

        #expect(simulation.playedSequenceNumbers == Array(1000..<1050))
        #expect(simulation.refused.sorted() == (Array(1000..<1050) + [1005]).sorted())
        #expect(simulation.buffer.statistics.duplicates == 51)
        #expect(simulation.buffer.statistics.late == 0)
        #expect(simulation.missingTimestamps.isEmpty)
    }

    @Test func tenMillisecondPacketsPlayTwoPerTick() {
        var simulation = JitterBufferSimulation(makeBuffer())
        let packets = regularStream(count: 100, duration: 80).filter { $0.sequenceNumber != 1031 }
        simulation.run(packets, lastTick: ms(1200))

        #expect(simulation.playedSequenceNumbers == (1000..<1100).filter { $0 != 1031 })
        #expect(simulation.playedFrames.allSatisfy { $0.durationTicks == 80 })
        let missing = simulation.results.filter { if case .missing = $0 { true } else { false } }
        #expect(missing == [.missing(timestamp: 5000 + 31 * 80, durationTicks: 80)])
        #expect(simulation.ticks.filter { $0.time >= ms(20) && $0.time <= ms(980) }
            .allSatisfy { $0.results.count == 2 })
    }

    @Test func thirtyMillisecondPacketsPlayOnceEachWithAnEmptyEveryThirdTick() {
        var simulation = JitterBufferSimulation(makeBuffer())
        let packets = regularStream(count: 60, duration: 240)
        simulation.run(packets, lastTick: ms(2000))

        #expect(simulation.playedSequenceNumbers == Array(1000..<1060))
        #expect(simulation.missingTimestamps.isEmpty)
        #expect(simulation.stretchCount == 0)
        // The first packet plays before its successor is known; every later one
        // has its duration from the stream.
        #expect(simulation.playedFrames.dropFirst().allSatisfy { $0.durationTicks == 240 })
        // 60 packets of 30 ms span 90 ticks: one in three gets nothing. The run
        // stops at the tick of the last packet, the 89th.
        let playing = simulation.ticks.filter { $0.time >= ms(20) }
        #expect(playing.count == 89)
        #expect(playing.filter { $0.results.isEmpty }.count == 29)
        #expect(playing.allSatisfy { $0.results.count <= 1 })
        // Each packet is handed out no later than its own start time.
        let playTimes = simulation.playTimes
        #expect(packets.indices.allSatisfy { index in
            playTimes[packets[index].sequenceNumber].map { $0 <= ms(20) + Int64(index) * ms(30) } == true
        })
    }

    @Test func sequenceNumbersWrapAround() {
        var simulation = JitterBufferSimulation(makeBuffer(minimumDelay: 60))
        var packets = regularStream(count: 40, firstSequence: 65520)
        packets[15].arrival += ms(30)               // 65535 arrives after 0
        simulation.run(packets, lastTick: ms(1000))

        #expect(simulation.playedSequenceNumbers == Array(65520...65535) + Array(0..<24))
        #expect(simulation.missingTimestamps.isEmpty)
        #expect(simulation.buffer.statistics.resets == 0)
    }

    @Test func timestampsWrapAround() {
        var simulation = JitterBufferSimulation(makeBuffer(minimumDelay: 60))
        let first = UInt32.max - 5 * 160 + 1        // the sixth packet has timestamp 0
        var packets = regularStream(count: 40, firstTimestamp: first)
        packets[5].arrival += ms(25)                // timestamp 0 arrives after 160
        packets.remove(at: 7)                       // timestamp 320 is lost
        simulation.run(packets, lastTick: ms(1000))

        let expected: [UInt32] = (0..<40).filter { $0 != 7 }.map { first &+ UInt32($0) * 160 }
        #expect(simulation.playedFrames.map(\.timestamp) == expected)
        #expect(simulation.missingTimestamps == [320])
        #expect(simulation.buffer.statistics.resets == 0)
    }

    @Test func overflowDropsTheOldest() {
        var buffer = makeBuffer(capacity: 4)
        for index in 0..<10 {
            let payload = JitterBufferSimulation.payload(for: UInt16(index))
            payload.withUnsafeBytes {
                _ = buffer.insert(sequenceNumber: UInt16(index), timestamp: UInt32(index) * 160, payload: $0,
                                  arrivalNanoseconds: 0)
            }
        }
        #expect(buffer.storedCount == 4)
        #expect(buffer.statistics.overflow == 6)
        // An older packet than everything kept is refused when full.
        let refused = [UInt8]([1]).withUnsafeBytes {
            buffer.insert(sequenceNumber: 2, timestamp: 320, payload: $0, arrivalNanoseconds: 0)
        }
        #expect(!refused)
        #expect(buffer.statistics.overflow == 7)
        guard case .packet(let frame) = buffer.pop(nowNanoseconds: ms(20)) else {
            Issue.record("expected a packet")
            return
        }
        #expect(frame.sequenceNumber == 6)
        #expect(frame.payload == [0, 6])
    }
}
