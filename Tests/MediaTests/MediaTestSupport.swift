@testable import Media

/// Frames and packets collected from a pipeline's `emit` callback.
final class Collector {
    var packets: [[UInt8]] = []

    func add(_ bytes: UnsafeRawBufferPointer) { packets.append(Array(bytes)) }
}

/// A tone as consecutive frames of `frameSize` samples.
func toneFrames(frequency: Double, sampleRate: Double, frameSize: Int, count: Int, amplitude: Double = 0.5) -> [[Int16]] {
    var generator = SineGenerator(frequency: frequency, sampleRate: sampleRate, amplitude: amplitude)
    return (0..<count).map { _ in generator.samples(count: frameSize) }
}

/// Opus packets of a tone, as a browser (or a trunk-side encoder) would produce them.
func opusPackets(frequency: Double, sampleRate: Int32, channels: Int32 = 1, frameMilliseconds: Int,
                 count: Int, amplitude: Double = 0.5, bitrate: Int32 = 32000) throws -> [[UInt8]] {
    let encoder = try OpusEncoder(sampleRate: sampleRate, channels: channels, bitrate: bitrate)
    let frameSize = Int(sampleRate) * frameMilliseconds / 1000
    var generator = SineGenerator(frequency: frequency, sampleRate: Double(sampleRate), amplitude: amplitude)
    var packets: [[UInt8]] = []
    var out = [UInt8](repeating: 0, count: 4000)
    for _ in 0..<count {
        let mono = generator.samples(count: frameSize)
        let pcm = channels == 1 ? mono : mono.flatMap { [$0, $0] }
        let length = try pcm.withUnsafeBufferPointer { source in
            try out.withUnsafeMutableBytes { destination in
                try encoder.encode(source, into: destination)
            }
        }
        packets.append(Array(out[0..<length]))
    }
    return packets
}

/// Decodes G.711 frames back to PCM for measurement.
func decodeG711(_ frames: [[UInt8]], codec: G711Codec) -> [Int16] {
    frames.flatMap { frame in frame.map { codec.decode($0) } }
}

func relativeError(_ measured: Double, _ expected: Double) -> Double {
    abs(measured - expected) / expected
}
