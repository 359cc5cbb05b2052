import CoreTypes
import Gateway
import Media
import NIOCore
import RTP

/// The RTP side of a call toward a trunk, on one event loop: the RTP socket and its
/// RTCP companion (port + 1, RFC 3550 §11), the accepted source (`TrunkSourceFilter`),
/// the outgoing stream (SSRC, sequence, timestamp), RFC 4733 digits in both
/// directions, hold, and the liveness watch: when neither RTP nor RTCP arrives for
/// `silenceTimeout` while the trunk says it sends, `onSilence` is called once.
/// RTCP reports go both ways (`LegRTCP`); each interval's figures reach `onQuality`.
final class TrunkLeg {
    let loop: MediaEventLoop
    let rtp: MediaSocket
    let rtcp: MediaSocket?
    var port: Int? { rtp.port }

    /// Audio payloads of the selected codec, as they arrive.
    var onAudio: ((UnsafeRawBufferPointer) -> Void)?
    /// This many audio packets went missing just before the next `onAudio` (a short gap,
    /// worth concealing; `SequenceGap`).
    var onAudioLost: ((Int) -> Void)?
    /// A comfort-noise packet (RFC 3389): the trunk suppresses silence until its next audio.
    var onComfortNoise: ((UnsafeRawBufferPointer) -> Void)?
    var onDigit: ((Character) -> Void)?
    var onSilence: (() -> Void)?
    var onQuality: ((QualityReport) -> Void)?

    private(set) var codec: TrunkCodec?
    /// The codec's payload type on the wire, as the SDP mapped it.
    private var audioPayloadType: UInt8?
    private var filter = TrunkSourceFilter()
    /// The source `filter` last accepted: packets from it skip the filter's host and port
    /// text, which would otherwise be formatted for every packet.
    private var acceptedSource: PeerAddress?
    private var destination: PeerAddress?
    private var out = OutgoingStream(RTPSequencer())
    private var farEndReceives = true
    private var farEndSends = true
    private var eventPayloadType: UInt8?
    private var receivedEventPayloadType: UInt8?
    private var comfortNoisePayloadType: UInt8?
    /// Sequence gaps of the trunk's stream (audio, events and comfort noise share it).
    private var sequenceGap = SequenceGap()
    private var remoteSSRC: UInt32?
    /// With `jitter_buffer_ms`: audio waits here and a 20 ms tick plays it (TrunkLeg+JitterBuffer.swift).
    let jitterBufferMilliseconds: Int?
    var jitterBuffer: JitterBuffer?
    var playoutTask: MediaTimer?
    private var dtmf = RFC4733Sender()
    private var lastEventTimestamp: UInt32?
    private let silenceTimeout: TimeAmount?
    private var lastHeard = NIODeadline.now()
    private var watch: MediaTimer?
    private var silenceReported = false
    /// Set at the end of `init` (its callbacks refer to the leg).
    private var reports: LegRTCP!
    /// Where the trunk's RTCP comes from (symmetric RTCP, RFC 4961); until then the RTP
    /// destination's port + 1 (RFC 3550 §11).
    private var rtcpSource: PeerAddress?

    init(loop: MediaEventLoop, rtp: MediaSocket, rtcp: MediaSocket?, silenceTimeout: Duration?, jitterBufferMilliseconds: Int? = nil) {
        self.loop = loop
        self.jitterBufferMilliseconds = jitterBufferMilliseconds
        self.rtp = rtp
        self.rtcp = rtcp
        self.silenceTimeout = silenceTimeout.map { .nanoseconds($0.nanosecondsClamped) }
        reports = LegRTCP(kind: .trunk, loop: loop, ssrc: out.ssrc, clockRate: 8000, codec: .g711) { [unowned self] packet in
            self.sendRTCP(packet)
        }
        reports.onReport = { [unowned self] report in
            var report = report
            report.quality.jitterBufferMilliseconds = self.jitterBuffer?.currentDelayMilliseconds
            self.onQuality?(report)
        }
    }

    /// Follows what the trunk's SDP selected; returns true when the codec changed.
    @discardableResult
    func connect(_ answer: TrunkSDP.Answer) -> Bool {
        filter.expect(host: answer.address, port: answer.port)
        acceptedSource = nil
        updateDestination()
        farEndReceives = answer.farEndReceives
        farEndSends = answer.farEndSends
        eventPayloadType = answer.telephoneEventPayloadType
        receivedEventPayloadType = answer.receivedEventPayloadType ?? answer.telephoneEventPayloadType
        comfortNoisePayloadType = answer.comfortNoisePayloadType
        audioPayloadType = answer.payloadType
        lastHeard = .now()
        startWatch()
        reports.start()
        guard codec != answer.codec else { return false }
        codec = answer.codec
        reports.use(clockRate: answer.codec.clockRate, codec: .trunk(answer.codec))
        startJitterBuffer(clockRate: answer.codec.clockRate)
        // Digits are timed on the codec's clock: 20 ms frames, 100 ms tones, 60 ms gaps.
        let clock = UInt32(answer.codec.clockRate)
        dtmf = RFC4733Sender(frameSamples: clock / 50, toneSamples: clock / 10, gapSamples: clock * 6 / 100)
        return true
    }

    /// The limits this leg's quality warnings are raised at.
    func useQualityThresholds(_ thresholds: QualityThresholds) {
        reports.thresholds = thresholds
    }

    /// Digits go as RFC 4733 events, when the trunk's SDP has telephone-event.
    func queueDigits(_ digits: String) {
        guard eventPayloadType != nil else { return }
        dtmf.enqueue(digits)
    }

    func close() {
        watch?.cancel()
        playoutTask?.cancel()
        reports.stop(goodbye: true)
        rtp.close()
        rtcp?.close()
    }

    // MARK: Receiving

    func rtpPacket(_ packet: UnsafeMutableRawBufferPointer, from source: PeerAddress) {
        guard codec != nil else { return }
        if source != acceptedSource {
            guard filter.acceptRTP(host: source.host, port: source.port) else { return }
            // The first packet latched the source (symmetric RTP): answers go there.
            acceptedSource = source
            updateDestination()
        }
        lastHeard = .now()
        let raw = UnsafeRawBufferPointer(packet)
        guard let header = RTPHeader.parse(raw) else { return }
        reports.received(header)
        if header.ssrc != remoteSSRC {
            remoteSSRC = header.ssrc
            sequenceGap.reset()
        }
        let payload = UnsafeRawBufferPointer(rebasing: raw[header.headerLength..<(header.headerLength + header.payloadLength)])
        if header.payloadType == audioPayloadType, jitterBuffer != nil {
            // Reordered and late packets are the jitter buffer's to sort out.
            jitterBuffer?.insert(header, payload: payload, arrivalNanoseconds: MediaClock.nanoseconds())
            return
        }
        // A duplicate, or a packet older than one already played, comes too late.
        let lost = sequenceGap.lost(before: header.sequenceNumber)
        guard lost >= 0 else { return }
        if header.payloadType == audioPayloadType {
            if lost > 0 { onAudioLost?(lost) }
            onAudio?(payload)
        } else if header.payloadType == receivedEventPayloadType {
            event(payload, timestamp: header.timestamp)
        } else if header.payloadType == comfortNoisePayloadType {
            onComfortNoise?(payload)
        }
    }

    /// RTCP proves the far end is alive (it goes on through hold and silence) and carries
    /// its reports on what it receives from the gateway.
    func rtcpPacket(_ packet: UnsafeMutableRawBufferPointer, from source: PeerAddress) {
        guard filter.acceptRTCP(host: source.host) else { return }
        lastHeard = .now()
        rtcpSource = source
        reports.received(rtcp: UnsafeRawBufferPointer(packet))
    }

    private func sendRTCP(_ packet: UnsafeRawBufferPointer) {
        guard let rtcp, let target = rtcpSource ?? rtcpBesideRTP() else { return }
        rtcp.send(packet, to: target)
    }

    /// RFC 4733 §2.5.2: all packets of one event share its timestamp; the digit is
    /// reported once, on the first packet seen for a new timestamp. Event codes that are not
    /// keys and end packets without a duration are ignored: no phantom digit from them.
    private func event(_ payload: UnsafeRawBufferPointer, timestamp: UInt32) {
        guard let event = TelephoneEvent.parse(payload), let digit = event.digit,
              !(event.isEnd && event.duration == 0), lastEventTimestamp != timestamp else { return }
        lastEventTimestamp = timestamp
        onDigit?(digit)
    }

    // MARK: Sending

    /// Sends one frame of the codec (or, while a digit plays, its event packet
    /// instead, RFC 4733 §2.5.1.2); `samples` is the frame's RTP clock length.
    func send(_ frame: UnsafeRawBufferPointer, samples: UInt32) {
        guard let destination, let payloadType = audioPayloadType else { return }
        guard farEndReceives else {
            // On hold: time passes on the stream's clock, no packets are sent (RFC 3550 §5.1).
            out.skip(samples: samples)
            return
        }
        let (seq, ts, marker) = out.next(samples: samples)
        let buffer = loop.sendBuffer
        let length: Int
        if let eventPT = eventPayloadType, let event = dtmf.next(slotTimestamp: ts) {
            let header = RTPHeader(payloadType: eventPT, sequenceNumber: seq, timestamp: event.timestamp,
                                   ssrc: out.ssrc, marker: event.marker)
            let n = header.write(to: buffer)
            buffer[n] = event.payload.0
            buffer[n + 1] = event.payload.1
            buffer[n + 2] = event.payload.2
            buffer[n + 3] = event.payload.3
            length = n + 4
            reports.sent(payloadBytes: 4, timestamp: ts)
        } else {
            let header = RTPHeader(payloadType: payloadType, sequenceNumber: seq, timestamp: ts,
                                   ssrc: out.ssrc, marker: marker)
            guard 12 + frame.count <= buffer.count else { return }
            let n = header.write(to: buffer)
            UnsafeMutableRawBufferPointer(rebasing: buffer[n...]).copyMemory(from: frame)
            length = n + frame.count
            reports.sent(payloadBytes: frame.count, timestamp: ts)
        }
        rtp.send(UnsafeRawBufferPointer(rebasing: buffer[..<length]), to: destination)
    }

    /// RFC 3550 §11: RTCP on the port above the RTP port the trunk named.
    private func rtcpBesideRTP() -> PeerAddress? {
        guard let destination else { return nil }
        return destination.with(port: destination.port + 1)
    }

    private func updateDestination() {
        guard let target = filter.destination else { return }
        if destination?.port != target.port || destination?.host != target.host {
            destination = PeerAddress(host: target.host, port: target.port)
        }
    }

    // MARK: Liveness

    private func startWatch() {
        guard watch == nil, let silenceTimeout else { return }
        // Held strongly until `close` (no weak reference: see MediaSession's timers).
        watch = loop.every(.seconds(1), after: .seconds(1)) {
            guard self.farEndSends, !self.silenceReported else { return }
            if NIODeadline.now() - self.lastHeard > silenceTimeout {
                self.silenceReported = true
                self.onSilence?()
            }
        }
    }
}
