import Foundation
import Testing
@testable import WebAuth

@Suite struct OperatorSessionsTests {
    let start = Date(timeIntervalSince1970: 1_795_341_600)

    @Test func aSessionLivesWhileUsedAndEndsWhenIdle() {
        var sessions = OperatorSessions(idleTimeout: 1800, absoluteTimeout: 12 * 3600)
        let opened = sessions.open(operatorName: "ops", id: "s1", csrfToken: "c1", now: start)
        #expect(opened.operatorName == "ops" && opened.csrfToken == "c1")
        #expect(sessions.use(id: "s1", now: start.addingTimeInterval(1700))?.operatorName == "ops")
        // Used at 1700 s: still alive at 3400 s, gone 1800 s after its last use.
        #expect(sessions.use(id: "s1", now: start.addingTimeInterval(3400)) != nil)
        #expect(sessions.use(id: "s1", now: start.addingTimeInterval(5200)) == nil)
        #expect(sessions.count == 0)
        #expect(sessions.use(id: "unknown", now: start) == nil)
    }

    @Test func aSessionEndsAtTheAbsoluteTimeoutEvenWhenUsed() {
        var sessions = OperatorSessions(idleTimeout: 1800, absoluteTimeout: 3600)
        _ = sessions.open(operatorName: "ops", id: "s1", csrfToken: "c1", now: start)
        for minute in stride(from: 10, to: 60, by: 10) {
            #expect(sessions.use(id: "s1", now: start.addingTimeInterval(Double(minute * 60))) != nil)
        }
        #expect(sessions.use(id: "s1", now: start.addingTimeInterval(3600)) == nil)
    }

    @Test func signingOutAndSigningOutEverywhere() {
        var sessions = OperatorSessions()
        _ = sessions.open(operatorName: "ops", id: "a", csrfToken: "x", now: start)
        _ = sessions.open(operatorName: "ops", id: "b", csrfToken: "y", now: start)
        _ = sessions.open(operatorName: "other", id: "c", csrfToken: "z", now: start)
        sessions.close(id: "a")
        #expect(sessions.use(id: "a", now: start) == nil && sessions.use(id: "b", now: start) != nil)
        sessions.closeAll(of: "ops")
        #expect(sessions.use(id: "b", now: start) == nil && sessions.use(id: "c", now: start) != nil)
    }

    @Test func anOperatorKeepsAtMostTwentySessionsTheOldestGoes() {
        var sessions = OperatorSessions()
        for index in 0..<25 {
            _ = sessions.open(operatorName: "ops", id: "s\(index)", csrfToken: "c", now: start.addingTimeInterval(Double(index)))
        }
        #expect(sessions.count == OperatorSessions.maxPerOperator)
        #expect(sessions.use(id: "s4", now: start.addingTimeInterval(30)) == nil)
        #expect(sessions.use(id: "s5", now: start.addingTimeInterval(30)) != nil)
    }

    @Test func constantTimeComparison() {
        #expect(constantTimeEquals("abc", "abc"))
        #expect(!constantTimeEquals("abc", "abd"))
        #expect(!constantTimeEquals("abc", "abcd"))
        #expect(constantTimeEquals("", ""))
    }
}
