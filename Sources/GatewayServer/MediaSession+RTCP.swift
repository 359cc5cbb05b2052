import Media
import NIOCore
import RTP
import WebRTC

/// RTCP with the browser (SRTCP on the muxed port, RFC 5761 and RFC 3711 §3.4) and the
/// quality figures of both legs, which go to the engine after every report interval.
extension MediaSession {
    func setUpQualityReports() {
        browserReports = LegRTCP(kind: .browser, loop: loop, ssrc: browserOut.ssrc, clockRate: 48000, codec: .opus) {
            [unowned self] packets in self.sendBrowserRTCP(packets)
        }
        let key = self.key, inbox = self.inbox
        browserReports.onReport = { inbox.post(.media(callKey: key, .quality($0))) }
        // In-band FEC toward the browser follows the loss it reports (OpusLossAdaptation).
        browserReports.onFarEndLoss = { [unowned self] fractionLost in
            guard let percent = self.reportedLoss.reported(fractionLost: fractionLost) else { return }
            self.toBrowser?.expectLoss(percent: percent)
        }
        trunkLeg?.onQuality = { inbox.post(.media(callKey: key, .quality($0))) }
    }

    /// The limits both legs' quality warnings are raised at, and the country whose tones play.
    func configure(thresholds: QualityThresholds, toneCountry: String) {
        self.toneCountry = toneCountry
        browserReports.thresholds = thresholds
        trunkLeg?.useQualityThresholds(thresholds)
    }

    /// One SRTCP compound packet to the browser, once DTLS has keyed SRTP.
    private func sendBrowserRTCP(_ packets: [RTCPPacket]) {
        guard let srtp, let browser, !closed || packets.contains(where: \.isGoodbye) else { return }
        let bytes = RTCPPacket.serializeCompound(packets)
        guard !bytes.isEmpty else { return }
        let out = outgoing.bytes
        guard bytes.count + SRTPSession.maximumOverhead <= out.count, let base = out.baseAddress else { return }
        out.copyBytes(from: bytes)
        guard let length = try? srtp.protectRTCP(base, length: bytes.count, capacity: out.count) else { return }
        webSocket.send(UnsafeRawBufferPointer(rebasing: out[..<length]), to: browser)
    }
}

extension RTCPPacket {
    var isGoodbye: Bool {
        if case .goodbye = self { return true }
        return false
    }
}
