// Constructors for the attributes an answer or offer written by the gateway needs.

extension SDPAttribute {
    /// `a=rtpmap:<pt> <name>/<rate>[/<channels>]` (RFC 8866 §6.6)
    public static func rtpmap(_ map: RTPMap) -> SDPAttribute {
        SDPAttribute("rtpmap", map.attributeValue)
    }

    /// `a=fmtp:<pt> <parameters>` (RFC 8866 §6.15)
    public static func fmtp(payloadType: UInt8, parameters: String) -> SDPAttribute {
        SDPAttribute("fmtp", "\(payloadType) \(parameters)")
    }

    /// `a=sendrecv` and friends (RFC 8866 §6.7)
    public static func direction(_ direction: MediaDirection) -> SDPAttribute {
        SDPAttribute(direction.rawValue)
    }

    /// `a=mid:<tag>` (RFC 5888 §4)
    public static func mid(_ tag: String) -> SDPAttribute {
        SDPAttribute("mid", tag)
    }

    /// `a=group:<semantics> <mids>` (RFC 5888 §5), e.g. BUNDLE (RFC 8843 §7.1)
    public static func group(_ group: SDPGroup) -> SDPAttribute {
        SDPAttribute("group", group.attributeValue)
    }

    /// `a=ice-ufrag:<ufrag>` (RFC 8839 §5.4)
    public static func iceUfrag(_ ufrag: String) -> SDPAttribute {
        SDPAttribute("ice-ufrag", ufrag)
    }

    /// `a=ice-pwd:<pwd>` (RFC 8839 §5.4)
    public static func icePwd(_ pwd: String) -> SDPAttribute {
        SDPAttribute("ice-pwd", pwd)
    }

    /// `a=ice-lite` (RFC 8839 §5.3), session level
    public static let iceLite = SDPAttribute("ice-lite")

    /// `a=ice-options:<tokens>` (RFC 8839 §5.6)
    public static func iceOptions(_ options: [String]) -> SDPAttribute {
        SDPAttribute("ice-options", options.joined(separator: " "))
    }

    /// `a=candidate:<...>` (RFC 8839 §5.1)
    public static func candidate(_ candidate: ICECandidate) -> SDPAttribute {
        SDPAttribute("candidate", candidate.attributeValue)
    }

    /// `a=end-of-candidates` (RFC 8840 §8.2)
    public static let endOfCandidates = SDPAttribute("end-of-candidates")

    /// `a=fingerprint:<hash> <hex>` (RFC 8122 §5)
    public static func fingerprint(_ fingerprint: Fingerprint) -> SDPAttribute {
        SDPAttribute("fingerprint", fingerprint.attributeValue)
    }

    /// `a=setup:<role>` (RFC 4145 §4); answer `passive` to `actpass` (RFC 5763 §5)
    public static func setup(_ role: SetupRole) -> SDPAttribute {
        SDPAttribute("setup", role.rawValue)
    }

    /// `a=rtcp-mux` (RFC 5761 §5.1.1)
    public static let rtcpMux = SDPAttribute("rtcp-mux")

    /// `a=rtcp-rsize` (RFC 5506 §5)
    public static let rtcpReducedSize = SDPAttribute("rtcp-rsize")

    /// `a=ptime:<ms>` (RFC 8866 §6.4)
    public static func ptime(_ milliseconds: UInt32) -> SDPAttribute {
        SDPAttribute("ptime", "\(milliseconds)")
    }

    /// `a=maxptime:<ms>` (RFC 8866 §6.5)
    public static func maxptime(_ milliseconds: UInt32) -> SDPAttribute {
        SDPAttribute("maxptime", "\(milliseconds)")
    }

    /// `a=ssrc:<ssrc> <name>[:<value>]` (RFC 5576 §4.1)
    public static func ssrc(_ attribute: SSRCAttribute) -> SDPAttribute {
        SDPAttribute("ssrc", attribute.attributeValue)
    }

    /// `a=extmap:<id>[/<dir>] <uri>` (RFC 8285 §8)
    public static func extmap(_ map: ExtensionMap) -> SDPAttribute {
        SDPAttribute("extmap", map.attributeValue)
    }
}

extension MediaDescription {
    /// Appends a payload type to `formats` together with its `a=rtpmap` and,
    /// when given, its `a=fmtp`.
    public mutating func addFormat(_ map: RTPMap, fmtp parameters: String? = nil) {
        formats.append(String(map.payloadType))
        attributes.append(.rtpmap(map))
        if let parameters {
            attributes.append(.fmtp(payloadType: map.payloadType, parameters: parameters))
        }
    }
}
