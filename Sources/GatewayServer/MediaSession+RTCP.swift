import Media
import NIOCore
import RTP
import WebRTC

/// RTCP with the browser (SRTCP on the muxed port, RFC 5761 and RFC 3711 §3.4) and the
/// quality figures of both legs, which go to the engine after every report interval.
extension MediaSession {
    func setUpQualityReports() {
        browserReports = LegRTCP(kind: .browser, loop: loop, ssrc: browserOut.ssrc, clockRate: 48000, codec: .opus) {
            [unowned self] packet in self.sendBrowserRTCP(packet)
        }
        let key = self.key, inbox = self.inbox
        browserReports.onReport = { inbox.postQuality(callKey: key, $0) }
        // In-band FEC toward the browser follows the loss it reports (OpusLossAdaptation).
        browserReports.onFarEndLoss = { [unowned self] fractionLost in
            guard let percent = self.reportedLoss.reported(fractionLost: fractionLost) else { return }
            self.toBrowser?.expectLoss(percent: percent)
        }
        trunkLeg?.onQuality = { inbox.postQuality(callKey: key, $0) }
    }

    /// The limits both legs' quality warnings are raised at, and the country whose tones play.
    func configure(thresholds: QualityThresholds, toneCountry: String) {
        self.toneCountry = toneCountry
        browserReports.thresholds = thresholds
        trunkLeg?.useQualityThresholds(thresholds)
    }

    /// One SRTCP compound packet to the browser, once DTLS has keyed SRTP. (Reports stop
    /// with the call: the last one, with its BYE, is sent as it closes.)
    private func sendBrowserRTCP(_ packet: UnsafeRawBufferPointer) {
        guard let srtp, let browser else { return }
        let out = outgoing
        guard packet.count + SRTPSession.maximumOverhead <= out.count, let base = out.baseAddress else { return }
        out.copyMemory(from: packet)
        guard let length = try? srtp.protectRTCP(base, length: packet.count, capacity: out.count) else { return }
        webSocket.send(UnsafeRawBufferPointer(rebasing: out[..<length]), to: browser)
    }
}
