import Foundation

/// A pure tone source for tests, benchmarks and line checks.
///
/// Successive `fill` calls continue the waveform where the previous one stopped, so a tone
/// cut into 20 ms frames has no phase jumps at frame edges.
public struct SineGenerator: Sendable {
    public let frequency: Double
    public let sampleRate: Double
    /// Peak level as a fraction of full scale (0…1); 0.5 is about -9 dBFS RMS.
    public let amplitude: Double

    /// Position within the current cycle, 0 ..< 1. Kept in cycles rather than radians so
    /// rounding error does not accumulate over long runs.
    private var phase: Double = 0
    private let step: Double

    public init(frequency: Double, sampleRate: Double, amplitude: Double = 0.5) {
        self.frequency = frequency
        self.sampleRate = sampleRate
        self.amplitude = min(max(amplitude, 0), 1)
        step = sampleRate > 0 ? frequency / sampleRate : 0
    }

    /// The next sample.
    public mutating func next() -> Int16 {
        let value = sin(2 * Double.pi * phase) * amplitude * Double(Int16.max)
        phase += step
        phase -= phase.rounded(.down)
        return value.isFinite ? Int16(value.rounded()) : 0   // a NaN frequency gives silence
    }

    /// Overwrites every sample of `buffer` with the continuing tone.
    public mutating func fill(_ buffer: UnsafeMutableBufferPointer<Int16>) {
        for index in buffer.indices {
            buffer[index] = next()
        }
    }

    /// `count` samples of the continuing tone.
    public mutating func samples(count: Int) -> [Int16] {
        (0..<max(count, 0)).map { _ in next() }
    }
}
