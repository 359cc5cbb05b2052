import Testing
import RTP

struct SequenceGapTests {
    @Test func countsPacketsMissingBeforeEachArrival() {
        var gap = SequenceGap()
        #expect(gap.lost(before: 100) == 0)
        #expect(gap.lost(before: 101) == 0)
        #expect(gap.lost(before: 103) == 1)
        #expect(gap.lost(before: 107) == 3)
    }

    @Test func followsTheWrapAround() {
        var gap = SequenceGap()
        #expect(gap.lost(before: 65534) == 0)
        #expect(gap.lost(before: 1) == 2)
    }

    @Test func duplicatesAndLatePacketsAreRefused() {
        var gap = SequenceGap()
        #expect(gap.lost(before: 10) == 0)
        #expect(gap.lost(before: 12) == 1)
        #expect(gap.lost(before: 11) == -1)
        #expect(gap.lost(before: 12) == -1)
        #expect(gap.lost(before: 13) == 0)
    }

    @Test func aLongGapIsARestartNotALoss() {
        var gap = SequenceGap(maximumConcealed: 5)
        #expect(gap.lost(before: 10) == 0)
        #expect(gap.lost(before: 16) == 5)
        #expect(gap.lost(before: 23) == 0)
        // Far behind: a new stream, taken up from there.
        #expect(gap.lost(before: 20000) == 0)
        #expect(gap.lost(before: 20001) == 0)
    }

    @Test func resetForgetsTheStream() {
        var gap = SequenceGap()
        #expect(gap.lost(before: 500) == 0)
        gap.reset()
        #expect(gap.lost(before: 400) == 0)
        #expect(gap.lost(before: 401) == 0)
    }
}
