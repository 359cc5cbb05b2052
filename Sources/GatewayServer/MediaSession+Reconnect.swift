import Config
import Gateway
import NIOCore
import RTP
import WebRTC

/// A browser that drops off and comes back (docs/signaling.md, "Reconnecting"): hold audio
/// toward the trunk while it is away, ICE consent watching, and the two ways back — an ICE
/// restart of the same peer connection, or a whole new browser leg. On the call's loop.
extension MediaSession {
    /// The browser dropped off: its packets (if any still come) are ignored and `audio`
    /// goes to the trunk every 20 ms on the same RTP stream, so the phone hears a hold
    /// signal and the trunk's RTP timeout never fires. Ends when a new browser leg is keyed.
    func browserAway(audio: DisconnectAudio) {
        loop.execute {
            guard !self.closed, self.hold == nil, let trunkLeg = self.trunkLeg else { return }
            self.ringback?.stop()
            self.prompts?.stop()
            self.hold = HoldAudio(loop: self.loop, kind: audio, codec: { [unowned self] in self.trunkCodec }) { frame, samples in
                trunkLeg.send(frame, samples: samples)
            }
        }
    }

    /// An ICE restart (RFC 8445 §9) of the same peer connection: the browser keeps its DTLS
    /// association (same certificate fingerprint), so only ICE starts anew, on the same port,
    /// with new credentials; SRTP goes on. Nil when that is not possible (DTLS not up, or a
    /// different certificate: a new peer connection), and `replaceWeb` is the way.
    func restartICE(offer: WebOffer) async -> WebLocalMedia? {
        try? await loop.submit { () -> WebLocalMedia? in
            guard !self.closed, self.srtp != nil,
                  offer.fingerprint.algorithm.lowercased() == self.offer.fingerprint.algorithm.lowercased(),
                  offer.fingerprint.value.uppercased() == self.offer.fingerprint.value.uppercased() else { return nil }
            let credentials = ICELiteAgent.generateCredentials()
            var local = self.webLocal
            local.iceUfrag = credentials.ufrag
            local.icePwd = credentials.password
            self.webLocal = local
            self.offer = offer
            self.startICE(local: local, offer: offer)
            // Media keeps going to the last validated address until the new checks pick one.
            self.hold?.stop()
            self.hold = nil
            self.consentLost = false
            self.lastConsent = .now()
            return local
        }.get()
    }

    /// Replaces the browser leg (a resume after a drop, or an ICE restart): the old port
    /// closes; ICE, DTLS and SRTP start anew on `webSocket` with `offer`. The trunk leg and
    /// its RTP stream are untouched.
    func replaceWeb(offer: WebOffer, webLocal: WebLocalMedia, webSocket: MediaSocket, dtls: DTLSEndpoint,
                    ports: PortReleases) {
        loop.execute {
            let oldSocket = self.webSocket
            guard !self.closed else {
                // The call ended meanwhile (its ports are back already): only the new one is left.
                webSocket.close()
                ports.newWeb()
                return
            }
            self.dtlsTimer?.cancel()
            self.offer = offer
            self.webLocal = webLocal
            self.webSocket = webSocket
            self.dtls = dtls
            self.startICE(local: webLocal, offer: offer)
            self.srtp = nil
            self.browser = nil
            self.consentLost = false
            self.lastConsent = .now()
            var sequencer = RTPSequencer()
            sequencer.ssrc = webLocal.ssrc
            self.browserOut = OutgoingStream(sequencer)
            self.browserReports.restart(localSSRC: webLocal.ssrc)
            self.browserLoss.reset()
            self.release = ports.atClose
            oldSocket.close()
            ports.oldWeb()
        }
    }

    /// New ICE credentials (an ICE restart, a new peer connection): the agent and the quick
    /// consent answers both take them.
    func startICE(local: WebLocalMedia, offer: WebOffer) {
        (ice, consentResponder) = Self.iceAnswerers(local: local, offer: offer)
    }

    /// The ICE agent for these credentials, and the quick answers to consent checks with them.
    static func iceAnswerers(local: WebLocalMedia, offer: WebOffer) -> (ICELiteAgent, ConsentResponder) {
        let credentials = (local: ICECredentials(ufrag: local.iceUfrag, password: local.icePwd),
                           remote: ICECredentials(ufrag: offer.iceUfrag, password: offer.icePwd))
        return (ICELiteAgent(local: credentials.local, remote: credentials.remote),
                ConsentResponder(local: credentials.local, remote: credentials.remote))
    }

    /// Once media is up, a browser that stops sending consent checks has lost its path
    /// (network gone, port blocked); reported once until checks come back.
    func checkConsent() {
        guard !closed, srtp != nil, !consentLost, hold == nil, NIODeadline.now() - lastConsent > consentTimeout else { return }
        consentLost = true
        inbox.post(.media(callKey: key, .webConsentLost))
    }
}
