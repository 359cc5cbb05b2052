import Foundation

/// Plays the far end's background noise while it sends RFC 3389 comfort noise instead of
/// audio: white noise at the level of the last CN payload, shaped by its reflection
/// coefficients when it has any.
///
/// Level. RFC 3389 §3.1 measures the level in dBov, relative to the codec's overload
/// point, which it pins to a full-scale square wave (±8031 on μ-law's 14-bit scale). For
/// the 16-bit PCM here 0 dBov is therefore an RMS of 32768, a full-scale 16-bit square
/// wave (the reference `ToneAnalysis.rmsLevel` uses too; μ-law's own overload point,
/// ±32124 once decoded, is 0.17 dB lower). A level of L means an RMS of 32768·10^(-L/20).
/// Levels near 0 dBov clip; level 127 rounds to silence.
///
/// Shape. The coefficients describe an all-pole model 1 / A(z) of the noise (§3.2). The
/// step-up recursion turns k1…kM into A(z) = 1 + a1·z⁻¹ + … + aM·z⁻ᴹ, and uniform white
/// noise is filtered by it. The filter multiplies the noise power by 1 / Π(1 - kᵢ²) (the
/// prediction error identity of the Levinson recursion), so the white noise is scaled by
/// the square root of that product to land on the level. With |kᵢ| < 1 the filter is
/// stable. The coefficients apply at the stream's own rate: the sender analysed the audio
/// its codec carries, 8 kHz for G.711 and 16 kHz for G.722.
///
/// A new payload takes effect at once and the filter keeps its memory, so the noise
/// carries on without a click. Before the first payload `fill` writes silence.
///
/// `fill` does not allocate. Not thread-safe: one instance per stream, used from one
/// thread at a time; it is `Sendable` only to be handed to that thread.
public final class ComfortNoiseGenerator: @unchecked Sendable {
    public static let supportedSampleRates = [8000, 16000]
    /// Reflection coefficients used at most; §3 lets a receiver lower the model order by
    /// treating the higher coefficients as zero.
    public static let maxModelOrder = 32
    /// Samples run through the filter, unheard, when noise starts from silence, so that
    /// the first frame is already at its level (the filter's memory starts empty).
    static let warmUpSamples = 256

    public let sampleRate: Int
    /// The payload in effect, nil before the first one.
    public private(set) var payload: ComfortNoisePayload?

    private var random: XorshiftGenerator
    /// Scale from the uniform noise (RMS 1/√3) to the excitation of the filter.
    private var excitationScale = 0.0
    private var order = 0
    /// a1…aM of A(z), `maxModelOrder` entries.
    private let predictor: UnsafeMutableBufferPointer<Double>
    /// Scratch for the step-up recursion.
    private let previous: UnsafeMutableBufferPointer<Double>
    /// The filter's memory: output samples y[n-1], y[n-2], … .
    private let memory: UnsafeMutableBufferPointer<Double>

    /// - Parameters:
    ///   - sampleRate: 8000 or 16000.
    ///   - seed: starts the noise sequence; the same seed gives the same noise.
    /// - Throws: `.unsupportedSampleRate` for other rates.
    public init(sampleRate: Int, seed: UInt64 = 0x5EED_C0FF_EE00_3389) throws(ComfortNoiseError) {
        guard Self.supportedSampleRates.contains(sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        self.sampleRate = sampleRate
        random = XorshiftGenerator(seed: seed)
        predictor = .allocate(capacity: Self.maxModelOrder)
        predictor.initialize(repeating: 0)
        previous = .allocate(capacity: Self.maxModelOrder)
        previous.initialize(repeating: 0)
        memory = .allocate(capacity: Self.maxModelOrder)
        memory.initialize(repeating: 0)
    }

    deinit {
        predictor.deallocate()
        previous.deallocate()
        memory.deallocate()
    }

    /// Target RMS for a level in -dBov, relative to a full-scale square wave.
    public static func rms(forLevel level: UInt8) -> Double {
        32768 * pow(10, -Double(level) / 20)
    }

    /// Takes the level and shape of a newly received CN payload.
    public func update(_ payload: ComfortNoisePayload) {
        let startsFromSilence = self.payload == nil
        self.payload = payload
        order = min(payload.modelOrder, Self.maxModelOrder)
        // Step-up recursion: A_m(z) = A_{m-1}(z) + k_m·z⁻ᵐ·A_{m-1}(1/z), that is
        // a_i ← a_i + k_m·a_{m-i} for i < m, and a_m = k_m.
        var powerGain = 1.0
        for m in 0..<order {
            let k = ComfortNoisePayload.reflectionCoefficient(code: payload.coefficientCodes[m])
            for i in 0..<m { previous[i] = predictor[i] }
            for i in 0..<m { predictor[i] = previous[i] + k * previous[m - 1 - i] }
            predictor[m] = k
            powerGain *= 1 - k * k
        }
        excitationScale = Self.rms(forLevel: payload.level) * (3 * powerGain).squareRoot()
        if startsFromSilence {
            for _ in 0..<Self.warmUpSamples { _ = nextSample() }
        }
    }

    /// Overwrites `pcm` with the continuing noise (silence before the first payload).
    public func fill(_ pcm: UnsafeMutableBufferPointer<Int16>) {
        guard payload != nil else {
            pcm.update(repeating: 0)
            return
        }
        for index in pcm.indices {
            pcm[index] = Self.sample(nextSample())
        }
    }

    /// One output of the shaping filter: y[n] = e[n] - Σ aᵢ·y[n-i].
    private func nextSample() -> Double {
        var value = excitationScale * random.nextSignedUnit()
        for i in 0..<order {
            value -= predictor[i] * memory[i]
        }
        guard value.isFinite else {
            // Cannot happen with |k| < 1; if rounding ever ran away, start afresh.
            memory.update(repeating: 0)
            return 0
        }
        if order > 0 {
            var i = order - 1
            while i > 0 {
                memory[i] = memory[i - 1]
                i -= 1
            }
            memory[0] = value
        }
        return value
    }

    /// Rounds to 16 bits, clipping at full scale.
    private static func sample(_ value: Double) -> Int16 {
        Int16(min(max(value, -32768), 32767).rounded())
    }
}
