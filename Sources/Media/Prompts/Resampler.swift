import Foundation

/// Converts a prompt to the playback rate once, when it is loaded (a 44.1 kHz
/// recording to a G.711 trunk's 8 kHz, an 8 kHz one to G.722's 16 kHz).
///
/// Band-limited interpolation with a windowed-sinc filter: each output sample is a
/// weighted sum of the input samples around its position in time, the weights being
/// a low-pass impulse response (a sinc) shaped by a Blackman window. The cutoff sits
/// just below the Nyquist frequency of the lower of the two rates, so upsampling adds
/// no images and downsampling folds nothing back into the speech band. The choice
/// over linear interpolation: linear interpolation neither removes what lies above
/// the new Nyquist frequency (a 48 kHz recording would alias into the call) nor keeps
/// the top of the speech band flat.
///
/// Figures: 32 sinc zero crossings each side, cutoff at 0.92 of the lower Nyquist
/// frequency, so the Blackman window's transition band lies between about 0.85 and
/// 1.0 of it. Measured 48 kHz → 8 kHz: within 0.02 dB up to 3.4 kHz, -2.3 dB at
/// 3.6 kHz, -18 dB at 3.8 kHz, more than 80 dB down from 4 kHz (PromptTests check
/// this). The ratio is reduced to `up/down`; an output sample's position
/// then has only `up` possible fractional parts, so the weights are computed once per
/// fraction (up to 1024, beyond which the nearest of 1024 is used).
///
/// Written for clarity, not speed: about 70 multiply-adds per output sample when
/// upsampling, about 420 for 48 kHz → 8 kHz.
public enum Resampler {
    /// Sinc zero crossings on each side of the centre tap.
    static let zeroCrossings = 32.0
    /// Cutoff as a fraction of the lower Nyquist frequency.
    static let cutoffFraction = 0.92
    /// Most fractional positions given their own weights.
    static let maxPhases = 1024
    /// Upper bound on taps per side, reached only by ratios far beyond 48 kHz → 8 kHz.
    static let maxHalfTaps = 4096

    /// `samples` at rate `from` resampled to rate `to`; the first output sample is
    /// aligned with the first input sample and the result holds
    /// ⌈count × to / from⌉ samples. Input beyond either end counts as silence.
    /// Equal rates, or a rate that is not positive, return `samples` unchanged.
    /// Meant for rates within 8000…48000 Hz; memory and time grow with the ratio.
    public static func resample(_ samples: [Int16], from: Int, to: Int) -> [Int16] {
        guard from > 0, to > 0, from != to, !samples.isEmpty else { return samples }
        let divisor = greatestCommonDivisor(from, to)
        let up = to / divisor
        let down = from / divisor
        // Only absurd rates overflow (the WAV reader admits 8000…48000 Hz); they give no output.
        let (scaled, overflow) = samples.count.multipliedReportingOverflow(by: up)
        guard !overflow, scaled <= Int.max - down else { return [] }
        let outputCount = (scaled + down - 1) / down
        let filter = PolyphaseFilter(up: up, down: down)

        var output = [Int16](repeating: 0, count: outputCount)
        samples.withUnsafeBufferPointer { input in
            filter.weights.withUnsafeBufferPointer { weights in
                for index in 0..<outputCount {
                    // Position in input samples: index × down / up = base + fraction / up.
                    let position = index * down
                    var base = position / up
                    var phase = position % up
                    if filter.phases != up {
                        phase = (phase * filter.phases + up / 2) / up
                        if phase == filter.phases { phase = 0; base += 1 }
                    }
                    // Tap t weighs input[base + t - (halfTaps - 1)].
                    let first = base - (filter.halfTaps - 1)
                    let lowTap = max(0, -first)
                    let highTap = min(filter.tapCount, input.count - first)
                    var sum = 0.0
                    if lowTap < highTap {
                        let row = phase * filter.tapCount
                        for tap in lowTap..<highTap {
                            sum += weights[row + tap] * Double(input[first + tap])
                        }
                    }
                    output[index] = Int16(clamping: Int(sum.rounded()))
                }
            }
        }
        return output
    }

    static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}

/// The resampler's weights: one row of `tapCount` per fractional position.
struct PolyphaseFilter {
    let phases: Int
    let halfTaps: Int
    let tapCount: Int
    let weights: [Double]

    init(up: Int, down: Int) {
        // Cutoff in cycles per input sample: below the input's Nyquist frequency when
        // upsampling, below the output's (scaled to input samples) when downsampling.
        let scale = min(1.0, Double(up) / Double(down))
        let cutoff = 0.5 * scale * Resampler.cutoffFraction
        // The window spans `zeroCrossings` zeros of sinc(2·cutoff·d) each side.
        let halfWidth = Resampler.zeroCrossings / (2 * cutoff)
        halfTaps = min(Int(halfWidth.rounded(.up)), Resampler.maxHalfTaps)
        tapCount = 2 * halfTaps
        phases = min(up, Resampler.maxPhases)

        var weights = [Double](repeating: 0, count: phases * tapCount)
        for phase in 0..<phases {
            let fraction = Double(phase) / Double(phases)
            let row = phase * tapCount
            var total = 0.0
            for tap in 0..<tapCount {
                // Distance in input samples from the output position to this tap's sample.
                let distance = Double(tap - (halfTaps - 1)) - fraction
                let weight = Self.kernel(distance, cutoff: cutoff, halfWidth: halfWidth)
                weights[row + tap] = weight
                total += weight
            }
            // Each row sums to one, so a constant signal keeps its exact level.
            if total != 0 {
                for tap in 0..<tapCount { weights[row + tap] /= total }
            }
        }
        self.weights = weights
    }

    /// The ideal low-pass impulse response 2fc·sinc(2fc·d), tapered by a Blackman window.
    static func kernel(_ distance: Double, cutoff: Double, halfWidth: Double) -> Double {
        guard abs(distance) < halfWidth else { return 0 }
        let x = 2 * cutoff * distance
        let sinc = x == 0 ? 1 : sin(Double.pi * x) / (Double.pi * x)
        let w = distance / halfWidth   // -1 … 1
        let window = 0.42 + 0.5 * cos(Double.pi * w) + 0.08 * cos(2 * Double.pi * w)
        return 2 * cutoff * sinc * window
    }
}
