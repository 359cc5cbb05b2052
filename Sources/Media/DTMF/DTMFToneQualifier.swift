/// Confirms or refuses each digit spandsp reports, on the two points its detector judges
/// only coarsely: how long the tone lasts, and how close its frequencies are to Q.23's.
///
/// spandsp decides per block of 102 samples (12.75 ms) and reports a digit after two
/// agreeing blocks, so tones from about 25 to 35 ms long are reported or not depending on
/// where they fall on the block grid; and its 102-sample filters are too broad (about 70 Hz
/// at half power) to tell a low-group tone 3.5 % (24 to 33 Hz) off frequency from one on it.
/// When spandsp reports a key, this measures the key's two tones in the recent samples:
/// - duration: the time between the two points where the tones' envelope crosses half its
///   peak (`DTMFToneMeasure.envelope`, every millisecond, crossings interpolated between
///   steps); a key counts once its tone has lasted `minimumToneSamples`, and is refused if
///   it stops sooner;
/// - frequency: each tone within ±`frequencyTolerance` of its nominal frequency, midway
///   between the ±1.5 % receivers must accept and the ±3.5 % they must refuse (the usual
///   figures of ITU-T Q.24's national tables).
///
/// A key accepted stays tracked until its envelope falls below half its peak, so spandsp
/// re-reporting it after a dropout within one continuous tone does not count twice.
struct DTMFToneQualifier: Sendable {
    /// 38 ms: tones under 40 ms are not key presses, and 40 ms ones (the shortest most
    /// receivers must accept) are; the measurement can be a millisecond or two off, so the
    /// line sits just below 40. Measured on clean tones: 37 ms and shorter never count,
    /// 38 ms four times in ten, 39 ms 95 %, 40 ms always (docs/performance.md).
    static let minimumToneSamples = 38 * 8
    static let frequencyTolerance = 0.025
    /// Envelope step: 1 ms.
    static let hop = 8
    /// How far before spandsp's report the tone's start is looked for: six of its blocks,
    /// more than it ever takes to report a tone that is there from the start.
    static let lookbackSamples = 6 * 102
    /// Samples judged for frequency: 20 ms, whose 100 Hz main lobe half-width covers the
    /// 82 Hz comparison offset of the highest tone (5 % of 1633 Hz).
    static let frequencyWindow = 160

    private(set) var history = SampleHistory(capacity: 1024)
    private var tracked: Tracked?

    private struct Tracked {
        var key: Character
        var row: Int
        var column: Int
        /// Envelope values every `hop` samples; the first one's window ends at `firstPosition`.
        var envelope: [Double] = []
        var firstPosition: Int64
        /// Where spandsp's two agreeing blocks began: the tone's peak is looked for from
        /// there on, so the tail of an earlier tone in the look-back cannot be taken for it.
        var peakSearchPosition: Int64
        /// True once reported: then only the envelope's fall is watched.
        var accepted = false
        var peak = 0.0

        var nextPosition: Int64 { firstPosition + Int64(envelope.count * DTMFToneQualifier.hop) }
    }

    mutating func append(_ samples: UnsafeBufferPointer<Int16>) {
        history.append(samples)
    }

    /// spandsp reports `key` starting, at the newest sample. Returns the key if it
    /// qualifies at once (its tone began long enough ago), else keeps watching it.
    mutating func begin(_ key: Character) -> Character? {
        if let tracked, tracked.accepted, tracked.key == key { return nil }   // the same tone, still on
        guard let (row, column) = DTMFKeypad.position(of: key) else { tracked = nil; return nil }
        let first = max(Int64(DTMFToneMeasure.envelopeWindow), history.count - Int64(Self.lookbackSamples))
        tracked = Tracked(key: key, row: row, column: column, firstPosition: first,
                          peakSearchPosition: history.count - 2 * 102)
        return advance()
    }

    /// spandsp reports the key over, or replaced by another: a key not yet accepted is dropped.
    mutating func end() {
        if tracked?.accepted == false { tracked = nil }
    }

    /// Measures the envelope up to the newest sample; returns the watched key when it
    /// qualifies.
    mutating func advance() -> Character? {
        guard var tone = tracked else { return nil }
        tracked = nil   // put back below unless the tone is finished with
        while tone.nextPosition <= history.count {
            let value = DTMFToneMeasure.envelope(row: tone.row, column: tone.column,
                                                 endingAt: tone.nextPosition, in: history)
            if tone.accepted {
                // A reported tone is only watched for its end: one value at a time.
                if value < tone.peak / 2 { return nil }
                tone.peak = max(tone.peak, value)
                tone.firstPosition += Int64(Self.hop)
            } else {
                tone.envelope.append(value)
            }
        }
        if tone.accepted {
            tracked = tone
            return nil
        }
        switch judge(tone) {
        case .waiting:
            tracked = tone
            return nil
        case .refused:
            return nil
        case .accepted(let peak):
            tone.accepted = true
            tone.peak = peak
            tone.firstPosition = tone.nextPosition
            tone.envelope = []
            tracked = tone
            return tone.key
        }
    }

    private enum Judgement { case waiting, refused, accepted(peak: Double) }

    /// The run of envelope values at or above half the peak, around the peak, is the tone.
    private func judge(_ tone: Tracked) -> Judgement {
        let values = tone.envelope
        let searchFrom = Int(max(0, (tone.peakSearchPosition - tone.firstPosition) / Int64(Self.hop)))
        guard searchFrom < values.count, let peak = values[searchFrom...].max(), peak > 0,
              let top = values[searchFrom...].firstIndex(of: peak) else { return .waiting }
        let half = peak / 2
        let start = (values[..<top].lastIndex { $0 < half } ?? -1) + 1
        let end = values[top...].firstIndex { $0 < half }
        // Half-value crossings placed between envelope steps by linear interpolation; a tone
        // still sounding has lasted at least until the newest value.
        var rise = Double(start)
        if start > 0 { rise -= (values[start] - half) / (values[start] - values[start - 1]) }
        var fall = Double(values.count - 1)
        if let end { fall = Double(end - 1) + (values[end - 1] - half) / (values[end - 1] - values[end]) }
        guard (fall - rise) * Double(Self.hop) >= Double(Self.minimumToneSamples) else {
            return end == nil ? .waiting : .refused
        }

        // The window's last 20 ms lie on the tone: it ends half an envelope window before
        // the last value above half (where the tone still filled the envelope window's
        // centre), less a step for safety.
        let last = tone.firstPosition + Int64(((end ?? values.count) - 1) * Self.hop)
        let toneEnd = last - Int64(DTMFToneMeasure.envelopeWindow / 2) - Int64(Self.hop)
        let samples = (0..<Self.frequencyWindow).map { history[toneEnd - Int64(Self.frequencyWindow) + Int64($0)] }
        let frequencies = [DTMFKeypad.rowFrequencies[tone.row], DTMFKeypad.columnFrequencies[tone.column]]
        let inTolerance = frequencies.allSatisfy {
            DTMFToneMeasure.isWithinTolerance($0, tolerance: Self.frequencyTolerance, samples: samples)
        }
        return inTolerance ? .accepted(peak: peak) : .refused
    }
}
