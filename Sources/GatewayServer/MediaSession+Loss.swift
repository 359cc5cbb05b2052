import Media
import NIOCore
import RTP

/// What the browser hears when the trunk's audio has holes: lost packets concealed from
/// the audio before them (spandsp PLC), and the trunk's suppressed silence (RFC 3389
/// comfort noise) filled with noise of the level and colour it describes. On the loop.
extension MediaSession {
    /// `packets` audio packets went missing just before the next one: the same length of
    /// concealment goes to the browser first, so its stream has no gap.
    func concealTrunkLoss(packets: Int) {
        guard let toBrowser else { return }
        let frameBytes = toBrowser.trunkCodec.frameBytes
        // Packets are 20 ms unless the trunk sends other lengths; go by the last one seen.
        let packetBytes = lastTrunkPayloadBytes > 0 ? lastTrunkPayloadBytes : frameBytes
        let frames = max(1, (packets * packetBytes + frameBytes / 2) / frameBytes)
        try? toBrowser.concealLoss(frames: frames) { opus in
            sendToBrowser(opus, samples: TrunkToBrowserTranscoder.rtpTimestampIncrement)
        }
    }

    /// A comfort-noise packet: noise at its level every 20 ms until the trunk's next audio
    /// (or next CN packet, which updates it). One that does not parse is ignored.
    func startComfortNoise(_ payload: UnsafeRawBufferPointer) {
        guard let toBrowser, let parsed = try? ComfortNoisePayload(parsing: payload) else { return }
        if comfortNoise == nil {
            comfortNoise = try? ComfortNoiseGenerator(sampleRate: toBrowser.trunkCodec.sampleRate,
                                                      seed: UInt64.random(in: 1 ... .max))
        }
        comfortNoise?.update(parsed)
        guard comfortNoiseTicker == nil else { return }
        comfortNoiseTicker = loop.every(.milliseconds(20), after: .milliseconds(20)) {
            self.playComfortNoiseFrame()
        }
    }

    func stopComfortNoise() {
        comfortNoiseTicker?.cancel()
        comfortNoiseTicker = nil
    }

    private func playComfortNoiseFrame() {
        guard !closed, let toBrowser, let comfortNoise else { return }
        try? toBrowser.insertFrame({ comfortNoise.fill($0) }) { opus in
            sendToBrowser(opus, samples: TrunkToBrowserTranscoder.rtpTimestampIncrement)
        }
    }
}
