import Foundation

/// Halves a stream's sample rate (16 kHz → 8 kHz), sample by sample across calls.
///
/// Keeping every other sample would fold everything between a quarter and half the input
/// rate (G.722's upper band, 4–8 kHz) down onto 0–4 kHz, where it would sit on the DTMF
/// frequencies. So each kept sample is first low-pass filtered: a 47-tap FIR filter, a sinc
/// with its cutoff at a quarter of the input rate shaped by a Blackman window. That makes it
/// a half-band filter (every second tap away from the centre is zero). Its response at a
/// 16 kHz input, computed from the taps: flat within 0.01 dB up to 3 kHz, −6 dB at 4 kHz,
/// at least 75 dB down from 5.2 kHz; so what folds onto the DTMF band (up to 1.7 kHz, from
/// 6.3 kHz and above) is gone (`DTMFDetectorTests` measures it). Delay: 23 input samples.
struct HalfBandDecimator: Sendable {
    /// Taps on each side of the centre tap.
    static let halfLength = 23
    static let tapCount = 2 * halfLength + 1

    /// h[k] = sin(π(k−M)/2) / (π(k−M)) × Blackman(k), normalised to a DC gain of 1.
    static let taps: [Double] = {
        let m = Double(halfLength)
        var taps = (0..<tapCount).map { index -> Double in
            let offset = Double(index) - m
            let sinc = offset == 0 ? 0.5 : sin(Double.pi * offset / 2) / (Double.pi * offset)
            let phase = Double.pi * offset / (m + 1)
            let blackman = 0.42 + 0.5 * cos(phase) + 0.08 * cos(2 * phase)
            return sinc * blackman
        }
        let sum = taps.reduce(0, +)
        for index in taps.indices { taps[index] /= sum }
        return taps
    }()

    /// The taps that are not zero, with their index: the centre and every odd offset from it.
    static let nonZeroTaps: [(index: Int, weight: Double)] = taps.enumerated()
        .filter { $0.offset == halfLength || ($0.offset - halfLength) % 2 != 0 }
        .map { (index: $0.offset, weight: $0.element) }

    /// The last `tapCount` input samples, each stored twice (at i and i + tapCount) so the
    /// window starting at `next` is always contiguous.
    private var ring = [Double](repeating: 0, count: 2 * tapCount)
    /// Where the next input sample goes; also the oldest sample of the current window.
    private var next = 0
    /// Whether the next input sample completes a pair and so yields an output sample.
    private var oddInput = false

    /// Appends the decimated samples of `input` to `output`: one per two input samples,
    /// counted over the whole stream, so odd-sized chunks lose nothing.
    mutating func process(_ input: UnsafeBufferPointer<Int16>, into output: inout [Int16]) {
        let taps = Self.nonZeroTaps
        for sample in input {
            let value = Double(sample)
            ring[next] = value
            ring[next + Self.tapCount] = value
            next = next + 1 == Self.tapCount ? 0 : next + 1
            oddInput.toggle()
            guard !oddInput else { continue }
            var sum = 0.0
            for tap in taps {
                sum += tap.weight * ring[next + tap.index]
            }
            output.append(Int16(clamping: Int(sum.rounded())))
        }
    }
}
