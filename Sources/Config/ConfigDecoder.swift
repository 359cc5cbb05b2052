import Yams

/// A 1-based line and column in the configuration text.
struct SourcePosition: Hashable {
    var line: Int
    var column: Int

    static let start = SourcePosition(line: 1, column: 1)

    init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    init?(_ mark: Mark?) {
        guard let mark else { return nil }
        self.init(line: mark.line, column: mark.column)
    }
}

/// Why one value was rejected; becomes a finding at the value's position.
struct ValueProblem: Error {
    var problem: String
    var fix: String?

    init(_ problem: String, fix: String? = nil) {
        self.problem = problem
        self.fix = fix
    }
}

/// Walks the YAML tree, builds typed values and collects every finding on the way.
///
/// Nothing stops at the first problem: a rejected value is replaced by its default (or
/// a placeholder) so the walk goes on, and `GatewayConfig.parse` throws if any finding
/// was recorded.
struct ConfigDecoder {
    let source: String
    private(set) var findings: [ConfigFinding] = []
    /// Where each value read sat in the file, by key path, so cross-checks can point at it.
    private(set) var positions: [String: SourcePosition] = [:]
    /// Key paths whose value was rejected; cross-checks skip them to avoid follow-on noise.
    private(set) var rejected: Set<String> = []

    init(source: String) {
        self.source = source
    }

    /// Findings in file order; whole-file findings (line 0) first.
    var sortedFindings: [ConfigFinding] {
        findings.enumerated().sorted { a, b in
            (a.element.line, a.element.column, a.offset) < (b.element.line, b.element.column, b.offset)
        }.map(\.element)
    }

    mutating func report(_ position: SourcePosition?, _ path: String, _ problem: String, fix: String? = nil) {
        findings.append(ConfigFinding(source: source, line: position?.line ?? 0, column: position?.column ?? 0,
                                      keyPath: path, problem: problem, fix: fix))
    }

    mutating func remember(_ path: String, at position: SourcePosition?) {
        if let position { positions[path] = position }
    }

    mutating func reject(_ path: String) {
        rejected.insert(path)
    }

    /// Opens a mapping, reporting unknown keys (with a suggestion) and non-mapping values.
    ///
    /// `anchor` is where the mapping is named (its key in the parent); a missing key is
    /// reported there, or at the mapping itself for list items. Absent or null gives an
    /// empty mapping, so every key in it takes its default.
    mutating func mapping(_ node: Node?, path: String, anchor: SourcePosition?, keys: [String]) -> MappingReader {
        let position = SourcePosition(node?.mark) ?? anchor
        let missingAnchor = anchor ?? position ?? .start
        remember(path, at: missingAnchor)
        guard let node, !node.isNull else {
            return MappingReader(path: path, anchor: missingAnchor, entries: [:])
        }
        guard case .mapping(let mapping) = node else {
            report(position, path, "expected a mapping of keys to values, got \(node.kindDescription)",
                   fix: "write the keys indented below '\(path.isEmpty ? "the top level" : path)'")
            reject(path)
            return MappingReader(path: path, anchor: missingAnchor, entries: [:])
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        for (key, value) in mapping {
            let keyPosition = SourcePosition(key.mark)
            guard case .scalar(let scalar) = key else {
                report(keyPosition, path, "keys must be plain names", fix: "use one of: " + keys.joined(separator: ", "))
                continue
            }
            let name = scalar.string
            let childPath = MappingReader.join(path, name)
            if keys.contains(name) {
                entries[name] = (key, value)
            } else {
                report(keyPosition, childPath, "unknown key",
                       fix: Suggestion.fix(for: name, among: keys, listing: "allowed keys here"))
            }
        }
        return MappingReader(path: path, anchor: missingAnchor, entries: entries)
    }

    /// Opens a list; absent or null gives an empty list.
    mutating func sequence(_ node: Node?, path: String, example: String) -> [Node] {
        guard let node, !node.isNull else { return [] }
        remember(path, at: SourcePosition(node.mark))
        guard case .sequence(let items) = node else {
            report(SourcePosition(node.mark), path, "expected a list, got \(node.kindDescription)",
                   fix: "write a list, e.g. \(example)")
            reject(path)
            return []
        }
        return Array(items)
    }

    /// What a scalar lookup found.
    enum Lookup<Value> {
        case absent
        case invalid
        case found(Value)
    }

    /// Reads one scalar value and converts it, reporting wrong types and rejected values.
    mutating func lookup<Value>(
        _ node: Node?, path: String, expecting what: String,
        _ convert: (Node.Scalar) throws(ValueProblem) -> Value
    ) -> Lookup<Value> {
        guard let node else { return .absent }
        let position = SourcePosition(node.mark)
        guard case .scalar(let scalar) = node else {
            report(position, path, "expected \(what), got \(node.kindDescription)")
            reject(path)
            return .invalid
        }
        if node.isNull { return .absent }
        remember(path, at: position)
        do {
            return .found(try convert(scalar))
        } catch {
            report(position, path, error.problem, fix: error.fix)
            reject(path)
            return .invalid
        }
    }

    /// A key with a default: absent, null or rejected all give the default.
    mutating func value<Value>(
        _ m: MappingReader, _ key: String, default defaultValue: Value, expecting what: String,
        _ convert: (Node.Scalar) throws(ValueProblem) -> Value
    ) -> Value {
        if case .found(let value) = lookup(m.node(key), path: m.child(key), expecting: what, convert) {
            return value
        }
        return defaultValue
    }

    /// A key that may be left out: absent or null give `nil`.
    mutating func optionalValue<Value>(
        _ m: MappingReader, _ key: String, expecting what: String,
        _ convert: (Node.Scalar) throws(ValueProblem) -> Value
    ) -> Value? {
        if case .found(let value) = lookup(m.node(key), path: m.child(key), expecting: what, convert) {
            return value
        }
        return nil
    }

    /// A key that must be given; reports it missing (at the enclosing mapping) when absent.
    mutating func requiredValue<Value>(
        _ m: MappingReader, _ key: String, expecting what: String, example: String,
        _ convert: (Node.Scalar) throws(ValueProblem) -> Value
    ) -> Value? {
        let path = m.child(key)
        switch lookup(m.node(key), path: path, expecting: what, convert) {
        case .found(let value):
            return value
        case .invalid:
            return nil
        case .absent:
            if let node = m.node(key) {
                report(SourcePosition(node.mark), path, "needs a value", fix: "write e.g. '\(key): \(example)'")
            } else {
                let place = m.path.isEmpty ? "at the top level" : "under '\(m.path)'"
                report(m.anchor, path, "missing required key", fix: "add '\(key): \(example)' \(place)")
            }
            reject(path)
            return nil
        }
    }
}

/// The known keys of one mapping, after unknown keys were reported.
struct MappingReader {
    let path: String
    /// Where a missing key is reported: the mapping itself, or the place it should be.
    let anchor: SourcePosition?
    let entries: [String: (key: Node, value: Node)]

    func node(_ key: String) -> Node? {
        entries[key]?.value
    }

    func child(_ key: String) -> String {
        Self.join(path, key)
    }

    func keyPosition(_ key: String) -> SourcePosition? {
        SourcePosition(entries[key]?.key.mark)
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}

extension Node {
    /// A plain `null`, `~` or empty scalar (quoted "null" is text).
    var isNull: Bool {
        guard case .scalar(let scalar) = self, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a node is named in "expected X, got Y" findings.
    var kindDescription: String {
        switch self {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull ? "null" : "the value '\(scalar.string)'"
        }
    }
}
