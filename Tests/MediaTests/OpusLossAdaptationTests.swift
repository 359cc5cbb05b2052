import Testing
@testable import Media

@Suite struct OpusLossAdaptationTests {
    @Test func thePlanRisesAtOnceAndFallsByHalves() {
        var plan = OpusLossAdaptation()
        #expect(plan.percent == 0)
        // A clean report changes nothing.
        #expect(plan.reported(fractionLost: 0) == nil)
        // 64/256 = 25 %: at once.
        #expect(plan.reported(fractionLost: 64) == 25)
        // Then clean reports: 12, 6, 3, 1, 0.
        let falling = (0..<6).map { _ in plan.reported(fractionLost: 0) }
        #expect(falling == [12, 6, 3, 1, 0, nil])
        // Any loss counts as at least 1 %; a smaller report than the plan but above half keeps half.
        #expect(plan.reported(fractionLost: 1) == 1)
        #expect(plan.reported(fractionLost: 51) == 20)
        #expect(plan.reported(fractionLost: 30) == 12)
    }

    @Test func thePlanIsCapped() {
        var plan = OpusLossAdaptation()
        #expect(plan.reported(fractionLost: 255) == OpusLossAdaptation.maximumPercent)
        #expect(plan.reported(fractionLost: 200) == nil)
    }

    @Test func plannedLossMakesTheEncoderAddFECData() throws {
        // The same tone through two encoders: in-band FEC (LBRR) makes packets larger only
        // once the encoder plans for loss.
        func bytes(plannedLoss: Int32) throws -> Int {
            let encoder = try OpusEncoder(sampleRate: 8000, packetLossPercent: 0)
            try encoder.setExpectedLoss(percent: plannedLoss)
            var generator = SineGenerator(frequency: 440, sampleRate: 8000, amplitude: 0.5)
            var out = [UInt8](repeating: 0, count: 1500)
            var total = 0
            for index in 0..<100 {
                let pcm = generator.samples(count: 160)
                let length = try pcm.withUnsafeBufferPointer { source in
                    try out.withUnsafeMutableBytes { try encoder.encode(source, into: $0) }
                }
                if index >= 10 { total += length }
            }
            return total
        }
        let clean = try bytes(plannedLoss: 0)
        let protected = try bytes(plannedLoss: 20)
        #expect(Double(protected) > Double(clean) * 1.1, "clean \(clean) bytes, with FEC \(protected)")
    }
}
