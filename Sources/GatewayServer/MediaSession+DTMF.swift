import Gateway
import Media
import NIOCore
import RTP

/// DTMF on the browser leg: RFC 4733 events from the browser's RTCDTMFSender are reported
/// once per key press, and digits for the browser go as RFC 4733 events on its stream (as
/// well as the signaling `dtmf` message the engine sends).
extension MediaSession {
    /// An event packet to send in place of this slot's audio, with its payload type.
    struct BrowserEventPacket {
        let payloadType: UInt8
        let payload: (UInt8, UInt8, UInt8, UInt8)
        let timestamp: UInt32
        let marker: Bool
    }

    /// Queues digits for the browser as RFC 4733 events. Only at 48 kHz: the events then
    /// share the Opus stream's clock (RFC 4733 §2.1: same SSRC and timestamp space); a
    /// browser that offered telephone-event/8000 only gets the signaling message.
    func sendDigitsToBrowser(_ digits: String) {
        loop.execute {
            guard !self.closed, self.offer.telephoneEvent48kPayloadType != nil else { return }
            if self.browserEvents == nil {
                // 20 ms slots, 100 ms tones and 60 ms gaps on the 48 kHz clock.
                self.browserEvents = RFC4733Sender(frameSamples: 960, toneSamples: 4800, gapSamples: 2880)
            }
            self.browserEvents?.enqueue(digits)
        }
    }

    func nextBrowserEvent(slotTimestamp: UInt32) -> BrowserEventPacket? {
        guard var sender = browserEvents, sender.isBusy, let payloadType = offer.telephoneEvent48kPayloadType else {
            return nil
        }
        let packet = sender.next(slotTimestamp: slotTimestamp)
        browserEvents = sender
        return packet.map { BrowserEventPacket(payloadType: payloadType, payload: $0.payload,
                                               timestamp: $0.timestamp, marker: $0.marker) }
    }

    /// RFC 4733 §2.5.2: the packets of one event share its start timestamp; the digit is
    /// reported once, on the first packet of a new timestamp. Event codes beyond 15 (not
    /// keys) and end packets without a duration are ignored, so no phantom digit comes of
    /// a malformed packet.
    func browserEvent(_ payload: UnsafeRawBufferPointer, timestamp: UInt32) {
        guard let event = TelephoneEvent.parse(payload), let digit = event.digit,
              !(event.isEnd && event.duration == 0), lastBrowserEventTimestamp != timestamp else { return }
        lastBrowserEventTimestamp = timestamp
        inbox.post(.media(callKey: key, .dtmfFromBrowser(digit, .rfc4733)))
    }

    /// Starts listening for tones in the trunk's audio once its codec is known; in echo mode
    /// (the gateway answers the browser) the browser's audio, decoded to μ-law, is listened to.
    func listenForTrunkTones(_ codec: TrunkCodec) {
        let key = self.key, inbox = self.inbox
        if mode == .echo {
            browserTones = InbandDigitListener(codec: .pcmu) { inbox.post(.media(callKey: key, .dtmfFromBrowser($0, .inband))) }
        }
        guard trunkLeg != nil else { return }
        trunkTones = InbandDigitListener(codec: codec) { inbox.post(.media(callKey: key, .dtmfFromTrunk($0, .inband))) }
    }

    /// Queues digits as tones in the audio toward the trunk (its `dtmf: inband`, or `auto`
    /// without telephone-event): 100 ms tones, 60 ms gaps, at the trunk codec's rate.
    func sendInbandDTMF(_ digits: String) {
        loop.execute {
            guard !self.closed, let codec = self.trunkCodec, codec != .opus else { return }
            if self.toneEncoder == nil { self.toneEncoder = try? PromptEncoder(codec) }
            guard let encoder = self.toneEncoder else { return }
            if self.toneSender == nil { self.toneSender = DTMFToneGenerator(sampleRate: encoder.sampleRate) }
            self.toneSender?.enqueue(digits)
        }
    }

    /// Sends the next frame of in-band digits instead of the audio; false when none is playing.
    func sendToneFrame(samples: UInt32) -> Bool {
        guard var sender = toneSender, !sender.isIdle, let encoder = toneEncoder, let trunkLeg else { return false }
        _ = encoder.fill { sender.fill($0) }
        toneSender = sender
        encoder.withFrame { frame, increment in trunkLeg.send(frame, samples: increment) }
        return true
    }
}
