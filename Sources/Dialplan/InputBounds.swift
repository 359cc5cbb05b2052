import Yams

/// Limits that keep a hostile or broken file from costing unbounded time or memory.
public struct DialplanLimits: Sendable, Hashable {
    /// Largest file accepted, in UTF-8 bytes.
    public var maxFileBytes: Int = 1 << 20
    /// Deepest nesting of lists and mappings (the format itself needs about 8).
    public var maxDepth: Int = 24
    /// Most rules in one context.
    public var maxRulesPerContext: Int = 2_000
    /// Most YAML nodes in one file.
    public var maxNodes: Int = 200_000

    public init() {}
}

/// Checks made before and right after parsing, so the decoder only sees bounded input.
enum InputBounds {
    /// Refuses oversize text and flow nesting deeper than the limit before the YAML
    /// parser (whose composer recurses per level) ever sees it.
    static func precheck(_ text: String, file: String, limits: DialplanLimits) -> DialplanFinding? {
        let bytes = text.utf8.count
        if bytes > limits.maxFileBytes {
            return DialplanFinding(file: file, line: 0, column: 0, path: "",
                                   problem: "file is \(bytes) bytes, more than the limit of \(limits.maxFileBytes)",
                                   fix: "split it into several files")
        }
        var depth = 0, line = 1, column = 0
        var quote: UInt8? = nil
        var inComment = false
        var leading = true
        // Last byte that was not a space on this line; 0 at the start of a line.
        var previous: UInt8 = 0
        for byte in text.utf8 {
            column += 1
            if byte == UInt8(ascii: "\n") { line += 1; column = 0; inComment = false; quote = nil; leading = true; previous = 0; continue }
            if inComment { continue }
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            defer { if byte != UInt8(ascii: " ") { previous = byte } }
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "*"):
                // Anchors and aliases let a few bytes expand into a huge tree ("billion
                // laughs"), and Yams does not keep anchors on parsed nodes, so they are
                // refused here, where a node starts: line start or after ':', '-', '[', '{', ','.
                if previous == 0 || Array(":-[{,".utf8).contains(previous) {
                    return DialplanFinding(file: file, line: line, column: column, path: "",
                                           problem: "YAML anchors and aliases (&name, *name) are not supported",
                                           fix: "quote values that start with '*' or '&', e.g. \"*43\"")
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limits.maxDepth { return tooDeep(file, line, column, limits) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
            // Block nesting: every level indents or adds a "- " marker, so a long run of
            // leading spaces and dashes bounds the depth the parser will recurse to.
            if leading, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
                if column > 4 * limits.maxDepth { return tooDeep(file, line, column, limits) }
            } else {
                leading = false
            }
        }
        return nil
    }

    private static func tooDeep(_ file: String, _ line: Int, _ column: Int, _ limits: DialplanLimits) -> DialplanFinding {
        DialplanFinding(file: file, line: line, column: column, path: "",
                        problem: "nesting is deeper than \(limits.maxDepth) levels",
                        fix: "a dialplan needs only a few levels; check for runaway brackets")
    }

    /// Walks the parsed tree once: refuses nesting beyond the limit and too many nodes.
    static func checkTree(_ root: Node, file: String, limits: DialplanLimits) -> DialplanFinding? {
        var stack: [(Node, Int)] = [(root, 1)]
        var count = 0
        while let (node, depth) = stack.popLast() {
            count += 1
            let mark = node.mark
            if count > limits.maxNodes {
                return DialplanFinding(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, path: "",
                                       problem: "more than \(limits.maxNodes) values in one file",
                                       fix: "split it into several files")
            }
            if depth > limits.maxDepth {
                return tooDeep(file, mark?.line ?? 0, mark?.column ?? 0, limits)
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping.reversed() { stack.append((value, depth + 1)); stack.append((key, depth + 1)) }
            case .sequence(let sequence):
                for item in sequence.reversed() { stack.append((item, depth + 1)) }
            case .scalar, .alias:
                break
            }
        }
        return nil
    }
}
