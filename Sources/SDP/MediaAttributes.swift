// Typed accessors for the attributes of one media section.

extension MediaDescription {
    /// Values of every attribute with this name (case-insensitive), in order.
    /// A property attribute (no value) yields "".
    public func attributeValues(named name: String) -> [String] {
        attributes.values(named: name)
    }

    /// The value of the first attribute with this name.
    public func attributeValue(named name: String) -> String? {
        attributes.firstValue(named: name)
    }

    /// Whether an attribute with this name is present.
    public func hasAttribute(named name: String) -> Bool {
        attributes.contains { $0.hasName(name) }
    }

    /// Removes every attribute with this name.
    public mutating func removeAttributes(named name: String) {
        attributes.removeAll { $0.hasName(name) }
    }

    /// `a=rtpmap` lines that parse (RFC 8866 §6.6); malformed ones are skipped.
    public var rtpMaps: [RTPMap] {
        attributeValues(named: "rtpmap").compactMap(RTPMap.init(attributeValue:))
    }

    /// The `a=rtpmap` for a payload type. Static payload types without one
    /// (0 PCMU, 8 PCMA, 9 G722, 13 CN, ...) fall back to RFC 3551 Table 4.
    public func rtpMap(for payloadType: UInt8) -> RTPMap? {
        rtpMaps.first { $0.payloadType == payloadType } ?? RTPMap.staticPayloadType(payloadType)
    }

    /// The parameter text of `a=fmtp:<pt> <params>` (RFC 8866 §6.15), e.g.
    /// `minptime=10;useinbandfec=1` or `0-16`.
    public func fmtp(for payloadType: UInt8) -> String? {
        for value in attributeValues(named: "fmtp") {
            guard let (format, parameters) = value.splitFirstSpace(),
                  UInt8(format) == payloadType else { continue }
            return parameters
        }
        return nil
    }

    /// `fmtp(for:)` split on `;` into `key=value` pairs (keys lowercased,
    /// surrounding spaces removed). An entry without `=` maps to "".
    public func fmtpParameters(for payloadType: UInt8) -> [String: String] {
        guard let text = fmtp(for: payloadType) else { return [:] }
        var parameters: [String: String] = [:]
        for entry in text.split(separator: ";") {
            let trimmed = entry.trimmedSpaces
            guard !trimmed.isEmpty else { continue }
            if let equals = trimmed.firstIndex(of: "=") {
                let key = trimmed[..<equals].trimmedSpaces.lowercased()
                parameters[key] = trimmed[trimmed.index(after: equals)...].trimmedSpaces
            } else {
                parameters[trimmed.lowercased()] = ""
            }
        }
        return parameters
    }

    /// `a=sendrecv|sendonly|recvonly|inactive` in this section; nil when absent.
    /// See `SessionDescription.effectiveDirection(for:)` for the fallback.
    public var direction: MediaDirection? { attributes.direction }

    /// `a=mid` (RFC 5888 §4).
    public var mid: String? { attributeValue(named: "mid") }

    /// `a=ice-ufrag` (RFC 8839 §5.4); see `SessionDescription.effectiveICEUfrag(for:)`.
    public var iceUfrag: String? { attributeValue(named: "ice-ufrag") }
    /// `a=ice-pwd` (RFC 8839 §5.4); see `SessionDescription.effectiveICEPwd(for:)`.
    public var icePwd: String? { attributeValue(named: "ice-pwd") }
    /// Tokens of `a=ice-options` (RFC 8839 §5.6).
    public var iceOptions: [String] { attributes.iceOptions }

    /// `a=fingerprint` lines (RFC 8122 §5); see `SessionDescription.effectiveFingerprints(for:)`.
    public var fingerprints: [Fingerprint] { attributes.fingerprints }

    /// `a=setup` (RFC 4145 §4, RFC 5763 §5).
    public var setup: SetupRole? { attributes.setup }

    /// `a=rtcp-mux` (RFC 5761 §5.1.1).
    public var rtcpMux: Bool { hasAttribute(named: "rtcp-mux") }

    /// `a=rtcp-rsize` (RFC 5506 §5).
    public var rtcpReducedSize: Bool { hasAttribute(named: "rtcp-rsize") }

    /// `a=candidate` lines that parse (RFC 8839 §5.1); malformed ones are skipped.
    public var candidates: [ICECandidate] {
        attributeValues(named: "candidate").compactMap { ICECandidate.parse($0) }
    }

    /// `a=end-of-candidates` (RFC 8840 §8.2).
    public var endOfCandidates: Bool { hasAttribute(named: "end-of-candidates") }

    /// Whether SDES keying (`a=crypto`, RFC 4568) is offered.
    public var hasCrypto: Bool { hasAttribute(named: "crypto") }

    /// Distinct SSRCs named by `a=ssrc` lines (RFC 5576 §4.1), in first-seen order.
    public var ssrcs: [UInt32] {
        var seen: [UInt32] = []
        for attribute in ssrcAttributes where !seen.contains(attribute.ssrc) {
            seen.append(attribute.ssrc)
        }
        return seen
    }

    /// `a=ssrc:<ssrc> <attribute>[:<value>]` lines (RFC 5576 §4.1).
    public var ssrcAttributes: [SSRCAttribute] {
        attributeValues(named: "ssrc").compactMap(SSRCAttribute.init(attributeValue:))
    }

    /// `a=extmap` lines (RFC 8285 §8).
    public var extensionMaps: [ExtensionMap] {
        attributeValues(named: "extmap").compactMap(ExtensionMap.init(attributeValue:))
    }

    /// `a=ptime` in milliseconds (RFC 8866 §6.4).
    public var ptime: UInt32? { attributeValue(named: "ptime").flatMap { UInt32($0.trimmedSpaces) } }

    /// `a=maxptime` in milliseconds (RFC 8866 §6.5).
    public var maxptime: UInt32? { attributeValue(named: "maxptime").flatMap { UInt32($0.trimmedSpaces) } }
}

extension String {
    /// Splits at the first space: `"111 opus/48000/2"` → `("111", "opus/48000/2")`.
    func splitFirstSpace() -> (String, String)? {
        guard let space = firstIndex(of: " ") else { return nil }
        return (String(self[..<space]), self[index(after: space)...].trimmedSpaces)
    }
}
