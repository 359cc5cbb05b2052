/// One header field as it appears on the wire: a name and its (unfolded) value.
public struct SIPHeaderField: Hashable, Sendable, CustomStringConvertible {
    /// Canonical name: compact forms expanded and known names re-cased.
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = HeaderNames.canonicalize(name)
        self.value = value
    }

    public var description: String { "\(name): \(value)" }
}

/// The header fields of a SIP message, in order. Names compare case-insensitively
/// and compact forms (`i`, `m`, `f`, `t`, `v`, `l`, `c`, `k`, `s`, `e`, …) are
/// stored under their full names.
public struct SIPHeaders: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [SIPHeaderField] = []

    public init() {}

    public init(_ fields: [SIPHeaderField]) { self.fields = fields }

    /// Ordered literal: `["Via": "…", "Max-Forwards": "70"]`.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { SIPHeaderField(name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[SIPHeaderField]> { fields.makeIterator() }

    /// The canonical name for `name` (`"v"` → `"Via"`, `"call-id"` → `"Call-ID"`).
    public static func canonicalName(_ name: String) -> String { HeaderNames.canonicalize(name) }

    private static func matches(_ field: SIPHeaderField, _ canonical: String) -> Bool {
        field.name.count == canonical.count && field.name.lowercased() == canonical.lowercased()
    }

    public func contains(_ name: String) -> Bool {
        let c = Self.canonicalName(name)
        return fields.contains { Self.matches($0, c) }
    }

    /// Each field value with this name, unsplit, in order.
    public func fieldValues(_ name: String) -> [String] {
        let c = Self.canonicalName(name)
        return fields.filter { Self.matches($0, c) }.map(\.value)
    }

    /// Every value with this name; list headers (Via, Contact, Route, Require, …)
    /// are split at commas outside quotes and `<>`.
    public func values(_ name: String) -> [String] {
        let c = Self.canonicalName(name)
        let raw = fieldValues(c)
        guard HeaderNames.listHeaders.contains(c.lowercased()) else { return raw }
        return raw.flatMap { HeaderValueSplitter.split($0) }.filter { !$0.isEmpty }
    }

    /// The first value (after list splitting). Setting replaces all fields of
    /// this name by one at the position of the first; nil removes them.
    public subscript(name: String) -> String? {
        get { values(name).first }
        set {
            if let newValue { set(name, newValue) } else { remove(name) }
        }
    }

    /// Appends a field.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(SIPHeaderField(name: name, value: value))
    }

    /// Inserts a field before the first field of the same name (or at the top),
    /// as a proxy or UAC does when it pushes a Via (RFC 3261 §8.1.1.7).
    public mutating func prepend(_ name: String, _ value: String) {
        let field = SIPHeaderField(name: name, value: value)
        let i = fields.firstIndex { Self.matches($0, field.name) } ?? 0
        fields.insert(field, at: i)
    }

    /// Replaces all fields of this name by one, keeping the first one's position.
    public mutating func set(_ name: String, _ value: String) {
        setAll(name, [value])
    }

    /// Replaces all fields of this name by one field per value, at the first one's position
    /// (or at the end when absent). An empty array removes them.
    public mutating func setAll(_ name: String, _ values: [String]) {
        let c = Self.canonicalName(name)
        let position = fields.firstIndex { Self.matches($0, c) } ?? fields.count
        let before = fields[..<position].filter { !Self.matches($0, c) }
        let after = fields[position...].filter { !Self.matches($0, c) }
        fields = before + values.map { SIPHeaderField(name: c, value: $0) } + after
    }

    public mutating func remove(_ name: String) {
        let c = Self.canonicalName(name)
        fields.removeAll { Self.matches($0, c) }
    }

    mutating func appendParsed(_ field: SIPHeaderField) { fields.append(field) }
}
