/// `a=group:<semantics> <mid> ...` (RFC 5888 §5), e.g. `BUNDLE 0 1` (RFC 8843).
public struct SDPGroup: Sendable, Hashable {
    public var semantics: String
    public var mids: [String]

    public init(semantics: String, mids: [String]) {
        self.semantics = semantics
        self.mids = mids
    }

    public init?(attributeValue: String) {
        let tokens = attributeValue.split(separator: " ").map(String.init)
        guard let semantics = tokens.first else { return nil }
        self.init(semantics: semantics, mids: Array(tokens.dropFirst()))
    }

    public var attributeValue: String {
        ([semantics] + mids).joined(separator: " ")
    }
}

/// `a=ssrc:<ssrc-id> <attribute>[:<value>]` (RFC 5576 §4.1), e.g.
/// `a=ssrc:3735928559 cname:4TOk42mSjXCkVIa6`.
public struct SSRCAttribute: Sendable, Hashable {
    public var ssrc: UInt32
    public var name: String
    public var value: String?

    public init(ssrc: UInt32, name: String, value: String? = nil) {
        self.ssrc = ssrc
        self.name = name
        self.value = value
    }

    public init?(attributeValue: String) {
        let text = attributeValue.trimmedSpaces
        let id: String
        let rest: String
        if let (first, remainder) = text.splitFirstSpace() {
            (id, rest) = (first, remainder)
        } else {
            (id, rest) = (text, "")
        }
        guard let ssrc = UInt32(id), !rest.isEmpty else { return nil }
        if let colon = rest.firstIndex(of: ":") {
            self.init(ssrc: ssrc, name: String(rest[..<colon]),
                      value: String(rest[rest.index(after: colon)...]))
        } else {
            self.init(ssrc: ssrc, name: rest)
        }
    }

    public var attributeValue: String {
        if let value { return "\(ssrc) \(name):\(value)" }
        return "\(ssrc) \(name)"
    }
}

/// `a=extmap:<id>[/<direction>] <uri> [<attributes>]` (RFC 8285 §8).
public struct ExtensionMap: Sendable, Hashable {
    public var id: UInt16
    public var direction: MediaDirection?
    public var uri: String
    public var extensionAttributes: String?

    public init(id: UInt16, direction: MediaDirection? = nil, uri: String,
                extensionAttributes: String? = nil) {
        self.id = id
        self.direction = direction
        self.uri = uri
        self.extensionAttributes = extensionAttributes
    }

    public init?(attributeValue: String) {
        let tokens = attributeValue.split(separator: " ", maxSplits: 2).map(String.init)
        guard tokens.count >= 2 else { return nil }
        let idParts = tokens[0].split(separator: "/", omittingEmptySubsequences: false)
        guard let id = UInt16(idParts[0]), idParts.count <= 2 else { return nil }
        var direction: MediaDirection?
        if idParts.count == 2 {
            guard let parsed = MediaDirection(rawValue: String(idParts[1])) else { return nil }
            direction = parsed
        }
        self.init(id: id, direction: direction, uri: tokens[1],
                  extensionAttributes: tokens.count == 3 ? tokens[2] : nil)
    }

    public var attributeValue: String {
        var text = "\(id)"
        if let direction { text += "/\(direction.rawValue)" }
        text += " \(uri)"
        if let extensionAttributes { text += " \(extensionAttributes)" }
        return text
    }
}
