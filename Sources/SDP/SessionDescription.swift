/// A complete SDP body (RFC 8866): session-level fields followed by media sections.
///
/// Parse with `SessionDescription.parse(_:)`, write with `serialize()`. Unknown
/// attributes and unknown line types are kept, so a description survives a
/// parse/serialize round trip unchanged apart from line endings and field order.
public struct SessionDescription: Sendable, Hashable {
    /// Refuse bodies larger than this (bytes of UTF-8). Real offers are a few KiB.
    public static let maximumSize = 64 * 1024
    /// Refuse bodies with more `m=` sections than this.
    public static let maximumMediaSections = 64

    /// `v=`; always 0 (RFC 8866 §5.1).
    public var version: Int
    /// `o=`
    public var origin: SDPOrigin
    /// `s=`; RFC 8866 §5.3 asks for `-` when there is no name.
    public var sessionName: String
    /// `i=`
    public var information: String?
    /// `u=`
    public var uri: String?
    /// `e=` lines
    public var emails: [String]
    /// `p=` lines
    public var phones: [String]
    /// Session-level `c=`; media sections without their own use it.
    public var connection: SDPConnection?
    /// Session-level `b=` lines
    public var bandwidths: [SDPBandwidth]
    /// `t=` lines with their `r=` lines. Never empty after parsing: a missing
    /// `t=` reads as `t=0 0`.
    public var timings: [SDPTiming]
    /// `z=`
    public var timeZones: String?
    /// `k=` (obsolete, RFC 8866 §5.12; kept only to relay it)
    public var encryptionKey: String?
    /// Session-level `a=` lines in order.
    public var attributes: [SDPAttribute]
    /// Session-level lines of unknown type, in order.
    public var unknownFields: [SDPUnknownField]
    /// `m=` sections in order.
    public var media: [MediaDescription]

    public init(
        origin: SDPOrigin,
        sessionName: String = "-",
        information: String? = nil,
        uri: String? = nil,
        emails: [String] = [],
        phones: [String] = [],
        connection: SDPConnection? = nil,
        bandwidths: [SDPBandwidth] = [],
        timings: [SDPTiming] = [SDPTiming()],
        timeZones: String? = nil,
        encryptionKey: String? = nil,
        attributes: [SDPAttribute] = [],
        unknownFields: [SDPUnknownField] = [],
        media: [MediaDescription] = []
    ) {
        self.version = 0
        self.origin = origin
        self.sessionName = sessionName
        self.information = information
        self.uri = uri
        self.emails = emails
        self.phones = phones
        self.connection = connection
        self.bandwidths = bandwidths
        self.timings = timings
        self.timeZones = timeZones
        self.encryptionKey = encryptionKey
        self.attributes = attributes
        self.unknownFields = unknownFields
        self.media = media
    }
}

// MARK: - Session-level attributes and fallbacks

extension SessionDescription {
    /// Values of every session-level attribute with this name (case-insensitive).
    public func attributeValues(named name: String) -> [String] {
        attributes.values(named: name)
    }

    /// Whether a session-level attribute with this name is present.
    public func hasAttribute(named name: String) -> Bool {
        attributes.contains { $0.hasName(name) }
    }

    /// Session-level direction attribute, if any (RFC 8866 §6.7).
    public var direction: MediaDirection? { attributes.direction }

    /// Session-level `a=ice-ufrag` (RFC 8839 §5.4).
    public var iceUfrag: String? { attributes.firstValue(named: "ice-ufrag") }
    /// Session-level `a=ice-pwd` (RFC 8839 §5.4).
    public var icePwd: String? { attributes.firstValue(named: "ice-pwd") }
    /// `a=ice-lite` (RFC 8839 §5.3).
    public var isICELite: Bool { hasAttribute(named: "ice-lite") }
    /// Tokens of session-level `a=ice-options` (RFC 8839 §5.6), e.g. `trickle`.
    public var iceOptions: [String] { attributes.iceOptions }
    /// Session-level `a=fingerprint` lines (RFC 8122 §5).
    public var fingerprints: [Fingerprint] { attributes.fingerprints }
    /// Session-level `a=setup` (RFC 4145 §4).
    public var setup: SetupRole? { attributes.setup }

    /// `a=group` lines (RFC 5888 §5).
    public var groups: [SDPGroup] {
        attributeValues(named: "group").compactMap(SDPGroup.init(attributeValue:))
    }

    /// The identification tags of the first `a=group:BUNDLE` (RFC 8843 §7.1), or
    /// nil when the offer does not bundle.
    public var bundleMids: [String]? {
        groups.first { $0.semantics.uppercased() == "BUNDLE" }?.mids
    }

    /// The media section tagged `a=mid:<mid>` (RFC 5888 §4).
    public func media(withMid mid: String) -> MediaDescription? {
        media.first { $0.mid == mid }
    }

    /// The media section's direction, else the session's, else `sendrecv`
    /// (RFC 8866 §6.7: sendrecv is the default).
    public func effectiveDirection(for media: MediaDescription) -> MediaDirection {
        media.direction ?? direction ?? .sendrecv
    }

    /// The media section's `c=`, else the session's (RFC 8866 §5.7).
    public func effectiveConnection(for media: MediaDescription) -> SDPConnection? {
        media.connection ?? connection
    }

    /// The media section's ICE username fragment, else the session's (RFC 8839 §5.4).
    public func effectiveICEUfrag(for media: MediaDescription) -> String? {
        media.iceUfrag ?? iceUfrag
    }

    /// The media section's ICE password, else the session's (RFC 8839 §5.4).
    public func effectiveICEPwd(for media: MediaDescription) -> String? {
        media.icePwd ?? icePwd
    }

    /// The media section's fingerprints, else the session's (RFC 8122 §5).
    public func effectiveFingerprints(for media: MediaDescription) -> [Fingerprint] {
        let own = media.fingerprints
        return own.isEmpty ? fingerprints : own
    }

    /// The media section's `a=setup`, else the session's (RFC 4145 §4).
    public func effectiveSetup(for media: MediaDescription) -> SetupRole? {
        media.setup ?? setup
    }
}
