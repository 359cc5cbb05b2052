internal import CSpanDSP

/// Finds DTMF key presses (`0-9 * # A-D`) in decoded 16-bit audio: in-band digits from a
/// trunk that sends them as tones.
///
/// spandsp's `dtmf_rx` does the detection: per block of 102 samples it measures the eight
/// keypad frequencies and checks the level, the twist between the two tones, that no other
/// frequency of either group comes close, and that the two tones carry most of the energy;
/// two agreeing blocks make a digit. Its settings here: twist accepted up to 8 dB either
/// way (the test set sends ±6 dB), tones below −38 dBm0 ignored, no dial-tone filter.
/// `DTMFToneQualifier` then measures each digit spandsp reports, and passes it on only when
/// the tone lasts at least 38 ms and both frequencies are within 2.5 % of Q.23's.
///
/// Each key press is reported once, as soon as it qualifies (42–43 ms after the tone
/// starts at 8 kHz, 43–44 ms at 16 kHz), however long the key is held. Audio at 16 kHz (G.722) is first halved to 8 kHz
/// by `HalfBandDecimator`.
///
/// Owns one spandsp receiver state, freed in `deinit`. Not thread-safe: use one instance
/// per stream from one thread at a time; it is `Sendable` only to be handed to that thread.
public final class DTMFDetector: @unchecked Sendable {
    /// The rates `init` accepts.
    public static let supportedSampleRates = [8000, 16000]
    /// spandsp's analysis block (DTMF_SAMPLES_PER_BLOCK in its dtmf.c): it reports digits
    /// only at block ends, so audio is handed over one block at a time and each report is
    /// handled before the next block arrives.
    static let spandspBlock = 102
    static let twistDB: Int32 = 8
    static let thresholdDBm0: Int32 = -38

    public let sampleRate: Int
    private let receiver: OpaquePointer
    private let reports = ReportBuffer()
    private var decimator: HalfBandDecimator?
    private var decimated: [Int16] = []
    private var qualifier = DTMFToneQualifier()
    /// False only in the test set, to measure what spandsp reports without the qualifier.
    private let qualifying: Bool
    private var positionInBlock = 0

    /// Codes spandsp's callback delivers while `dtmf_rx` runs: a key's ASCII code when it
    /// starts, 0 when it stops. A class so the C callback can reach it through an
    /// unretained pointer; the detector keeps it alive as long as the spandsp state.
    private final class ReportBuffer {
        var codes: [Int32] = []
    }

    /// - Throws: `.unsupportedSampleRate` for rates other than 8000 and 16000,
    ///   `.outOfMemory` when spandsp cannot allocate its state.
    public convenience init(sampleRate: Int) throws(DTMFError) {
        try self.init(sampleRate: sampleRate, qualifying: true)
    }

    init(sampleRate: Int, qualifying: Bool) throws(DTMFError) {
        guard Self.supportedSampleRates.contains(sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        guard let receiver = dtmf_rx_init(nil, nil, nil) else { throw .outOfMemory }
        self.sampleRate = sampleRate
        self.receiver = receiver
        self.qualifying = qualifying
        decimator = sampleRate == 16000 ? HalfBandDecimator() : nil
        dtmf_rx_parms(receiver, 0, Self.twistDB, Self.twistDB, Self.thresholdDBm0)
        dtmf_rx_set_realtime_callback(receiver, { context, code, _, _ in
            guard let context else { return }
            Unmanaged<ReportBuffer>.fromOpaque(context).takeUnretainedValue().codes.append(code)
        }, Unmanaged.passUnretained(reports).toOpaque())
    }

    deinit { dtmf_rx_free(receiver) }

    /// Analyses the next `samples` of the stream (at `sampleRate`) and calls `onDigit` for
    /// each key press that qualifies within them, in order.
    public func process(_ samples: UnsafeBufferPointer<Int16>, onDigit: (Character) -> Void) {
        guard decimator != nil else {
            analyse(samples, onDigit: onDigit)
            return
        }
        decimated.removeAll(keepingCapacity: true)
        decimator?.process(samples, into: &decimated)
        let narrow = decimated
        narrow.withUnsafeBufferPointer { analyse($0, onDigit: onDigit) }
    }

    /// The 8 kHz path: block by block through spandsp, then its reports through the qualifier.
    private func analyse(_ samples: UnsafeBufferPointer<Int16>, onDigit: (Character) -> Void) {
        guard let base = samples.baseAddress else { return }
        var offset = 0
        while offset < samples.count {
            let count = min(samples.count - offset, Self.spandspBlock - positionInBlock)
            let chunk = UnsafeBufferPointer(start: base + offset, count: count)
            qualifier.append(chunk)
            dtmf_rx(receiver, chunk.baseAddress, Int32(count))
            offset += count
            positionInBlock = (positionInBlock + count) % Self.spandspBlock

            for code in reports.codes {
                qualifier.end()
                guard let key = Self.key(code: code) else { continue }
                if !qualifying {
                    onDigit(key)
                } else if let digit = qualifier.begin(key) {
                    onDigit(digit)
                }
            }
            reports.codes.removeAll(keepingCapacity: true)
            if let digit = qualifier.advance() { onDigit(digit) }
        }
    }

    /// The keypad character of a spandsp report code, or nil for "tone ended" (0).
    private static func key(code: Int32) -> Character? {
        guard code > 0, code < 128, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
        return DTMFKeypad.key(Character(scalar))
    }
}
