import SDP

/// SDP toward trunks: plain RTP/AVP with G.711 and RFC 4733 telephone-event
/// (RFC 3264 offer/answer).
public enum TrunkSDP {
    /// RFC 4733 telephone-event payload type offered to trunks.
    public static let telephoneEventPayloadType: UInt8 = 101
    /// telephone-event/48000, offered with Opus.
    public static let wideTelephoneEventPayloadType: UInt8 = 110
    /// Comfort noise (RFC 3389 §5: static payload type 13, CN/8000), offered with the
    /// 8 kHz-clocked codecs so a trunk that suppresses silence may say so.
    public static let comfortNoisePayloadType: UInt8 = 13

    /// The offer for an outgoing INVITE.
    public static func offer(address: String, port: Int, codecs: [TrunkCodec],
                             sessionID: UInt64, version: UInt64 = 1) -> String {
        let addressType = address.contains(":") ? "IP6" : "IP4"
        var lines = [
            "v=0",
            "o=- \(sessionID) \(version) IN \(addressType) \(address)",
            "s=-",
            "c=IN \(addressType) \(address)",
            "t=0 0",
            "m=audio \(port) RTP/AVP " + (codecs.map { String($0.payloadType) } + [String(telephoneEventPayloadType)]
                + (codecs.contains(.opus) ? [String(wideTelephoneEventPayloadType)] : [])
                + (offersComfortNoise(codecs) ? [String(comfortNoisePayloadType)] : [])).joined(separator: " "),
        ]
        for codec in codecs {
            lines.append("a=rtpmap:\(codec.payloadType) \(codec.rtpmapEncoding)")
            if codec == .opus { lines.append("a=fmtp:\(codec.payloadType) minptime=10;useinbandfec=1") }
        }
        lines.append("a=rtpmap:\(telephoneEventPayloadType) telephone-event/8000")
        lines.append("a=fmtp:\(telephoneEventPayloadType) 0-16")
        if codecs.contains(.opus) {
            // Opus runs on a 48 kHz clock, and so must its events (RFC 4733 §2.1).
            lines.append("a=rtpmap:\(wideTelephoneEventPayloadType) telephone-event/48000")
            lines.append("a=fmtp:\(wideTelephoneEventPayloadType) 0-16")
        }
        if offersComfortNoise(codecs) { lines.append("a=rtpmap:\(comfortNoisePayloadType) CN/8000") }
        lines.append("a=ptime:20")
        lines.append("a=sendrecv")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// What the trunk's answer selected.
    public struct Answer: Sendable, Equatable {
        public var address: String
        public var port: Int
        public var codec: TrunkCodec
        /// The payload type the codec has on the wire (differs from `codec.payloadType`
        /// when the far end maps Opus to another dynamic number).
        public var payloadType: UInt8
        public var telephoneEventPayloadType: UInt8?
        /// The payload type the far end's events are read from: `telephoneEventPayloadType`,
        /// else telephone-event at any other clock rate its SDP lists.
        public var receivedEventPayloadType: UInt8?
        /// The far end's comfort-noise payload type (RFC 3389), when its SDP has CN at the
        /// codec's clock rate.
        public var comfortNoisePayloadType: UInt8?
        /// False while the far end does not want our audio (it holds the call with
        /// `sendonly` or `inactive`, RFC 3264 §8.4): the gateway then sends no RTP.
        public var farEndReceives: Bool = true
        /// False while the far end says it sends nothing (`recvonly`, `inactive`): its
        /// silence is then no sign of a dead call.
        public var farEndSends: Bool = true

        public init(address: String, port: Int, codec: TrunkCodec, payloadType: UInt8? = nil,
                    telephoneEventPayloadType: UInt8?, farEndReceives: Bool = true, farEndSends: Bool = true) {
            self.address = address
            self.port = port
            self.codec = codec
            self.payloadType = payloadType ?? codec.payloadType
            self.telephoneEventPayloadType = telephoneEventPayloadType
            self.receivedEventPayloadType = telephoneEventPayloadType
            self.farEndReceives = farEndReceives
            self.farEndSends = farEndSends
        }
    }

    public enum AnswerError: Error, Equatable {
        case unparsable(String)
        case noAudio
        case noCommonCodec
        case noAddress
    }

    /// Reads the trunk's answer: the first audio stream, its address, and the first
    /// payload type in it that we offered (RFC 3264 §6.1).
    public static func parseAnswer(_ text: String, offered: [TrunkCodec]) -> Result<Answer, AnswerError> {
        let session: SessionDescription
        do {
            session = try SessionDescription.parse(text)
        } catch {
            return .failure(.unparsable("\(error)"))
        }
        guard let audio = session.media.first(where: { $0.mediaType == "audio" && $0.port != 0 }) else {
            return .failure(.noAudio)
        }
        guard let address = (audio.connection ?? session.connection)?.address else {
            return .failure(.noAddress)
        }
        // The first payload type of theirs that is a codec we offered (RFC 3264 §6.1).
        let chosen = audio.payloadTypes.lazy.compactMap { pt -> (TrunkCodec, UInt8)? in
            guard let map = audio.rtpMap(for: pt),
                  let codec = TrunkCodec(encodingName: map.encodingName, clockRate: Int(map.clockRate)),
                  offered.contains(codec) else { return nil }
            return (codec, pt)
        }.first
        guard let (codec, payloadType) = chosen else {
            return .failure(.noCommonCodec)
        }
        // RFC 4733 §2.1: events run on the audio codec's clock; only such are sent. Some
        // equipment lists them at another rate (telephone-event/16000 beside G.722, whose
        // RTP clock is 8000): those are still read, as only their code and end bit matter.
        let events = audio.rtpMaps.filter { $0.encodingName.lowercased() == "telephone-event" }
        let te = events.first { Int($0.clockRate) == codec.clockRate }
        let comfortNoise = audio.rtpMaps.first {
            $0.encodingName.lowercased() == "cn" && Int($0.clockRate) == codec.clockRate
        }
        let direction = audio.direction ?? session.direction ?? .sendrecv
        // A 0.0.0.0 connection address is the RFC 2543 way to hold (RFC 3264 §8.4).
        let held = address == "0.0.0.0" || address == "::"
        var answer = Answer(address: address, port: Int(audio.port), codec: codec, payloadType: payloadType,
                            telephoneEventPayloadType: te?.payloadType,
                            farEndReceives: direction.isReceiving && !held,
                            farEndSends: direction.isSending)
        answer.comfortNoisePayloadType = comfortNoise?.payloadType
        answer.receivedEventPayloadType = (te ?? events.first)?.payloadType
        return .success(answer)
    }
}

extension TrunkSDP {
    /// What a trunk's offer asks for, with the codec the gateway picks: the first
    /// payload type of the offer that the trunk is configured for (RFC 3264 §6.1).
    public struct Offer: Sendable, Equatable {
        public var remote: Answer
        /// The offered direction; `sendonly`/`inactive` puts the call on hold.
        public var direction: String
    }

    public static func parseOffer(_ text: String, supported: [TrunkCodec]) -> Result<Offer, AnswerError> {
        parseAnswer(text, offered: supported).map { answer in
            let session = try? SessionDescription.parse(text)
            let audio = session?.media.first { $0.mediaType == "audio" && $0.port != 0 }
            let direction = audio?.direction ?? session?.direction
            return Offer(remote: answer, direction: direction?.rawValue ?? "sendrecv")
        }
    }

    /// The gateway's answer to a trunk's offer: the chosen codec, telephone-event when
    /// the offer had it (with the offer's payload type, RFC 3264 §6.1), our address.
    public static func answer(to offer: Offer, address: String, port: Int, sessionID: UInt64,
                              version: UInt64 = 1) -> String {
        let addressType = address.contains(":") ? "IP6" : "IP4"
        let codec = offer.remote.codec
        let pt = offer.remote.payloadType
        var formats = [String(pt)]
        if let te = offer.remote.telephoneEventPayloadType { formats.append(String(te)) }
        if let cn = offer.remote.comfortNoisePayloadType { formats.append(String(cn)) }
        var lines = [
            "v=0",
            "o=- \(sessionID) \(version) IN \(addressType) \(address)",
            "s=-",
            "c=IN \(addressType) \(address)",
            "t=0 0",
            "m=audio \(port) RTP/AVP " + formats.joined(separator: " "),
            "a=rtpmap:\(pt) \(codec.rtpmapEncoding)",
        ]
        if let te = offer.remote.telephoneEventPayloadType {
            lines.append("a=rtpmap:\(te) telephone-event/\(codec.clockRate)")
            lines.append("a=fmtp:\(te) 0-16")
        }
        if let cn = offer.remote.comfortNoisePayloadType { lines.append("a=rtpmap:\(cn) CN/8000") }
        lines.append("a=ptime:20")
        lines.append("a=" + answerDirection(to: offer.direction))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// CN/8000 goes with G.711 and G.722 (RTP clock 8000); Opus has its own DTX instead.
    static func offersComfortNoise(_ codecs: [TrunkCodec]) -> Bool {
        codecs.contains { $0.clockRate == 8000 }
    }

    /// RFC 3264 §6.1: the answer's direction mirrors the offer's (hold: sendonly → recvonly).
    static func answerDirection(to offered: String) -> String {
        switch offered {
        case "sendonly": return "recvonly"
        case "recvonly": return "sendonly"
        case "inactive": return "inactive"
        default: return "sendrecv"
        }
    }
}
