/// Plays an IVR prompt — recorded audio, pauses and tones in sequence — into the
/// fixed-size frames a media path sends (160 samples per 20 ms at 8 kHz).
///
/// A value type driven by its caller, one frame per `fill`; it reads no clock and
/// allocates nothing while playing.
public struct PromptPlayback: Sendable {
    public enum Item: Sendable {
        /// Samples already at the playback rate (see `Resampler`).
        case audio([Int16])
        /// Silence.
        case silence(milliseconds: Int)
        /// A tone, played from the start of its cadence for the given time. It is
        /// generated at the playback rate whatever rate the value was made for.
        case tone(CadencedTone, milliseconds: Int)
    }

    public let sampleRate: Int
    /// Samples of every item together.
    public let totalSamples: Int

    private let items: [Item]
    /// Length of each item in samples.
    private let lengths: [Int]
    private var itemIndex = 0
    /// Samples of the current item already played.
    private var itemOffset = 0
    private var playedSamples = 0
    /// The current item's tone, advanced as it plays.
    private var tone: CadencedTone?

    /// - Parameter sampleRate: the rate of the frames `fill` writes (and of the audio items).
    public init(items: [Item], sampleRate: Int) {
        self.sampleRate = max(1, sampleRate)
        self.items = items
        let rate = self.sampleRate
        lengths = items.map { item in
            switch item {
            case .audio(let samples): samples.count
            case .silence(let ms), .tone(_, let ms): Self.samples(milliseconds: ms, sampleRate: rate)
            }
        }
        totalSamples = lengths.reduce(0) { $0.addingReportingOverflow($1).overflow ? Int.max : $0 + $1 }
        enterItem()
    }

    /// Whether every item has played (immediately so for an empty prompt).
    public var isFinished: Bool { itemIndex >= items.count }

    /// Time played so far, not counting the zero padding after the end.
    public var elapsedMilliseconds: Int { Self.milliseconds(samples: playedSamples, sampleRate: sampleRate) }

    /// Length of the whole prompt.
    public var durationMilliseconds: Int { Self.milliseconds(samples: totalSamples, sampleRate: sampleRate) }

    /// Writes the next `buffer.count` samples, zero-padded past the end.
    /// - Returns: true when the frame holds prompt audio — including the frame that
    ///   completes it — and false once the prompt had already finished (the frame is silence).
    public mutating func fill(_ buffer: UnsafeMutableBufferPointer<Int16>) -> Bool {
        guard !isFinished else {
            buffer.update(repeating: 0)
            return false
        }
        var written = 0
        while written < buffer.count, !isFinished {
            let count = min(buffer.count - written, lengths[itemIndex] - itemOffset)
            let slice = UnsafeMutableBufferPointer(rebasing: buffer[written..<(written + count)])
            switch items[itemIndex] {
            case .audio(let samples):
                samples.withUnsafeBufferPointer { source in
                    _ = slice.update(fromContentsOf: source[itemOffset..<(itemOffset + count)])
                }
            case .silence:
                slice.update(repeating: 0)
            case .tone:
                tone?.fill(slice)
            }
            written += count
            itemOffset += count
            playedSamples += count
            if itemOffset >= lengths[itemIndex] {
                itemIndex += 1
                itemOffset = 0
                enterItem()
            }
        }
        if written < buffer.count {
            UnsafeMutableBufferPointer(rebasing: buffer[written...]).update(repeating: 0)
        }
        return true
    }

    /// Skips empty items and starts the tone of a tone item.
    private mutating func enterItem() {
        while itemIndex < items.count, lengths[itemIndex] == 0 { itemIndex += 1 }
        tone = nil
        if itemIndex < items.count, case .tone(let given, _) = items[itemIndex] {
            tone = CadencedTone(frequencies: given.frequencies, cadenceMilliseconds: given.cadenceMilliseconds,
                                sampleRate: Double(sampleRate), amplitude: given.amplitude)
        }
    }

    /// Samples as whole milliseconds, rounded down; saturates instead of overflowing.
    static func milliseconds(samples: Int, sampleRate: Int) -> Int {
        let (product, overflow) = samples.multipliedReportingOverflow(by: 1000)
        return overflow ? Int.max : product / sampleRate
    }

    /// Duration in samples; negative durations are empty, huge ones saturate.
    static func samples(milliseconds: Int, sampleRate: Int) -> Int {
        guard milliseconds > 0 else { return 0 }
        let (product, overflow) = milliseconds.multipliedReportingOverflow(by: sampleRate)
        return overflow ? Int.max / 1000 : product / 1000
    }
}
