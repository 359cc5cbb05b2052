import Foundation
@testable import Media

/// Measurements for the concealment and comfort noise tests.
enum AudioMeasures {
    /// Power of `samples` inside `band`, summed over Hann-windowed blocks of `blockSize`
    /// (a power of two) with the `Spectrum` FFT: enough to compare bands with each other.
    static func bandPower(_ samples: [Int16], sampleRate: Double, band: ClosedRange<Double>,
                          blockSize: Int = 512) -> Double {
        var total = 0.0
        var start = 0
        while start + blockSize <= samples.count {
            var spectrum = Spectrum(size: blockSize)
            for index in 0..<blockSize {
                let window = 0.5 - 0.5 * cos(2 * Double.pi * Double(index) / Double(blockSize))
                spectrum.real[index] = Double(samples[start + index]) * window
            }
            spectrum.transform()
            for bin in 0...(blockSize / 2) where band.contains(Double(bin) * sampleRate / Double(blockSize)) {
                total += spectrum.power(bin)
            }
            start += blockSize
        }
        return total
    }

    /// The share of the power within `width` Hz of `frequency`, from one FFT of the
    /// largest power-of-two prefix of `samples`.
    static func powerShare(_ samples: [Int16], sampleRate: Double, near frequency: Double, width: Double) -> Double {
        var size = 1
        while size * 2 <= samples.count { size *= 2 }
        let prefix = Array(samples.prefix(size))
        let near = bandPower(prefix, sampleRate: sampleRate, band: (frequency - width)...(frequency + width), blockSize: size)
        let all = bandPower(prefix, sampleRate: sampleRate, band: 0...(sampleRate / 2), blockSize: size)
        return all > 0 ? near / all : 0
    }

    /// The repetition frequency of `samples`: the lag between `sampleRate / maximum` and
    /// `sampleRate / minimum` with the highest normalised autocorrelation. Suits a 20 ms
    /// frame of a low voice, where an FFT's bins would be too coarse.
    static func periodicFrequency(_ samples: [Int16], sampleRate: Double, minimum: Double, maximum: Double) -> Double? {
        let shortest = Int(sampleRate / maximum)
        let longest = min(Int(sampleRate / minimum), samples.count / 2)
        guard shortest >= 1, shortest <= longest else { return nil }
        var bestLag = 0
        var best = -Double.infinity
        for lag in shortest...longest {
            var product = 0.0, early = 0.0, late = 0.0
            for index in 0..<(samples.count - lag) {
                let a = Double(samples[index]), b = Double(samples[index + lag])
                product += a * b
                early += a * a
                late += b * b
            }
            let score = early > 0 && late > 0 ? product / (early * late).squareRoot() : -1
            if score > best { best = score; bestLag = lag }
        }
        return bestLag > 0 ? sampleRate / Double(bestLag) : nil
    }

    /// `count` frames of `frameSize` samples of a voice-like tone: `fundamental` and its
    /// harmonics up to `harmonics`, the n-th at 1/n of the first's amplitude.
    static func harmonicFrames(fundamental: Double, harmonics: Int, sampleRate: Double, frameSize: Int,
                               count: Int) -> [[Int16]] {
        var generators = (1...harmonics).map {
            SineGenerator(frequency: fundamental * Double($0), sampleRate: sampleRate, amplitude: 0.3 / Double($0))
        }
        return (0..<count).map { _ in
            (0..<frameSize).map { _ in
                var sum: Int32 = 0
                for index in generators.indices { sum += Int32(generators[index].next()) }
                return Int16(clamping: sum)
            }
        }
    }
}
