/// One problem found in a configuration file, with where it is and how to fix it.
///
/// Printed like a compiler diagnostic so editors and terminals can jump to it:
/// `Config/gateway.yaml:14:5: trunks[0].adress: unknown key; did you mean 'address'?`
public struct ConfigFinding: Sendable, Hashable, CustomStringConvertible {
    /// The file (or other source name) the finding is in.
    public var source: String
    /// 1-based line, or 0 when the finding concerns the whole file (e.g. it cannot be read).
    public var line: Int
    /// 1-based column, counted in Unicode scalars; 0 together with `line == 0`.
    public var column: Int
    /// Dotted key path with list indices, e.g. `trunks[0].address`; empty for syntax errors.
    public var keyPath: String
    /// What is wrong.
    public var problem: String
    /// How to fix it, when there is something useful to say.
    public var fix: String?

    public init(source: String, line: Int, column: Int, keyPath: String, problem: String, fix: String? = nil) {
        self.source = source
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.problem = problem
        self.fix = fix
    }

    public var description: String {
        var text = source
        if line > 0 { text += ":\(line):\(column)" }
        text += ": "
        if !keyPath.isEmpty { text += keyPath + ": " }
        text += problem
        if let fix, !fix.isEmpty { text += "; " + fix }
        return text
    }
}

/// Every problem found while loading a configuration; thrown instead of a partial config.
///
/// All findings are collected before throwing, so one run of the gateway (or of
/// `gatewayd config check`) shows everything that needs fixing, in file order.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var findings: [ConfigFinding]

    public init(findings: [ConfigFinding]) {
        self.findings = findings
    }

    /// One finding per line.
    public var description: String {
        findings.map(\.description).joined(separator: "\n")
    }
}
