import Foundation
import Yams

/// One case of a file's `tests:` section: a number dialed into a context and what must happen.
public struct DialplanTestCase: Sendable, Hashable {
    public var from: String
    public var to: String
    /// Keys pressed, one per menu or digit collection as they ask (e.g. "2", "1234#").
    public var keys: String = ""
    /// The caller's number, for `if: {caller: ...}` (default `+10000000000`).
    public var caller: String?
    /// When the call happens, for schedules (default 2026-01-06T15:00:00Z, a Tuesday).
    public var at: Date?
    public var expect: Expectation
    public var location: SourceLocation

    /// Every field given must hold; nil fields are not checked.
    public struct Expectation: Sendable, Hashable {
        /// The first trunk of the rule's `dial` step.
        public var dial: String?
        /// The cause of the final `hangup`, including refusals (e.g. `call_rejected`).
        public var hangup: String?
        /// The context of a `goto` step.
        public var goto: String?
        /// The menu the call enters.
        public var menu: String?
        /// The number the first dial sends to the trunk (after `number:` and `rewrite`).
        public var dialed: String?
        /// Whether the call ends in the echo test.
        public var echo: Bool?
        /// `premium`, `international`, `no_match` or `invalid_number`.
        public var refused: String?
        /// The normalized number rules saw.
        public var number: String?
        /// The first `agents` step reached: its group, or the agent (identity or extension)
        /// its `agent:` gives.
        public var agents: String?

        public init(dial: String? = nil, hangup: String? = nil, goto: String? = nil, menu: String? = nil,
                    refused: String? = nil, number: String? = nil, agents: String? = nil) {
            self.agents = agents
            self.dial = dial
            self.hangup = hangup
            self.goto = goto
            self.menu = menu
            self.refused = refused
            self.number = number
        }
    }

    public init(from: String, to: String, expect: Expectation, location: SourceLocation) {
        self.from = from
        self.to = to
        self.expect = expect
        self.location = location
    }
}

extension NodeReader {
    static let testKeys = ["from", "to", "keys", "caller", "at", "expect"]
    static let requiredTestKeys = ["from", "to", "expect"]
    static let expectKeys = ["dial", "hangup", "goto", "menu", "refused", "number", "dialed", "echo", "agents"]
    static let refusalNames = ["premium", "international", "no_match", "invalid_number"]

    mutating func decodeTests(_ node: Node, into decoded: inout DecodedFile) -> [DialplanTestCase] {
        guard let items = sequence(node, path: "tests", example: "- {from: web, to: \"911\", expect: {dial: carrier}}") else { return [] }
        var cases: [DialplanTestCase] = []
        for (index, item) in items.enumerated() {
            let path = "tests[\(index)]"
            guard let entries = mapping(item, path: path, keys: Self.testKeys) else { continue }
            var from: String?, to: String?, expect: DialplanTestCase.Expectation?
            var keys = "", caller: String?, at: Date?
            for entry in entries {
                let keyPath = join(path, entry.key)
                switch entry.key {
                case "from":
                    from = string(entry.value, path: keyPath, what: "a context name")
                    if let from { refer(.context, from, entry.value, keyPath) }
                case "to": to = string(entry.value, path: keyPath, what: "a number in quotes")
                case "keys":
                    let text = string(entry.value, path: keyPath, what: "keys in quotes, e.g. \"2\"") ?? ""
                    if text.count <= 64, text.allSatisfy({ NodeReader.menuOptionKeys.contains($0) }) {
                        keys = text
                    } else {
                        report(entry.value, keyPath, "'\(text)' is not keys of the dial pad", fix: "write up to 64 of 0-9, * and # in quotes")
                    }
                case "caller": caller = string(entry.value, path: keyPath, what: "a caller number")
                case "at":
                    let text = string(entry.value, path: keyPath, what: "a time like 2026-12-25T10:00:00Z") ?? ""
                    at = ISO8601DateFormatter().date(from: text)
                    if at == nil {
                        report(entry.value, keyPath, "'\(text)' is not a time", fix: "write ISO 8601 in UTC, e.g. \"2026-12-25T10:00:00Z\"")
                    }
                default: expect = decodeExpectation(entry.value, path: keyPath)
                }
            }
            for key in Self.requiredTestKeys where !entries.contains(where: { $0.key == key }) {
                report(item, join(path, key), "missing '\(key)'", fix: "each test needs from, to and expect")
            }
            if let from, let to, let expect {
                var testCase = DialplanTestCase(from: from, to: to, expect: expect, location: location(item))
                testCase.keys = keys
                testCase.caller = caller
                testCase.at = at
                cases.append(testCase)
            }
        }
        return cases
    }

    private mutating func decodeExpectation(_ node: Node, path: String) -> DialplanTestCase.Expectation? {
        guard let entries = mapping(node, path: path, keys: Self.expectKeys) else { return nil }
        var expect = DialplanTestCase.Expectation()
        for entry in entries {
            let keyPath = join(path, entry.key)
            if entry.key == "echo" {
                guard let value = boolean(entry.value, path: keyPath) else { return nil }
                expect.echo = value
                continue
            }
            guard let text = string(entry.value, path: keyPath) else { return nil }
            switch entry.key {
            case "dialed": expect.dialed = text
            case "dial": expect.dial = text
            case "hangup": expect.hangup = text
            case "goto": expect.goto = text
            case "menu": expect.menu = text
            case "number": expect.number = text
            case "agents": expect.agents = text
            default:
                guard Self.refusalNames.contains(text) else {
                    report(entry.value, keyPath, "unknown refusal '\(text)'",
                           fix: Suggestion.fix(for: text, among: Self.refusalNames, listing: "one of"))
                    return nil
                }
                expect.refused = text
            }
        }
        if entries.isEmpty {
            report(node, path, "nothing to check", fix: "add e.g. 'dial: carrier' or 'refused: premium'")
            return nil
        }
        return expect
    }
}

