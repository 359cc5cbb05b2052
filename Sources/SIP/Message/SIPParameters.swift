/// An ordered list of `;name[=value]` parameters, as found on URIs, Via,
/// name-addr headers and digest challenges. Names compare case-insensitively
/// (RFC 3261 §7.3.1); order and spelling are kept for serialization.
public struct SIPParameters: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Parameter: Hashable, Sendable {
        public var name: String
        /// nil for a flag parameter such as `;lr` or `;rport`.
        public var value: String?

        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    public private(set) var items: [Parameter]

    public init(_ items: [Parameter] = []) { self.items = items }

    /// `[:]`-style literal; order is the literal's order. A nil value makes a flag.
    public init(dictionaryLiteral elements: (String, String?)...) {
        items = elements.map { Parameter(name: $0.0, value: $0.1) }
    }

    public var isEmpty: Bool { items.isEmpty }
    public var count: Int { items.count }
    public func makeIterator() -> IndexingIterator<[Parameter]> { items.makeIterator() }

    private func index(of name: String) -> Int? {
        let lower = name.lowercased()
        return items.firstIndex { $0.name.lowercased() == lower }
    }

    /// Whether a parameter with this name is present (with or without value).
    public func contains(_ name: String) -> Bool { index(of: name) != nil }

    /// The value of the first parameter with this name; nil when absent or a flag.
    /// Setting nil removes the parameter; use `set(_:_:)` for flags.
    public subscript(name: String) -> String? {
        get { index(of: name).flatMap { items[$0].value } }
        set {
            if let newValue { set(name, newValue) } else { remove(name) }
        }
    }

    /// Sets a parameter in place (keeping its position) or appends it.
    public mutating func set(_ name: String, _ value: String?) {
        if let i = index(of: name) {
            items[i].value = value
        } else {
            items.append(Parameter(name: name, value: value))
        }
    }

    /// Removes every parameter with this name.
    public mutating func remove(_ name: String) {
        let lower = name.lowercased()
        items.removeAll { $0.name.lowercased() == lower }
    }

    mutating func append(_ parameter: Parameter) { items.append(parameter) }

    /// `;a=b;c` as written on the wire (values emitted verbatim).
    var headerParameterText: String {
        items.map { p in p.value.map { ";\(p.name)=\($0)" } ?? ";\(p.name)" }.joined()
    }
}
