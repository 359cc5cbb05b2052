import CoreTypes

/// The engine's single wake-up: armed for the earliest deadline of any
/// transaction or call, re-armed whenever that changes.
struct EngineTimer {
    var deadline: Instant?
    var task: Task<Void, Never>?

    mutating func cancel() {
        task?.cancel()
        task = nil
        deadline = nil
    }
}

extension CallEngine {
    func rescheduleTimer() {
        let others = [transactions.nextDeadline, registrations.nextDeadline, distributor.nextDeadline] + monitorDeadlines
        guard let next = Instant.earliest(others.compactMap { $0 }.min(), earliestCallDeadline) else {
            timer.cancel()
            return
        }
        if let current = timer.deadline, current <= next, timer.task != nil { return }
        timer.cancel()
        timer.deadline = next
        let delay = clock.delay(until: next)
        timer.task = Task { [weak self] in
            try? await Task.sleep(for: delay)
            guard !Task.isCancelled else { return }
            await self?.fireTimers()
        }
    }

    func fireTimers() {
        timer.task = nil
        timer.deadline = nil
        let now = clock.now
        handle(transactions.advance(to: now))
        for key in callsDue(now: now) where calls[key] != nil {
            drive(key, .timer)
        }
        fireScriptTimers(now: now)
        performAgents(distributor.advance(to: now))
        fireRegistrationTimers(now: now)
        fireMonitorTimers(now: now)
        rescheduleTimer()
    }
}

extension CallEngine {
    /// The earliest deadline of any call. Called after every event, so it reads each call's
    /// deadline fields in place (`deadlinesInPlace`) instead of copying every call's state.
    var earliestCallDeadline: Instant? {
        var earliest: Instant?
        var index = calls.values.startIndex
        while index != calls.values.endIndex {
            earliest = Instant.earliest(earliest, calls.values[index].deadlinesInPlace().next)
            calls.values.formIndex(after: &index)
        }
        return earliest
    }

    /// The calls whose call-logic deadline (or, with `script`, script timer) has come,
    /// collected before any is driven, since driving a call changes `calls`.
    func callsDue(now: Instant, script: Bool = false) -> [String] {
        var due: [String] = []
        var index = calls.values.startIndex
        while index != calls.values.endIndex {
            let deadlines = calls.values[index].deadlinesInPlace()
            let deadline = script ? deadlines.script : deadlines.logic
            if let deadline, deadline <= now { due.append(calls.keys[index]) }
            calls.values.formIndex(after: &index)
        }
        return due
    }
}
