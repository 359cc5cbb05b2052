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

/// Decodes trunk frames of any codec back to PCM at the codec's rate, with one decoder
/// for the whole stream (G.722 is stateful).
func decodeTrunk(_ frames: [[UInt8]], codec: TrunkAudioCodec) throws -> [Int16] {
    if let law = codec.g711 { return decodeG711(frames, codec: law) }
    let decoder = try G722Decoder()
    return frames.flatMap { frame in
        var pcm = [Int16](repeating: 0, count: frame.count * 2)
        let count = frame.withUnsafeBytes { codes in pcm.withUnsafeMutableBufferPointer { decoder.decode(codes, into: $0) } }
        return pcm[0..<count]
    }
}

/// Encodes PCM at the codec's rate as one continuous trunk stream.
func encodeTrunk(_ pcm: [Int16], codec: TrunkAudioCodec) throws -> [UInt8] {
    if let law = codec.g711 { return pcm.map { law.encode($0) } }
    let encoder = try G722Encoder()
    var out = [UInt8](repeating: 0, count: pcm.count / 2)
    let count = pcm.withUnsafeBufferPointer { source in out.withUnsafeMutableBytes { encoder.encode(source, into: $0) } }
    return Array(out[0..<count])
}

func relativeError(_ measured: Double, _ expected: Double) -> Double {
    abs(measured - expected) / expected
}
