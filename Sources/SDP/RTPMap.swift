/// `a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]`
/// (RFC 8866 §6.6).
public struct RTPMap: Sendable, Hashable {
    public var payloadType: UInt8
    /// As written, e.g. `opus`, `PCMU`, `telephone-event`. Compare with
    /// `isEncoding(_:)`: encoding names are case-insensitive (RFC 4855 §3).
    public var encodingName: String
    /// In Hz, e.g. 48000 for Opus, 8000 for PCMU and (RFC 3551 §4.5.2) G722.
    public var clockRate: UInt32
    /// Audio channels; 1 when the attribute omits it.
    public var channels: UInt8

    public init(payloadType: UInt8, encodingName: String, clockRate: UInt32, channels: UInt8 = 1) {
        self.payloadType = payloadType
        self.encodingName = encodingName
        self.clockRate = clockRate
        self.channels = channels
    }

    /// Parses the value of an `a=rtpmap` attribute.
    public init?(attributeValue: String) {
        guard let (format, encoding) = attributeValue.trimmedSpaces.splitFirstSpace(),
              let payloadType = UInt8(format), payloadType < 128 else { return nil }
        let parts = encoding.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3,
              !parts[0].isEmpty,
              let clockRate = UInt32(parts[1]), clockRate > 0 else { return nil }
        var channels: UInt8 = 1
        if parts.count == 3 {
            guard let parsed = UInt8(parts[2]), parsed > 0 else { return nil }
            channels = parsed
        }
        self.init(payloadType: payloadType, encodingName: String(parts[0]),
                  clockRate: clockRate, channels: channels)
    }

    /// The attribute value; the channel count is written only when not 1.
    public var attributeValue: String {
        let base = "\(payloadType) \(encodingName)/\(clockRate)"
        return channels == 1 ? base : "\(base)/\(channels)"
    }

    /// Case-insensitive comparison of the encoding name.
    public func isEncoding(_ name: String) -> Bool {
        encodingName.lowercased() == name.lowercased()
    }

    /// RFC 3551 Table 4: audio payload types with a static meaning, usable
    /// without an `a=rtpmap` line.
    public static func staticPayloadType(_ payloadType: UInt8) -> RTPMap? {
        let entry: (String, UInt32, UInt8)
        switch payloadType {
        case 0: entry = ("PCMU", 8000, 1)
        case 3: entry = ("GSM", 8000, 1)
        case 4: entry = ("G723", 8000, 1)
        case 5: entry = ("DVI4", 8000, 1)
        case 6: entry = ("DVI4", 16000, 1)
        case 7: entry = ("LPC", 8000, 1)
        case 8: entry = ("PCMA", 8000, 1)
        case 9: entry = ("G722", 8000, 1)
        case 10: entry = ("L16", 44100, 2)
        case 11: entry = ("L16", 44100, 1)
        case 12: entry = ("QCELP", 8000, 1)
        case 13: entry = ("CN", 8000, 1)
        case 15: entry = ("G728", 8000, 1)
        case 16: entry = ("DVI4", 11025, 1)
        case 17: entry = ("DVI4", 22050, 1)
        case 18: entry = ("G729", 8000, 1)
        default: return nil
        }
        return RTPMap(payloadType: payloadType, encodingName: entry.0,
                      clockRate: entry.1, channels: entry.2)
    }
}
