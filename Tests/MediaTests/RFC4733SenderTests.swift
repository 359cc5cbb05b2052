import Testing
@testable import Media

@Suite struct RFC4733SenderTests {
    @Test func oneDigitIsAToneOfEventPacketsWithThreeEndPacketsThenAGap() {
        var sender = RFC4733Sender(frameSamples: 160, toneSamples: 800, gapSamples: 320)
        sender.enqueue("5")
        var packets: [RFC4733Sender.Packet?] = []
        var ts: UInt32 = 1000
        for _ in 0..<12 {
            packets.append(sender.next(slotTimestamp: ts))
            ts &+= 160
        }
        // 5 growing packets (the 5th already ends the tone) + 2 more end packets = 7, then the gap.
        let events = packets.prefix(7).compactMap { $0 }
        #expect(events.count == 7)
        #expect(events.allSatisfy { $0.timestamp == 1000 && $0.payload.0 == 5 })
        #expect(events[0].marker && !events[1].marker)
        #expect(events.map { UInt32($0.payload.2) << 8 | UInt32($0.payload.3) } == [160, 320, 480, 640, 800, 800, 800])
        #expect(events.map { $0.payload.1 & 0x80 != 0 } == [false, false, false, false, true, true, true])
        #expect(packets[7] == nil && packets[8] == nil)
        #expect(!sender.isBusy)
    }

    @Test func digitsAreSentInOrderEachWithItsOwnStartTimestamp() {
        var sender = RFC4733Sender(frameSamples: 160, toneSamples: 320, gapSamples: 160)
        sender.enqueue("1#")
        var starts: [(UInt8, UInt32)] = []
        var ts: UInt32 = 0
        for _ in 0..<20 {
            if let p = sender.next(slotTimestamp: ts), p.marker { starts.append((p.payload.0, p.timestamp)) }
            ts &+= 160
        }
        #expect(starts.map(\.0) == [1, 11])
        #expect(starts[1].1 > starts[0].1)
    }

    @Test func unknownCharactersAreIgnored() {
        var sender = RFC4733Sender()
        sender.enqueue("x?")
        #expect(!sender.isBusy)
        #expect(sender.next(slotTimestamp: 0) == nil)
    }
}
