import Foundation

/// Measurements used to prove audio survives a path: which frequency dominates, and how loud.
public enum ToneAnalysis {
    /// The frequency of the strongest spectral peak, in Hz, or nil when there are fewer
    /// than 16 samples or no energy in `range`.
    ///
    /// Uses up to 32768 samples from the start of `samples`: a Hann-windowed FFT finds the
    /// peak bin, then Gaussian interpolation of its neighbours places the peak to a
    /// small fraction of a bin (1 s at 8 kHz: bins of 0.98 Hz, error well under 0.5 Hz).
    ///
    /// - Parameter range: frequencies to search; defaults to 20 Hz up to Nyquist.
    public static func dominantFrequency(samples: UnsafeBufferPointer<Int16>, sampleRate: Double,
                                         in range: ClosedRange<Double>? = nil) -> Double? {
        var size = 1
        while size * 2 <= min(samples.count, 32768) { size *= 2 }
        guard size >= 16, sampleRate > 0 else { return nil }

        var spectrum = Spectrum(size: size)
        for index in 0..<size {
            let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(size))
            spectrum.real[index] = Double(samples[index]) * window
        }
        spectrum.transform()

        let binWidth = sampleRate / Double(size)
        let search = range ?? 20...(sampleRate / 2)
        let lowest = max(1, Int((search.lowerBound / binWidth).rounded(.up)))
        let highest = min(size / 2 - 1, Int((search.upperBound / binWidth).rounded(.down)))
        guard lowest <= highest else { return nil }

        var peak = lowest
        var peakPower = 0.0
        for bin in lowest...highest {
            let power = spectrum.power(bin)
            if power > peakPower { peakPower = power; peak = bin }
        }
        guard peakPower > 0 else { return nil }

        // Gaussian interpolation: fit a parabola through the log powers around the peak.
        let left = log(max(spectrum.power(peak - 1), .leastNormalMagnitude))
        let centre = log(peakPower)
        let right = log(max(spectrum.power(peak + 1), .leastNormalMagnitude))
        let curvature = left - 2 * centre + right
        let offset = curvature < 0 ? 0.5 * (left - right) / curvature : 0
        return (Double(peak) + max(-0.5, min(0.5, offset))) * binWidth
    }

    public static func dominantFrequency(samples: [Int16], sampleRate: Double,
                                         in range: ClosedRange<Double>? = nil) -> Double? {
        samples.withUnsafeBufferPointer { dominantFrequency(samples: $0, sampleRate: sampleRate, in: range) }
    }

    /// Root-mean-square level in dBFS, relative to a full-scale square wave: a full-scale
    /// sine reads -3.01 dBFS. Silence (or no samples) reads -infinity.
    public static func rmsLevel(samples: UnsafeBufferPointer<Int16>) -> Double {
        guard !samples.isEmpty else { return -.infinity }
        var sum = 0.0
        for sample in samples {
            let value = Double(sample)
            sum += value * value
        }
        let rms = (sum / Double(samples.count)).squareRoot()
        return rms > 0 ? 20 * log10(rms / 32768) : -.infinity
    }

    public static func rmsLevel(samples: [Int16]) -> Double {
        samples.withUnsafeBufferPointer { rmsLevel(samples: $0) }
    }

    /// Amplitude of one frequency component as a fraction of full scale (a sine of peak
    /// amplitude 0.5 reads about 0.5), by the Goertzel algorithm over all samples.
    /// Useful for checking that a specific tone is present, or absent, in a mix.
    public static func toneAmplitude(frequency: Double, samples: UnsafeBufferPointer<Int16>,
                                     sampleRate: Double) -> Double {
        guard !samples.isEmpty, sampleRate > 0 else { return 0 }
        let omega = 2 * Double.pi * frequency / sampleRate
        let coefficient = 2 * cos(omega)
        var previous = 0.0
        var beforePrevious = 0.0
        for sample in samples {
            let current = Double(sample) / 32768 + coefficient * previous - beforePrevious
            beforePrevious = previous
            previous = current
        }
        let power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
        return 2 * max(power, 0).squareRoot() / Double(samples.count)
    }

    public static func toneAmplitude(frequency: Double, samples: [Int16], sampleRate: Double) -> Double {
        samples.withUnsafeBufferPointer { toneAmplitude(frequency: frequency, samples: $0, sampleRate: sampleRate) }
    }
}
