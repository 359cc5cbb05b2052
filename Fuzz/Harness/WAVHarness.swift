import Media

/// An IVR prompt file as an operator might upload it: parsed, resampled to the
/// trunk rate and played out in 20 ms frames, as the prompt loader and player do.
/// A parsed file written back as plain 16-bit mono PCM must parse to the same audio.
enum WAVHarness {
    /// Bounds the work per input; larger files are refused with `.tooLong`.
    static let maxSamples = 1 << 18

    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        let audio: WAVAudio
        do {
            audio = try WAVFile.parse(bytes, maxSamples: maxSamples)
        } catch {
            precondition(!error.description.isEmpty, "WAV error without a message")
            return .rejected
        }
        precondition((8000...48000).contains(audio.sampleRate), "sample rate outside 8000…48000")
        precondition(!audio.samples.isEmpty && audio.samples.count <= maxSamples, "sample count out of bounds")
        precondition((try? WAVFile.parse(canonical(audio))) == audio, "16-bit mono rewrite parsed differently")

        // Resampling cost grows with the input, so only the first 40 ms go through it.
        let head = Array(audio.samples.prefix(audio.sampleRate / 25))
        let resampled = Resampler.resample(head, from: audio.sampleRate, to: 8000)
        precondition(resampled.count == (head.count * 8000 + audio.sampleRate - 1) / audio.sampleRate,
                     "resampled length")

        var playback = PromptPlayback(items: [.audio(resampled), .silence(milliseconds: 30)], sampleRate: 8000)
        let frame = UnsafeMutableBufferPointer<Int16>.allocate(capacity: 160)
        defer { frame.deallocate() }
        var frames = 0
        while playback.fill(frame) { frames += 1 }
        precondition(frames == (resampled.count + 240 + 159) / 160, "frame count")
        precondition(playback.isFinished && playback.elapsedMilliseconds == playback.durationMilliseconds,
                     "playback did not finish")
        return .accepted
    }

    /// `audio` as a minimal WAV file: 16-bit PCM, mono.
    static func canonical(_ audio: WAVAudio) -> [UInt8] {
        func le16(_ value: Int) -> [UInt8] { [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)] }
        func le32(_ value: Int) -> [UInt8] { le16(value) + le16(value >> 16) }
        let data = audio.samples.flatMap { le16(Int($0)) }
        let format = le16(1) + le16(1) + le32(audio.sampleRate) + le32(audio.sampleRate * 2) + le16(2) + le16(16)
        let chunks = Array("fmt ".utf8) + le32(16) + format + Array("data".utf8) + le32(data.count) + data
        return Array("RIFF".utf8) + le32(4 + chunks.count) + Array("WAVE".utf8) + chunks
    }
}
