import Foundation

/// The two measurements `DTMFToneQualifier` makes on the 8 kHz history: how strong a key's
/// two tones are over a short window (to time the tone's edges), and whether each tone
/// sits within the frequency tolerance.
enum DTMFToneMeasure {
    static let sampleRate = 8000.0

    /// Length of the envelope window: 8 ms. Short enough to place a tone's edges to about
    /// a millisecond; long enough that the other group's tone (at least 268 Hz away, beyond
    /// the 250 Hz half-width of this Hann window's main lobe) hardly leaks in.
    static let envelopeWindow = 64

    /// Hann-weighted cosine and sine of each keypad frequency (rows, then columns) over
    /// the envelope window, scaled so a sine of peak amplitude A measures A.
    private static let kernels: [(cos: [Double], sin: [Double])] = {
        let window = hann(envelopeWindow)
        let scale = 2 / window.reduce(0, +)
        return (DTMFKeypad.rowFrequencies + DTMFKeypad.columnFrequencies).map { frequency in
            let omega = 2 * Double.pi * frequency / sampleRate
            let indices = 0..<envelopeWindow
            return (indices.map { scale * window[$0] * cos(omega * Double($0)) },
                    indices.map { scale * window[$0] * sin(omega * Double($0)) })
        }
    }()

    /// A symmetric Hann window with no zero end points: sin²(π(n + ½)/N).
    static func hann(_ length: Int) -> [Double] {
        (0..<length).map { index in
            let s = sin(Double.pi * (Double(index) + 0.5) / Double(length))
            return s * s
        }
    }

    /// Sum of the peak amplitudes of the key's row and column tones over the envelope
    /// window that ends just before `position` (samples `position - 64 ..< position`).
    ///
    /// For a tone switched on (or off) at time t, the value is half its steady value when
    /// the window ends at t + 32: the Hann window is symmetric, so half its weight then
    /// lies on the tone. The time between the two half-value points is the tone's duration.
    static func envelope(row: Int, column: Int, endingAt position: Int64, in history: SampleHistory) -> Double {
        let start = position - Int64(envelopeWindow)
        var total = 0.0
        for kernel in [kernels[row], kernels[DTMFKeypad.rowFrequencies.count + column]] {
            var real = 0.0
            var imaginary = 0.0
            for index in 0..<envelopeWindow {
                let sample = history[start + Int64(index)]
                real += sample * kernel.cos[index]
                imaginary += sample * kernel.sin[index]
            }
            total += (real * real + imaginary * imaginary).squareRoot()
        }
        return total
    }

    /// Whether a tone in `samples` lies within `tolerance` (a fraction) of `frequency`: its
    /// Hann-windowed power at `frequency` must be at least that at `frequency × (1 ± 2 × tolerance)`.
    ///
    /// A real window's spectrum has a magnitude symmetric about the tone and falling away
    /// from it across the main lobe, so a tone at f × (1 + x) measures more at f than at
    /// f × (1 + 2 × tolerance) exactly when x < tolerance (likewise below). The comparison
    /// holds while 2 × tolerance × f stays inside the main lobe (2 × 8000 / N Hz for N samples).
    static func isWithinTolerance(_ frequency: Double, tolerance: Double, samples: [Double]) -> Bool {
        let window = hann(samples.count)
        let weighted = zip(samples, window).map { $0 * $1 }
        let centre = power(at: frequency, of: weighted)
        return centre >= power(at: frequency * (1 - 2 * tolerance), of: weighted)
            && centre >= power(at: frequency * (1 + 2 * tolerance), of: weighted)
    }

    /// |DFT|² of `samples` at `frequency`, by the Goertzel recurrence.
    static func power(at frequency: Double, of samples: [Double]) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / sampleRate)
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = sample + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }
}
