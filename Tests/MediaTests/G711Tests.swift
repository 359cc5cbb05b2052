import Foundation
import Testing
@testable import Media

@Suite struct G711Tests {
    // Code values follow from G.711 Tables 1a/2a: μ-law transmits the inverted code, so
    // +0 is 0xFF and the positive peak 0x80; A-law inverts even bits, so +0 is 0xD5 and
    // the positive peak 0xAA.
    @Test func muLawKnownValues() {
        #expect(G711MuLaw.encode(0) == 0xFF)
        #expect(G711MuLaw.encode(-1) == 0x7F)
        #expect(G711MuLaw.encode(Int16.max) == 0x80)
        #expect(G711MuLaw.encode(Int16.min) == 0x00)
        #expect(G711MuLaw.decode(0xFF) == 0)
        #expect(G711MuLaw.decode(0x7F) == 0)
        #expect(G711MuLaw.decode(0x80) == 32124)
        #expect(G711MuLaw.decode(0x00) == -32124)
        // First segment steps by 8 in 16-bit scale: code 0xFE is +8, 0xF0 is +120.
        #expect(G711MuLaw.decode(0xFE) == 8)
        #expect(G711MuLaw.decode(0xF0) == 120)
        #expect(G711MuLaw.decode(0xEF) == 132)
        #expect(G711MuLaw.encode(1000) == 0xCE)
        #expect(G711MuLaw.decode(0xCE) == 988)
    }

    @Test func aLawKnownValues() {
        #expect(G711ALaw.encode(0) == 0xD5)
        #expect(G711ALaw.encode(-1) == 0x55)
        #expect(G711ALaw.encode(Int16.max) == 0xAA)
        #expect(G711ALaw.encode(Int16.min) == 0x2A)
        #expect(G711ALaw.decode(0xD5) == 8)
        #expect(G711ALaw.decode(0x55) == -8)
        #expect(G711ALaw.decode(0xAA) == 32256)
        #expect(G711ALaw.decode(0x2A) == -32256)
        #expect(G711ALaw.encode(1000) == 0xFA)
        #expect(G711ALaw.decode(0xFA) == 1008)
    }

    @Test func tablesMatchTheEncodingRuleForEverySample() {
        var muMismatches = 0
        var aMismatches = 0
        for value in Int(Int16.min)...Int(Int16.max) {
            let sample = Int16(value)
            if G711MuLaw.encode(sample) != G711MuLaw.computeCode(sample) { muMismatches += 1 }
            if G711ALaw.encode(sample) != G711ALaw.computeCode(sample) { aMismatches += 1 }
        }
        #expect(muMismatches == 0)
        #expect(aMismatches == 0)
    }

    /// Decoding a code gives the centre of its interval, which must encode back to it.
    @Test func everyCodeSurvivesDecodeThenEncode() {
        for code in 0...255 {
            let byte = UInt8(code)
            #expect(G711ALaw.encode(G711ALaw.decode(byte)) == byte)
            // μ-law has two zeros (0xFF, 0x7F); both decode to 0, which encodes to 0xFF.
            let expected: UInt8 = byte == 0x7F ? 0xFF : byte
            #expect(G711MuLaw.encode(G711MuLaw.decode(byte)) == expected)
        }
    }

    @Test func decodeTablesAreOddSymmetric() {
        for code in 0..<128 {
            let byte = UInt8(code)
            #expect(G711MuLaw.decode(byte) == -G711MuLaw.decode(byte | 0x80))
            #expect(G711ALaw.decode(byte) == -G711ALaw.decode(byte | 0x80))
        }
    }

    /// Quantisation error never exceeds half a step of the sample's segment (plus the
    /// 2/3 bits G.711 discards from 16-bit input), outside the clipping zone.
    @Test(arguments: G711Codec.allCases)
    func roundTripErrorIsWithinHalfAStep(codec: G711Codec) {
        var worstRelative = 0.0
        for value in -32000...32000 {
            let sample = Int16(value)
            let error = abs(Int(codec.decode(codec.encode(sample))) - value)
            // Steps double per segment: the error stays under 1/16 of the magnitude,
            // with an absolute floor in the finest segments.
            let bound = max(codec == .pcmu ? 8 : 16, abs(value) / 16)
            if error > bound { Issue.record("\(codec) \(value) error \(error) > \(bound)"); return }
            if abs(value) > 1000 { worstRelative = max(worstRelative, Double(error) / Double(abs(value))) }
        }
        #expect(worstRelative > 0.01) // the bound is not vacuous: real quantisation happens
    }

    /// A companded sine keeps a signal-to-quantisation-noise ratio around 38 dB
    /// (the figure G.711 is known for at moderate levels).
    @Test(arguments: G711Codec.allCases)
    func sineKeepsThirtyFiveDecibelsSNR(codec: G711Codec) {
        // 1013 Hz is not a divisor of 8000 Hz, so the samples sweep all phases.
        var generator = SineGenerator(frequency: 1013, sampleRate: 8000, amplitude: 0.5)
        let input = generator.samples(count: 8000)
        var signal = 0.0
        var noise = 0.0
        for sample in input {
            let output = codec.decode(codec.encode(sample))
            signal += Double(sample) * Double(sample)
            noise += Double(Int(output) - Int(sample)) * Double(Int(output) - Int(sample))
        }
        let snr = 10 * log10(signal / noise)
        #expect(snr > 35)
        #expect(snr < 45)
    }

    @Test(arguments: G711Codec.allCases)
    func bufferVariantsMatchScalarAndClampToShorterBuffer(codec: G711Codec) {
        var generator = SineGenerator(frequency: 440, sampleRate: 8000, amplitude: 0.9)
        let pcm = generator.samples(count: 160)
        var bytes = [UInt8](repeating: 0xAB, count: 200)
        let written = pcm.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBytes { codec.encode(source, into: $0) }
        }
        #expect(written == 160)
        #expect(Array(bytes[0..<160]) == pcm.map { codec.encode($0) })
        #expect(bytes[160] == 0xAB)

        var decoded = [Int16](repeating: 0, count: 100)
        let read = bytes.withUnsafeBytes { source in
            decoded.withUnsafeMutableBufferPointer { codec.decode(UnsafeRawBufferPointer(rebasing: source[0..<160]), into: $0) }
        }
        #expect(read == 100)
        #expect(decoded == bytes[0..<100].map { codec.decode($0) })
    }
}

