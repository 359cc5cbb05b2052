/// One `m=` section with its fields (RFC 8866 §5.14).
public struct MediaDescription: Sendable, Hashable {
    /// `audio`, `video`, `application`, ...
    public var mediaType: String
    /// Port 0 rejects or disables the stream (RFC 3264 §6).
    public var port: UInt16
    /// The `/<number of ports>` suffix, when written.
    public var portCount: UInt16?
    /// `RTP/AVP`, `UDP/TLS/RTP/SAVPF`, ...
    public var proto: String
    /// RTP payload types (as text, in preference order) for RTP protocols.
    public var formats: [String]
    /// `i=`
    public var information: String?
    /// Media-level `c=`
    public var connection: SDPConnection?
    /// Media-level `b=` lines
    public var bandwidths: [SDPBandwidth]
    /// Media-level `k=`
    public var encryptionKey: String?
    /// Media-level `a=` lines in order.
    public var attributes: [SDPAttribute]
    /// Media-level lines of unknown type, in order.
    public var unknownFields: [SDPUnknownField]

    public init(
        mediaType: String = "audio",
        port: UInt16,
        portCount: UInt16? = nil,
        proto: String,
        formats: [String],
        information: String? = nil,
        connection: SDPConnection? = nil,
        bandwidths: [SDPBandwidth] = [],
        encryptionKey: String? = nil,
        attributes: [SDPAttribute] = [],
        unknownFields: [SDPUnknownField] = []
    ) {
        self.mediaType = mediaType
        self.port = port
        self.portCount = portCount
        self.proto = proto
        self.formats = formats
        self.information = information
        self.connection = connection
        self.bandwidths = bandwidths
        self.encryptionKey = encryptionKey
        self.attributes = attributes
        self.unknownFields = unknownFields
    }

    /// `formats` read as RTP payload types; entries that are not 0–127 are skipped.
    public var payloadTypes: [UInt8] {
        formats.compactMap { UInt8($0) }.filter { $0 < 128 }
    }

    /// RFC 3264 §6: a port of zero rejects the stream. With BUNDLE a zero port
    /// may also mean "bundled only" (RFC 8843 §6); check `a=bundle-only`.
    public var isRejected: Bool { port == 0 && !hasAttribute(named: "bundle-only") }

    /// Whether the transport is secure RTP (`RTP/SAVP`, `RTP/SAVPF`,
    /// `UDP/TLS/RTP/SAVP(F)`; RFC 3711, RFC 5764).
    public var isSecureRTP: Bool { proto.uppercased().contains("SAVP") }

    /// Whether keys come from DTLS (`UDP/TLS/RTP/SAVP(F)`, RFC 5764 §8).
    public var isDTLSSRTP: Bool {
        let upper = proto.uppercased()
        return upper.contains("TLS") && upper.contains("SAVP")
    }
}
