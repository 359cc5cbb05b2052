/// One problem found in a dialplan file, with where it is and how to fix it.
///
/// Printed like a compiler diagnostic:
/// `Dialplans/default.yaml:12:9: contexts.web.rules[2].dial.trunks[0]: unknown trunk 'carier'; did you mean 'carrier'?`
public struct DialplanFinding: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line, or 0 when the finding concerns the whole file (too large, unreadable).
    public var line: Int
    /// 1-based column in Unicode scalars; 0 together with `line == 0`.
    public var column: Int
    /// Dotted key path with list indices, e.g. `contexts.web.rules[0].match`.
    public var path: String
    public var problem: String
    public var fix: String?

    public init(file: String, line: Int, column: Int, path: String, problem: String, fix: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        var text = file
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        text += problem
        if let fix, !fix.isEmpty { text += "; " + fix }
        return text
    }
}

/// The JSON of a finding (the CLI's `--format json`, the admin API): the six fields, with
/// `fix` null when there is none.
extension DialplanFinding: Encodable {
    enum CodingKeys: String, CodingKey { case file, line, column, path, problem, fix }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(line, forKey: .line)
        try container.encode(column, forKey: .column)
        try container.encode(path, forKey: .path)
        try container.encode(problem, forKey: .problem)
        try container.encode(fix, forKey: .fix)
    }
}

/// Every finding of one load; thrown instead of a half-loaded dialplan.
public struct DialplanError: Error, Sendable, CustomStringConvertible {
    public var findings: [DialplanFinding]

    public init(findings: [DialplanFinding]) {
        self.findings = findings
    }

    public var description: String {
        findings.map(\.description).joined(separator: "\n")
    }
}
