import Testing
import CoreTypes
@testable import Gateway

/// `CallLimiter` driven by a manual clock: concurrent and per-minute limits per scope,
/// all-or-nothing admission, releases, and that nothing is kept once it stops mattering.
@Suite struct CallLimiterTests {
    let alice = LimitScope.identity("alice")
    let sales = LimitScope.callLink("sales")
    let carrier = LimitScope.trunk("carrier")
    let backup = LimitScope.trunk("backup")

    @Test func scopesAndRefusalsReadAsPlainEnglish() {
        #expect(alice.description == "identity alice")
        #expect(sales.description == "call link sales")
        #expect(carrier.description == "trunk carrier")
        // An operator-made link shows only the start of its id, which is its secret.
        #expect(LimitScope.operatorLink("abcdefghijklmnopqrstuv").description == "call link abcdefgh")
        #expect(LimitScope.operatorLink("abcdefgh") != LimitScope.callLink("abcdefgh"))
        #expect(LimitRefusal(scope: alice, kind: .concurrent, limit: 2, count: 2).description
                == "identity alice already has 2 calls (limit 2)")
        #expect(LimitRefusal(scope: carrier, kind: .concurrent, limit: 1, count: 1).description
                == "trunk carrier already has 1 call (limit 1)")
        #expect(LimitRefusal(scope: sales, kind: .perMinute, limit: 5, count: 5, retryAfter: .seconds(3)).description
                == "call link sales started 5 calls in the last minute (limit 5)")
        #expect(CallLimit().isUnlimited)
        #expect(!CallLimit(maxConcurrent: 3).isUnlimited)
        #expect(!CallLimit(perMinute: 3).isUnlimited)
    }

    @Test func theCallOverTheConcurrentLimitIsRefusedUntilOneEnds() {
        var limiter = CallLimiter()
        let two = [(alice, CallLimit(maxConcurrent: 2))]
        #expect(limiter.admit(call: "a", under: two, now: .zero) == nil)
        #expect(limiter.admit(call: "b", under: two, now: .seconds(1)) == nil)
        #expect(limiter.admit(call: "c", under: two, now: .seconds(2))
                == LimitRefusal(scope: alice, kind: .concurrent, limit: 2, count: 2, retryAfter: nil))
        #expect(limiter.activeCalls(in: alice) == 2)

        limiter.release(call: "a")
        #expect(limiter.activeCalls(in: alice) == 1)
        #expect(limiter.admit(call: "c", under: two, now: .seconds(3)) == nil)
        #expect(limiter.activeCalls(in: alice) == 2)
        #expect(limiter.admit(call: "d", under: two, now: .seconds(4))?.kind == .concurrent)
    }

    @Test func thePerMinuteWindowSlidesWithAnExactRetryAfter() {
        var limiter = CallLimiter()
        let three = [(sales, CallLimit(perMinute: 3))]
        for (call, second) in [("a", 0), ("b", 10), ("c", 20)] {
            #expect(limiter.admit(call: call, under: three, now: .seconds(Int64(second))) == nil)
            limiter.release(call: call)   // ended calls still count as starts
        }
        #expect(limiter.admit(call: "d", under: three, now: .seconds(30))
                == LimitRefusal(scope: sales, kind: .perMinute, limit: 3, count: 3, retryAfter: .seconds(30)))
        #expect(limiter.admit(call: "d", under: three, now: .milliseconds(59_999))?.retryAfter == .milliseconds(1))
        // The start at 0 s is 60 s old: it has left the window.
        #expect(limiter.admit(call: "d", under: three, now: .seconds(60)) == nil)
        // Now 10, 20 and 60 are inside; 10 is the next to leave, at 70 s.
        #expect(limiter.admit(call: "e", under: three, now: .seconds(61))
                == LimitRefusal(scope: sales, kind: .perMinute, limit: 3, count: 3, retryAfter: .seconds(9)))
        #expect(limiter.admit(call: "e", under: three, now: .seconds(70)) == nil)
    }

    @Test func aLoweredPerMinuteLimitWaitsForEnoughStartsToLeave() {
        var limiter = CallLimiter()
        for (call, second) in [("a", 0), ("b", 10), ("c", 20)] {
            #expect(limiter.admit(call: call, under: [(sales, CallLimit(perMinute: 3))], now: .seconds(Int64(second))) == nil)
        }
        // With 2 allowed, two of the three starts must leave: the one at 10 s leaves at 70 s.
        #expect(limiter.admit(call: "d", under: [(sales, CallLimit(perMinute: 2))], now: .seconds(30))
                == LimitRefusal(scope: sales, kind: .perMinute, limit: 2, count: 3, retryAfter: .seconds(40)))
    }

    @Test func limitsBelowOneRefuseEveryCall() {
        var limiter = CallLimiter()
        #expect(limiter.admit(call: "a", under: [(alice, CallLimit(maxConcurrent: 0))], now: .zero)
                == LimitRefusal(scope: alice, kind: .concurrent, limit: 0, count: 0))
        #expect(limiter.admit(call: "a", under: [(alice, CallLimit(perMinute: 0))], now: .zero)
                == LimitRefusal(scope: alice, kind: .perMinute, limit: 0, count: 0, retryAfter: nil))
        #expect(limiter.trackedScopeCount == 0)
    }

    @Test func admissionIsAllOrNothingAcrossScopes() {
        var limiter = CallLimiter()
        #expect(limiter.admit(call: "x", under: [(carrier, CallLimit(maxConcurrent: 1))], now: .zero) == nil)

        let limits = [(alice, CallLimit(maxConcurrent: 5)), (sales, CallLimit(perMinute: 1)),
                      (carrier, CallLimit(maxConcurrent: 1))]
        #expect(limiter.admit(call: "y", under: limits, now: .seconds(1))
                == LimitRefusal(scope: carrier, kind: .concurrent, limit: 1, count: 1))
        // Neither the identity nor the link counted the refused call: the link's one start
        // per minute is still free.
        #expect(limiter.activeCalls(in: alice) == 0)
        #expect(limiter.activeCalls(in: sales) == 0)
        #expect(limiter.trackedScopeCount == 1)
        #expect(limiter.admit(call: "z", under: [(sales, CallLimit(perMinute: 1))], now: .seconds(2)) == nil)
        #expect(limiter.activeCalls(in: carrier) == 1)
    }

    @Test func theFirstLimitListedThatWouldBreakIsTheOneReported() {
        var limiter = CallLimiter()
        #expect(limiter.admit(call: "a", under: [(alice, CallLimit(maxConcurrent: 1)), (carrier, CallLimit(maxConcurrent: 1))],
                              now: .zero) == nil)
        #expect(limiter.admit(call: "b", under: [(carrier, CallLimit(maxConcurrent: 1)), (alice, CallLimit(maxConcurrent: 1))],
                              now: .zero)?.scope == carrier)
        // Within one scope, the concurrent limit is checked before the per-minute one.
        #expect(limiter.admit(call: "b", under: [(alice, CallLimit(maxConcurrent: 1, perMinute: 1))], now: .zero)?.kind
                == .concurrent)
    }

    @Test func aCallAdmittedAgainUnderAScopeItHoldsIsNotCountedTwice() {
        var limiter = CallLimiter()
        let strict = CallLimit(maxConcurrent: 1, perMinute: 1)
        #expect(limiter.admit(call: "a", under: [(alice, strict)], now: .zero) == nil)
        #expect(limiter.admit(call: "a", under: [(alice, strict)], now: .seconds(1)) == nil)
        #expect(limiter.admit(call: "a", under: [(alice, strict), (carrier, strict)], now: .seconds(2)) == nil)
        #expect(limiter.activeCalls(in: alice) == 1)
        #expect(limiter.activeCalls(in: carrier) == 1)
        // A scope listed twice in one admission is counted once, and both its limits apply.
        #expect(limiter.admit(call: "b", under: [(sales, CallLimit(maxConcurrent: 2)), (sales, CallLimit(perMinute: 1))],
                              now: .seconds(3)) == nil)
        #expect(limiter.activeCalls(in: sales) == 1)
        #expect(limiter.admit(call: "c", under: [(sales, CallLimit(maxConcurrent: 2)), (sales, CallLimit(perMinute: 1))],
                              now: .seconds(4))?.kind == .perMinute)
    }

    @Test func aCallLeavesOneScopeOnFailover() {
        var limiter = CallLimiter()
        let one = CallLimit(maxConcurrent: 1)
        #expect(limiter.admit(call: "a", under: [(alice, one), (carrier, one)], now: .zero) == nil)
        limiter.release(call: "a", from: carrier)
        #expect(limiter.activeCalls(in: carrier) == 0)
        #expect(limiter.activeCalls(in: alice) == 1)
        #expect(limiter.admit(call: "b", under: [(carrier, one)], now: .seconds(1)) == nil)
        #expect(limiter.admit(call: "a", under: [(alice, one), (backup, one)], now: .seconds(2)) == nil)
        #expect(limiter.activeCalls(in: backup) == 1)

        limiter.release(call: "a")
        #expect(limiter.activeCalls(in: alice) == 0)
        #expect(limiter.activeCalls(in: backup) == 0)
        #expect(limiter.activeCalls(in: carrier) == 1)
    }

    @Test func releasingTwiceOrReleasingWhatIsNotHeldChangesNothing() {
        var limiter = CallLimiter()
        let two = CallLimit(maxConcurrent: 2)
        #expect(limiter.admit(call: "a", under: [(alice, two), (carrier, two)], now: .zero) == nil)
        #expect(limiter.admit(call: "b", under: [(alice, two), (carrier, two)], now: .zero) == nil)

        limiter.release(call: "a", from: carrier)
        limiter.release(call: "a", from: carrier)
        limiter.release(call: "a", from: sales)
        limiter.release(call: "nobody")
        limiter.release(call: "nobody", from: alice)
        #expect(limiter.activeCalls(in: alice) == 2)
        #expect(limiter.activeCalls(in: carrier) == 1)

        limiter.release(call: "a")
        limiter.release(call: "a")
        #expect(limiter.activeCalls(in: alice) == 1)
        #expect(limiter.activeCalls(in: carrier) == 1)
        #expect(limiter.trackedCallCount == 1)
    }

    @Test func unlimitedScopesCountCallsButKeepNoStarts() {
        var limiter = CallLimiter()
        for call in ["a", "b", "c"] {
            #expect(limiter.admit(call: call, under: [(carrier, CallLimit())], now: .zero) == nil)
        }
        #expect(limiter.activeCalls(in: carrier) == 3)
        for call in ["a", "b", "c"] { limiter.release(call: call) }
        // Nothing in progress and no start times: forgotten at once.
        #expect(limiter.trackedScopeCount == 0)
        #expect(limiter.trackedCallCount == 0)
    }

    @Test func scopesWithNothingActiveAndNoRecentStartsAreDropped() {
        var limiter = CallLimiter()
        #expect(limiter.admit(call: "a", under: [(alice, CallLimit(perMinute: 5)), (carrier, CallLimit(maxConcurrent: 5))],
                              now: .zero) == nil)
        limiter.release(call: "a")
        // The concurrency-only trunk is gone; the identity keeps its start for the window.
        #expect(limiter.trackedScopeCount == 1)
        #expect(limiter.admit(call: "b", under: [(sales, CallLimit(maxConcurrent: 1))], now: .seconds(59)) == nil)
        #expect(limiter.trackedScopeCount == 2)
        #expect(limiter.admit(call: "c", under: [(backup, CallLimit(maxConcurrent: 1))], now: .seconds(60)) == nil)
        #expect(limiter.trackedScopeCount == 2)   // sales (b in progress) and backup; alice pruned
        #expect(limiter.activeCalls(in: alice) == 0)
    }

    @Test func memoryStaysBoundedUnderAStreamOfCalls() {
        var limiter = CallLimiter()
        var clock = Instant.zero
        // Ten minutes of one call a second, each from a new user with a per-minute limit,
        // each ending two seconds later.
        for index in 0..<600 {
            let limits = [(LimitScope.identity("user\(index)"), CallLimit(perMinute: 3)),
                          (carrier, CallLimit(maxConcurrent: 10, perMinute: 100))]
            #expect(limiter.admit(call: "call\(index)", under: limits, now: clock) == nil)
            if index >= 2 { limiter.release(call: "call\(index - 2)") }
            // The last 60 users (starts within the window) and the trunk.
            #expect(limiter.trackedScopeCount <= 61)
            #expect(limiter.activeCalls(in: carrier) <= 3)
            clock += .seconds(1)
        }
        // At 600 s the trunk's window holds exactly the starts of 541...599 s.
        let refusal = limiter.admit(call: "probe", under: [(carrier, CallLimit(perMinute: 59))], now: clock)
        #expect(refusal?.count == 59)
        #expect(refusal?.retryAfter == .seconds(1))

        limiter.release(call: "call598")
        limiter.release(call: "call599")
        clock += .seconds(60)
        #expect(limiter.admit(call: "late", under: [(sales, CallLimit())], now: clock) == nil)
        #expect(limiter.trackedScopeCount == 1)
        #expect(limiter.trackedCallCount == 1)
    }

    @Test func anEarlierInstantIsTakenAsTheLatestSeen() {
        var limiter = CallLimiter()
        #expect(limiter.admit(call: "a", under: [(sales, CallLimit(perMinute: 1))], now: .seconds(100)) == nil)
        #expect(limiter.admit(call: "b", under: [(sales, CallLimit(perMinute: 1))], now: .seconds(50))?.retryAfter
                == .seconds(60))
        #expect(limiter.admit(call: "b", under: [(sales, CallLimit(perMinute: 1))], now: .seconds(160)) == nil)
    }

    @Test func theQueueKeepsOrderAcrossCompaction() {
        var queue = FIFOQueue<Int>()
        for value in 0..<100 { queue.append(value) }
        for _ in 0..<70 { queue.removeFirst() }
        #expect(queue.count == 30)
        #expect(queue.first == 70)
        #expect(queue[29] == 99)
        #expect(queue[30] == nil)
        #expect(queue[-1] == nil)
        for _ in 0..<40 { queue.removeFirst() }
        #expect(queue.isEmpty)
        #expect(queue.first == nil)
        queue.append(5)
        #expect(queue[0] == 5)
    }
}
