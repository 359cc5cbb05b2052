import Config
import CoreTypes
import Foundation
import Gateway
import Media
import NIOCore
import RTP
import WebRTC

/// The media of one call: the browser leg (ICE-lite, DTLS-SRTP, Opus) on one UDP
/// port and, when bridged, the trunk leg (RTP, G.711 or G.722) on another.
///
/// All state is confined to `loop`; the public methods hop onto it. Work happens
/// per packet as it arrives (no media tick): browser Opus → decode at the trunk
/// codec's rate → G.711/G.722 → trunk, and trunk audio → Opus → SRTP → browser.
/// The echo test runs the same two transcoders back to back.
final class MediaSession: @unchecked Sendable {
    enum Mode { case echo, bridge }

    let key: String
    let loop: MediaEventLoop
    /// The browser side: replaced as a whole when a dropped browser comes back.
    var webLocal: WebLocalMedia
    let trunkPort: Int?
    var webSocket: MediaSocket
    let trunkLeg: TrunkLeg?
    var mode: Mode
    var offer: WebOffer
    private let clock: RuntimeClock
    let inbox: EngineInbox
    var release: @Sendable () -> Void

    // Loop-confined state.
    var ice: ICELiteAgent
    /// Answers the checks of the nominated pair without allocating (`answeredConsent`).
    var consentResponder: ConsentResponder
    var dtls: DTLSEndpoint
    var dtlsTimer: Scheduled<Void>?
    var srtp: SRTPSession?
    var browser: PeerAddress?
    var trunkCodec: TrunkCodec?
    private var toTrunk: BrowserToTrunkTranscoder?
    var toBrowser: TrunkToBrowserTranscoder?
    /// The loss the browser reports on the Opus it gets, which in-band FEC follows.
    var reportedLoss = OpusLossAdaptation()
    var browserOut: OutgoingStream
    var closed = false
    var ringback: ProgressTonePlayer?
    /// The hold tone while the trunk holds the call without sending anything, and the
    /// busy or congestion tone after a refusal (MediaSession+Tones.swift).
    var progressTone: ProgressTonePlayer?
    var playingHoldTone = false
    /// Whose ringback plays (`calls.tone_country`); set by the factory.
    var toneCountry = "US"
    var prompts: WebPromptPlayer?
    /// While the browser is away: what keeps the trunk's stream going.
    var hold: HoldAudio?
    /// The other browser of a relayed call (a web user and the agent who answered): Opus
    /// payloads go across untouched, each leg with its own SRTP keys and RTP header.
    var relayPeer: MediaSession?
    /// Digits for the browser as RFC 4733 events at 48 kHz (MediaSession+DTMF.swift), when
    /// its offer has telephone-event/48000.
    var browserEvents: RFC4733Sender?
    /// The timestamp of the last telephone-event seen from the browser: one digit per event.
    var lastBrowserEventTimestamp: UInt32?
    /// DTMF tones found in the trunk's audio (any call with a G.711/G.722 trunk leg), and in
    /// the browser's while the gateway itself answers it (prompts, menus).
    var trunkTones: InbandDigitListener?
    var browserTones: InbandDigitListener?
    /// Digits for a trunk whose method is `inband`: tones and the encoder that sends them.
    var toneSender: DTMFToneGenerator?
    var toneEncoder: PromptEncoder?
    /// ICE consent (RFC 7675): the last authenticated Binding request from the browser.
    let consentTimeout: TimeAmount
    var lastConsent = NIODeadline.now()
    private var consentWatch: MediaTimer?
    var consentLost = false
    /// In echo mode: whether the browser's audio comes back (false while a dialplan
    /// plays prompts and waits for keys, before its `echo` step).
    private var echoing: Bool
    /// RTCP with the browser (MediaSession+RTCP.swift); set at the end of `init`.
    var browserReports: LegRTCP!
    /// Gaps in the browser's Opus sequence numbers, for loss concealment.
    var browserLoss = SequenceGap()
    /// The trunk's silence, as its comfort-noise packets describe it (MediaSession+Loss.swift).
    var comfortNoise: ComfortNoiseGenerator?
    var comfortNoiseTicker: MediaTimer?
    /// The size of the trunk's last audio payload: how long its packets are.
    var lastTrunkPayloadBytes = 0
    /// Where packets to the browser are built (SRTP, SRTCP, STUN answers): the loop's.
    var outgoing: UnsafeMutableRawBufferPointer { loop.sendBuffer }

    init(key: String, loop: MediaEventLoop, mode: Mode, offer: WebOffer, webLocal: WebLocalMedia,
         webSocket: MediaSocket, trunkLeg: TrunkLeg?, dtls: DTLSEndpoint, clock: RuntimeClock,
         inbox: EngineInbox, echoAtOnce: Bool = true, consentTimeout: Duration = .seconds(15),
         release: @escaping @Sendable () -> Void) throws {
        self.key = key
        self.echoing = echoAtOnce
        self.consentTimeout = .nanoseconds(consentTimeout.nanosecondsClamped)
        self.loop = loop
        self.mode = mode
        self.offer = offer
        self.webLocal = webLocal
        self.webSocket = webSocket
        self.trunkLeg = trunkLeg
        self.trunkPort = trunkLeg?.port
        self.dtls = dtls
        self.clock = clock
        self.inbox = inbox
        self.release = release
        (self.ice, self.consentResponder) = Self.iceAnswerers(local: webLocal, offer: offer)
        var browserSequencer = RTPSequencer()
        browserSequencer.ssrc = webLocal.ssrc
        self.browserOut = OutgoingStream(browserSequencer)
        if mode == .echo {
            try useTrunkCodec(.pcmu)
        } else if let codec = trunkLeg?.codec {
            // A leg handed over mid-call (an agent taking a call) already runs its codec.
            try useTrunkCodec(codec)
        }
        trunkLeg?.onAudio = { [unowned self] payload in
            self.trunkTones?.listen(to: payload)
            self.stopComfortNoise()
            self.stopHoldTone()
            self.lastTrunkPayloadBytes = payload.count
            self.fromTrunk(payload)
        }
        trunkLeg?.onAudioLost = { [unowned self] packets in self.concealTrunkLoss(packets: packets) }
        trunkLeg?.onComfortNoise = { [unowned self] payload in self.startComfortNoise(payload) }
        // Timers and socket handlers hold the session strongly until `close` cancels and
        // closes them: a weak reference would move its reference count to a side table,
        // which every packet's retain and release then pays for.
        consentWatch = loop.every(.seconds(1), after: .seconds(1)) { self.checkConsent() }
        trunkLeg?.onDigit = { [unowned self] digit in
            self.inbox.post(.media(callKey: self.key, .dtmfFromTrunk(digit, .rfc4733)))
        }
        trunkLeg?.onSilence = { [unowned self] in self.inbox.post(.media(callKey: self.key, .trunkSilent)) }
        setUpQualityReports()
    }

    // MARK: Commands (any thread)

    /// Sends trunk audio to the address and codec the trunk's SDP selected.
    func connectTrunk(_ answer: TrunkSDP.Answer) {
        loop.execute {
            guard !self.closed else { return }
            self.trunkLeg?.connect(answer)
            if self.trunkCodec != answer.codec { try? self.useTrunkCodec(answer.codec) }
            self.followTrunkHold(answer)
        }
    }

    /// Queues digits for the trunk as RFC 4733 events.
    func sendDTMF(_ digits: String) {
        loop.execute {
            guard !self.closed else { return }
            self.trunkLeg?.queueDigits(digits)
        }
    }

    /// Starts or stops the gateway's ringback toward the browser.
    func playRingback(_ on: Bool) {
        loop.execute {
            guard !self.closed else { return }
            if on {
                if self.ringback == nil {
                    self.ringback = try? ProgressTonePlayer(loop: self.loop, tone: .ringback, country: self.toneCountry)
                }
                self.ringback?.start { [unowned self] opus in self.sendToBrowser(opus, samples: 960) }
            } else {
                self.ringback?.stop()
            }
        }
    }

    /// Plays a dialplan prompt to the browser; `.playbackFinished` is posted at its end.
    func play(_ playback: PromptPlayback) {
        loop.execute {
            guard !self.closed else { return }
            self.echoing = false
            if self.prompts == nil { self.prompts = try? WebPromptPlayer(loop: self.loop) }
            let key = self.key, inbox = self.inbox
            self.prompts?.play(playback, send: { [unowned self] opus in self.sendToBrowser(opus, samples: 960) },
                               finished: { inbox.post(.media(callKey: key, .playbackFinished)) })
        }
    }

    func stopPlayback() {
        loop.execute { self.prompts?.stop() }
    }

    /// A dialplan that played to the browser now dials out: browser and trunk legs are
    /// bridged from here on (the trunk leg was opened with the call and waited unused).
    func bridgeToTrunk() {
        loop.execute {
            guard !self.closed, self.trunkLeg != nil else { return }
            self.prompts?.stop()
            self.echoing = false
            self.mode = .bridge
        }
    }

    /// From now on the browser hears itself (the dialplan's `echo` step).
    func startEcho() {
        loop.execute {
            self.prompts?.stop()
            self.echoing = true
        }
    }

    func close() {
        loop.execute {
            guard !self.closed else { return }
            self.closed = true
            self.ringback?.stop()
            self.progressTone?.stop()
            self.prompts?.stop()
            self.hold?.stop()
            self.stopComfortNoise()
            self.consentWatch?.cancel()
            self.dtlsTimer?.cancel()
            self.browserReports.stop(goodbye: true)
            self.webSocket.close()
            self.trunkLeg?.close()
            self.relayPeer = nil
            self.release()
        }
    }

    /// Sets up transcoding for the trunk's codec; none for Opus, which is relayed.
    private func useTrunkCodec(_ codec: TrunkCodec) throws {
        trunkCodec = codec
        listenForTrunkTones(codec)
        guard let audio = TrunkAudioCodec(codec) else {
            toTrunk = nil
            toBrowser = nil
            return
        }
        toTrunk = try BrowserToTrunkTranscoder(trunkCodec: audio)
        toBrowser = try TrunkToBrowserTranscoder(trunkCodec: audio, expectedLossPercent: reportedLoss.percent)
    }

    // MARK: Browser leg (RFC 7983 demultiplexing on one port)

    /// One datagram on the browser's port, in the media loop's receive buffer (SRTP is
    /// removed in place there).
    func browserPacket(_ packet: UnsafeMutableRawBufferPointer, from source: PeerAddress) {
        guard !closed, let first = packet.first else { return }
        switch PacketDemux.classify(firstByte: first) {
        case .stun:
            if !answeredConsent(UnsafeRawBufferPointer(packet), from: source) { stunPacket(Array(packet), from: source) }
        case .dtls:
            // RFC 8842 §4 / DESIGN: DTLS only from the address ICE validated.
            guard let browser, browser == source else { return }
            dtlsPacket(Array(packet))
        case .rtp:
            guard let srtp, let browser, browser == source else { return }
            srtpPacket(packet, srtp: srtp)
        default:
            return
        }
    }

    /// A check on the nominated pair (RFC 7675 consent, every few seconds for the whole call)
    /// answered where it lies, allocating nothing; false sends it to the ICE agent (the
    /// first checks, another path, anything the quick check refuses).
    private func answeredConsent(_ packet: UnsafeRawBufferPointer, from source: PeerAddress) -> Bool {
        guard ice.isNominated, let browser, browser == source,
              let answer = source.withAddressBytes({ address, port in
                  consentResponder.answer(packet, address: address, port: port, into: outgoing)
              }) else { return false }
        webSocket.send(UnsafeRawBufferPointer(rebasing: outgoing[..<answer.length]), to: source)
        consentRenewed()
        return true
    }

    private func stunPacket(_ bytes: [UInt8], from source: PeerAddress) {
        let outcome = ice.handle(stun: bytes, from: Endpoint(host: source.host, port: source.port), now: clock.now)
        if case .respond(let response, _) = outcome {
            webSocket.send(response, to: source)
            consentRenewed()
        }
        if let selected = ice.selectedRemote, browser?.port != selected.port || browser?.host != selected.host {
            browser = PeerAddress(host: selected.host, port: selected.port)
        }
    }

    private func consentRenewed() {
        lastConsent = .now()
        if consentLost {
            // The path is back on the same leg: no resume is needed.
            consentLost = false
            hold?.stop()
            hold = nil
            inbox.post(.media(callKey: key, .webConsentRestored))
        }
    }

    private func dtlsPacket(_ bytes: [UInt8]) {
        let result = dtls.receive(bytes, now: clock.now)
        flushDTLS(result.datagrams)
        if srtp == nil, case .connected(let keys) = dtls.state {
            do {
                srtp = try SRTPSession(keyingMaterial: keys)
                browserReports.start()
                hold?.stop()
                hold = nil
                inbox.post(.media(callKey: key, .webConnected))
            } catch {
                inbox.post(.media(callKey: key, .webFailed(reason: "SRTP setup failed: \(error)")))
            }
        } else if case .failed(let error) = dtls.state {
            inbox.post(.media(callKey: key, .webFailed(reason: "\(error)")))
        } else if case .closed = dtls.state {
            inbox.post(.media(callKey: key, .webClosed))
        }
        armDTLSTimer()
    }

    private func flushDTLS(_ datagrams: [[UInt8]]) {
        guard let browser else { return }
        for datagram in datagrams { webSocket.send(datagram, to: browser) }
    }

    private func armDTLSTimer() {
        dtlsTimer?.cancel()
        guard let deadline = dtls.nextTimeout else { return }
        let delay = clock.delay(until: deadline)
        dtlsTimer = loop.scheduleTask(in: .nanoseconds(delay.nanosecondsClamped)) {
            guard !self.closed else { return }
            self.flushDTLS(self.dtls.handleTimeout(now: self.clock.now))
            self.armDTLSTimer()
        }
    }

    private func srtpPacket(_ packet: UnsafeMutableRawBufferPointer, srtp: SRTPSession) {
        guard packet.count >= 2, let base = packet.baseAddress else { return }
        if RTPPacketKind.classify(packet[0], packet[1]) == .rtcp {
            guard let length = try? srtp.unprotectRTCP(base, length: packet.count) else { return }
            browserReports.received(rtcp: UnsafeRawBufferPointer(start: base, count: length))
            return
        }
        guard let length = try? srtp.unprotectRTP(base, length: packet.count),
              let header = RTPHeader.parse(UnsafeRawBufferPointer(start: base, count: length))
        else { return }
        browserReports.received(header)
        let payload = UnsafeRawBufferPointer(start: base + header.headerLength, count: header.payloadLength)
        if header.payloadType == offer.opusPayloadType {
            fromBrowser(opus: payload, sequenceNumber: header.sequenceNumber)
        } else if header.payloadType == offer.telephoneEvent48kPayloadType
                    || header.payloadType == offer.telephoneEvent8kPayloadType {
            browserEvent(payload, timestamp: header.timestamp)
        }
    }

    private func fromBrowser(opus payload: UnsafeRawBufferPointer, sequenceNumber: UInt16) {
        guard hold == nil else { return }
        let lost = browserLoss.lost(before: sequenceNumber)
        // A packet older than one already played is too late to use.
        guard lost >= 0 else { return }
        if let relayPeer {
            relayPeer.relayed(opus: payload)
            return
        }
        if trunkCodec == .opus {
            // Both legs speak Opus: the payload is relayed as it came (RFC 7587), only the
            // RTP header is the trunk leg's own.
            guard let samples = try? OpusPacket.sampleCount(of: payload, sampleRate: 48000) else { return }
            trunkLeg?.send(payload, samples: UInt32(samples))
            return
        }
        guard let toTrunk else { return }
        let forward: (UnsafeRawBufferPointer) -> Void = { g711 in
            switch self.mode {
            case .bridge: self.sendToTrunk(g711)
            case .echo:
                if self.echoing { self.fromTrunk(g711) } else { self.browserTones?.listen(to: g711) }
            }
        }
        do {
            // Lost packets are rebuilt before this one: the last from this packet's in-band
            // FEC (RFC 6716 §2.1.7), earlier ones by Opus concealment, so the trunk hears no gap.
            if lost > 0 { try toTrunk.concealLoss(count: lost, nextPayload: payload, emit: forward) }
            try toTrunk.process(opusPayload: payload, emit: forward)
        } catch {
            // A payload libopus rejects is dropped; the stream goes on.
        }
    }

    // MARK: Trunk leg

    private func fromTrunk(_ payload: UnsafeRawBufferPointer) {
        if trunkCodec == .opus {
            guard let samples = try? OpusPacket.sampleCount(of: payload, sampleRate: 48000) else { return }
            sendToBrowser(payload, samples: UInt32(samples))
            return
        }
        guard let toBrowser else { return }
        do {
            try toBrowser.process(trunkPayload: payload) { opus in
                sendToBrowser(opus, samples: TrunkToBrowserTranscoder.rtpTimestampIncrement)
            }
        } catch {
            // Encoder errors drop one frame; the stream goes on.
        }
    }

    /// One Opus packet to the browser; `samples` is its length on the 48 kHz clock.
    func sendToBrowser(_ opus: UnsafeRawBufferPointer, samples: UInt32) {
        guard srtp != nil, browser != nil else { return }
        let (seq, ts, marker) = browserOut.next(samples: samples)
        // RFC 4733 §2.5.1.2: while a digit plays, its event packet takes the audio's slot.
        if let event = nextBrowserEvent(slotTimestamp: ts) {
            withUnsafeBytes(of: event.payload) { payload in
                writeToBrowser(payloadType: event.payloadType, sequence: seq, timestamp: event.timestamp,
                               marker: event.marker, payload: payload)
            }
            return
        }
        writeToBrowser(payloadType: offer.opusPayloadType, sequence: seq, timestamp: ts, marker: marker, payload: opus)
    }

    /// One SRTP packet on the browser's stream.
    func writeToBrowser(payloadType: UInt8, sequence: UInt16, timestamp: UInt32, marker: Bool,
                        payload: UnsafeRawBufferPointer) {
        guard let srtp, let browser else { return }
        let header = RTPHeader(payloadType: payloadType, sequenceNumber: sequence, timestamp: timestamp,
                               ssrc: browserOut.ssrc, marker: marker)
        let out = outgoing
        guard let base = out.baseAddress, 12 + payload.count + SRTPSession.maximumOverhead <= out.count else { return }
        let headerLength = header.write(to: out)
        UnsafeMutableRawBufferPointer(rebasing: out[headerLength...]).copyMemory(from: payload)
        guard let length = try? srtp.protectRTP(base, length: headerLength + payload.count, capacity: out.count) else {
            return
        }
        browserReports.sent(payloadBytes: payload.count, timestamp: timestamp)
        webSocket.send(UnsafeRawBufferPointer(rebasing: out[..<length]), to: browser)
    }

    private func sendToTrunk(_ frame: UnsafeRawBufferPointer) {
        guard let increment = toTrunk?.trunkTimestampIncrement else { return }
        // In-band digits take the place of the browser's audio while they play.
        if sendToneFrame(samples: increment) { return }
        trunkLeg?.send(frame, samples: increment)
    }
}

/// Who gives which ports back when a browser leg is replaced.
struct PortReleases: Sendable {
    /// The new browser port and the trunk's, when the call closes.
    let atClose: @Sendable () -> Void
    /// The replaced browser port, at once.
    let oldWeb: @Sendable () -> Void
    /// The new browser port alone, if the call closed before the swap.
    let newWeb: @Sendable () -> Void
}

extension TrunkAudioCodec {
    /// The transcoding pipeline's codec for the one the trunk's SDP selected; nil for
    /// Opus, which needs none.
    init?(_ codec: TrunkCodec) {
        switch codec {
        case .pcmu: self = .pcmu
        case .pcma: self = .pcma
        case .g722: self = .g722
        case .opus: return nil
        }
    }
}
