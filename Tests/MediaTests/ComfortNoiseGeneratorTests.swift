import Foundation
import Testing
@testable import Media

@Suite struct ComfortNoiseGeneratorTests {
    /// A low-pass shape: k1 = -115/128 (code 12), then two milder coefficients.
    static let lowPass: [UInt8] = [12, 150, 120]
    /// Its mirror image: k1 = +115/128.
    static let highPass: [UInt8] = [242]

    /// One second of noise for `payload` at `sampleRate`, filled 20 ms at a time.
    private func noise(level: UInt8, codes: [UInt8] = [], sampleRate: Int, seed: UInt64 = 1) throws -> [Int16] {
        let generator = try ComfortNoiseGenerator(sampleRate: sampleRate, seed: seed)
        generator.update(try ComfortNoisePayload(level: level, coefficientCodes: codes))
        return fill(generator, milliseconds: 1000)
    }

    private func fill(_ generator: ComfortNoiseGenerator, milliseconds: Int) -> [Int16] {
        var out: [Int16] = []
        var frame = [Int16](repeating: 0, count: generator.sampleRate / 50)
        for _ in 0..<(milliseconds / 20) {
            frame.withUnsafeMutableBufferPointer { generator.fill($0) }
            out += frame
        }
        return out
    }

    /// RMS within 1 dB of -level dBov (0 dBov = RMS 32768, a full-scale square wave),
    /// white and shaped, at both rates.
    @Test(arguments: [8000, 16000], [UInt8(10), 25, 40, 55, 70])
    func theLevelIsMet(sampleRate: Int, level: UInt8) throws {
        for codes in [[], Self.lowPass, Self.highPass] {
            let measured = ToneAnalysis.rmsLevel(samples: try noise(level: level, codes: codes, sampleRate: sampleRate))
            #expect(abs(measured + Double(level)) <= 1, "codes \(codes): \(measured) dBov")
        }
    }

    /// Already the first 20 ms frame is at the level: the filter is warmed up unheard.
    @Test(arguments: [8000, 16000])
    func theFirstFrameIsAtTheLevel(sampleRate: Int) throws {
        let generator = try ComfortNoiseGenerator(sampleRate: sampleRate)
        generator.update(try ComfortNoisePayload(level: 30, coefficientCodes: Self.lowPass))
        let first = fill(generator, milliseconds: 20)
        #expect(abs(ToneAnalysis.rmsLevel(samples: first) + 30) <= 2)
    }

    /// A negative first coefficient puts the noise power low, a positive one high, and
    /// no coefficients leave it white (RFC 3389 §3.2's all-pole model 1 / A(z)). The
    /// measured ratio of low-band to high-band power matches the model's within 1 dB;
    /// A(z) is written out here by hand (a1 = k1(1 + k2) + k2·k3, a2 = k2 + k1(1 + k2)·k3,
    /// a3 = k3) to check the generator's step-up recursion.
    @Test(arguments: [8000, 16000])
    func reflectionCoefficientsShapeTheSpectrum(sampleRate: Int) throws {
        let rate = Double(sampleRate)
        let low = 100.0...1000.0
        let high = (rate / 2 - 1000)...(rate / 2 - 100)
        func measured(_ codes: [UInt8]) throws -> Double {
            let samples = try noise(level: 30, codes: codes, sampleRate: sampleRate)
            return AudioMeasures.bandPower(samples, sampleRate: rate, band: low)
                / AudioMeasures.bandPower(samples, sampleRate: rate, band: high)
        }
        func modelled(_ a: [Double]) -> Double {
            func power(_ band: ClosedRange<Double>) -> Double {
                stride(from: band.lowerBound, through: band.upperBound, by: 1).reduce(0) { sum, frequency in
                    let omega = 2 * Double.pi * frequency / rate
                    var re = 1.0, im = 0.0
                    for (index, coefficient) in a.enumerated() {
                        re += coefficient * cos(omega * Double(index + 1))
                        im -= coefficient * sin(omega * Double(index + 1))
                    }
                    return sum + 1 / (re * re + im * im)
                }
            }
            return power(low) / power(high)
        }
        func decibels(_ ratio: Double) -> Double { 10 * log10(ratio) }

        let k = Self.lowPass.map(ComfortNoisePayload.reflectionCoefficient(code:))
        let lowPassModel = modelled([k[0] * (1 + k[1]) + k[1] * k[2], k[1] + k[0] * (1 + k[1]) * k[2], k[2]])
        let lowPass = try measured(Self.lowPass)
        #expect(decibels(lowPass) > 15)
        #expect(abs(decibels(lowPass) - decibels(lowPassModel)) < 1, "\(lowPass) vs \(lowPassModel)")

        let highPassModel = modelled([ComfortNoisePayload.reflectionCoefficient(code: Self.highPass[0])])
        let highPass = try measured(Self.highPass)
        #expect(decibels(highPass) < -15)
        #expect(abs(decibels(highPass) - decibels(highPassModel)) < 1, "\(highPass) vs \(highPassModel)")

        #expect(abs(decibels(try measured([]))) < 1.5)
    }

    /// Level 127 (-127 dBov, an RMS of 0.015) rounds to silence.
    @Test(arguments: [8000, 16000])
    func levelOneHundredTwentySevenIsSilence(sampleRate: Int) throws {
        #expect(try noise(level: 127, sampleRate: sampleRate).allSatisfy { $0 == 0 })
        #expect(try noise(level: 127, codes: Self.lowPass, sampleRate: sampleRate).allSatisfy { abs($0) <= 1 })
    }

    @Test func silenceUntilTheFirstPayload() throws {
        let generator = try ComfortNoiseGenerator(sampleRate: 8000)
        #expect(generator.payload == nil)
        #expect(fill(generator, milliseconds: 40).allSatisfy { $0 == 0 })
    }

    @Test func theSeedDecidesTheNoise() throws {
        let first = try noise(level: 40, codes: Self.lowPass, sampleRate: 8000, seed: 42)
        #expect(try noise(level: 40, codes: Self.lowPass, sampleRate: 8000, seed: 42) == first)
        #expect(try noise(level: 40, codes: Self.lowPass, sampleRate: 8000, seed: 43) != first)
        // Seed 0 is usable too (it cannot be an xorshift state, so another one stands in).
        #expect(try noise(level: 40, sampleRate: 8000, seed: 0).contains { $0 != 0 })
    }

    /// A new payload changes the level at once, within the same stream.
    @Test func aNewPayloadTakesEffect() throws {
        let generator = try ComfortNoiseGenerator(sampleRate: 16000, seed: 9)
        generator.update(try ComfortNoisePayload(level: 30))
        let loud = fill(generator, milliseconds: 500)
        generator.update(try ComfortNoisePayload(level: 50, coefficientCodes: Self.lowPass))
        let quiet = fill(generator, milliseconds: 500)
        #expect(abs(ToneAnalysis.rmsLevel(samples: loud) + 30) <= 1)
        #expect(abs(ToneAnalysis.rmsLevel(samples: quiet) + 50) <= 1)
        #expect(generator.payload?.level == 50)
    }

    /// More coefficients than the generator uses: the extra ones are ignored (RFC 3389 §3
    /// lets a receiver lower the model order), and the noise stays bounded and at level.
    @Test func aVeryHighModelOrderIsTruncated() throws {
        let codes = [UInt8](repeating: 200, count: 100)
        let samples = try noise(level: 35, codes: codes, sampleRate: 8000)
        #expect(abs(ToneAnalysis.rmsLevel(samples: samples) + 35) <= 1.5)
    }

    @Test(arguments: [0, 11025, 32000, 48000])
    func otherRatesAreRefused(sampleRate: Int) {
        #expect(throws: ComfortNoiseError.unsupportedSampleRate(sampleRate)) {
            try ComfortNoiseGenerator(sampleRate: sampleRate)
        }
    }

    /// RFC 3389 §3.1 levels as RMS values of 16-bit PCM.
    @Test func levelsMapToRMS() {
        #expect(ComfortNoiseGenerator.rms(forLevel: 0) == 32768)
        #expect(abs(ComfortNoiseGenerator.rms(forLevel: 20) - 3276.8) < 1e-9)
        #expect(abs(ComfortNoiseGenerator.rms(forLevel: 60) - 32.768) < 1e-9)
    }
}
