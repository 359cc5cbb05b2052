import Yams

/// One case of a file's `tests:` section: a number dialed into a context and what must happen.
public struct DialplanTestCase: Sendable, Hashable {
    public var from: String
    public var to: String
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
        /// `premium`, `international`, `no_match` or `invalid_number`.
        public var refused: String?
        /// The normalized number rules saw.
        public var number: String?

        public init(dial: String? = nil, hangup: String? = nil, goto: String? = nil, menu: String? = nil,
                    refused: String? = nil, number: String? = nil) {
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
    static let testKeys = ["from", "to", "expect"]
    static let expectKeys = ["dial", "hangup", "goto", "menu", "refused", "number"]
    static let refusalNames = ["premium", "international", "no_match", "invalid_number"]

    mutating func decodeTests(_ node: Node, into decoded: inout DecodedFile) -> [DialplanTestCase] {
        guard let items = sequence(node, path: "tests", example: "- {from: web, to: \"911\", expect: {dial: carrier}}") else { return [] }
        var cases: [DialplanTestCase] = []
        for (index, item) in items.enumerated() {
            let path = "tests[\(index)]"
            guard let entries = mapping(item, path: path, keys: Self.testKeys) else { continue }
            var from: String?, to: String?, expect: DialplanTestCase.Expectation?
            for entry in entries {
                let keyPath = join(path, entry.key)
                switch entry.key {
                case "from":
                    from = string(entry.value, path: keyPath, what: "a context name")
                    if let from { refer(.context, from, entry.value, keyPath) }
                case "to": to = string(entry.value, path: keyPath, what: "a number in quotes")
                default: expect = decodeExpectation(entry.value, path: keyPath)
                }
            }
            for key in Self.testKeys where !entries.contains(where: { $0.key == key }) {
                report(item, join(path, key), "missing '\(key)'", fix: "each test needs from, to and expect")
            }
            if let from, let to, let expect {
                cases.append(DialplanTestCase(from: from, to: to, expect: expect, location: location(item)))
            }
        }
        return cases
    }

    private mutating func decodeExpectation(_ node: Node, path: String) -> DialplanTestCase.Expectation? {
        guard let entries = mapping(node, path: path, keys: Self.expectKeys) else { return nil }
        var expect = DialplanTestCase.Expectation()
        for entry in entries {
            let keyPath = join(path, entry.key)
            guard let text = string(entry.value, path: keyPath) else { return nil }
            switch entry.key {
            case "dial": expect.dial = text
            case "hangup": expect.hangup = text
            case "goto": expect.goto = text
            case "menu": expect.menu = text
            case "number": expect.number = text
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

/// Runs the `tests:` cases of a loaded dialplan (what `gatewayd dialplan test` prints).
public enum DialplanTests {
    public struct Result: Sendable, Hashable {
        public var testCase: DialplanTestCase
        public var route: RouteResult
        /// What did not hold, one line each; empty when the case passed.
        public var failures: [String]
        public var passed: Bool { failures.isEmpty }
    }

    public static func run(_ dialplan: Dialplan) -> [Result] {
        dialplan.testCases.map { run($0, in: dialplan) }
    }

    public static func run(_ testCase: DialplanTestCase, in dialplan: Dialplan) -> Result {
        let route = dialplan.route(context: testCase.from, number: testCase.to)
        let expect = testCase.expect
        var failures: [String] = []
        var dialed: String?, hungUp: String?, went: String?, menu: String?
        for step in route.steps {
            switch step {
            case .dial(let dial): dialed = dialed ?? dial.trunks.first
            case .hangup(let cause): hungUp = cause
            case .goto(let context, _): went = context
            case .menu(let name): menu = name
            default: break
            }
        }
        func check(_ what: String, _ expected: String?, _ actual: String?) {
            if let expected, expected != actual {
                failures.append("expected \(what) \(expected), got \(actual ?? "none")")
            }
        }
        check("dial", expect.dial, dialed)
        check("hangup", expect.hangup, hungUp)
        check("goto", expect.goto, went)
        check("menu", expect.menu, menu)
        check("number", expect.number, route.normalized)
        check("refused", expect.refused, route.refusal.map(refusalName))
        return Result(testCase: testCase, route: route, failures: failures)
    }

    private static func refusalName(_ refusal: Refusal) -> String {
        switch refusal {
        case .premium: return "premium"
        case .international: return "international"
        case .noMatchingRule: return "no_match"
        case .invalidNumber: return "invalid_number"
        case .unknownContext: return "unknown_context"
        }
    }
}
