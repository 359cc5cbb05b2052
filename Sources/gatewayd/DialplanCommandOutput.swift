import Dialplan

/// How much a loaded dialplan holds, for the `check` summary line.
struct DialplanCounts: Encodable {
    var contexts: Int
    var menus: Int
    var schedules: Int
    var tests: Int

    init(_ dialplan: Dialplan) {
        contexts = dialplan.contexts.count
        menus = dialplan.menus.count
        schedules = dialplan.schedules.count
        tests = dialplan.testCases.count
    }

    /// "3 contexts, 2 menus, 1 schedule, 6 tests".
    var summary: String {
        [count(contexts, "context"), count(menus, "menu"), count(schedules, "schedule"), count(tests, "test")]
            .joined(separator: ", ")
    }
}

/// `gatewayd dialplan check --format json`.
struct CheckReport: Encodable {
    var directory: String
    var ok: Bool
    var notes: [String]
    /// Absent when the dialplan did not load.
    var counts: DialplanCounts?
    var findings: [DialplanFinding]
}

/// One `tests:` case in `gatewayd dialplan test --format json`.
struct TestResultJSON: Encodable {
    var file: String
    var line: Int
    var column: Int
    var from: String
    var to: String
    var passed: Bool
    var failures: [String]
    /// The normalized number routing saw, when the text was a number.
    var number: String?

    init(_ result: DialplanTests.Result) {
        file = result.testCase.location.file
        line = result.testCase.location.line
        column = result.testCase.location.column
        from = result.testCase.from
        to = result.testCase.to
        passed = result.passed
        failures = result.failures
        number = result.route.normalized
    }
}

/// `gatewayd dialplan test --format json`.
struct TestReport: Encodable {
    var directory: String
    var ok: Bool
    var notes: [String]
    var passed: Int
    var failed: Int
    var results: [TestResultJSON]
    var findings: [DialplanFinding]
}
