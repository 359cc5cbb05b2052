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
        let deadlines = [transactions.nextDeadline, registrations.nextDeadline] + monitorDeadlines
            + calls.values.map(\.logic.nextDeadline) + scriptDeadlines + [distributor.nextDeadline]
        guard let next = deadlines.compactMap({ $0 }).min() else {
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
        for (key, call) in calls {
            if let deadline = call.logic.nextDeadline, deadline <= now {
                drive(key, .timer)
            }
        }
        fireScriptTimers(now: now)
        performAgents(distributor.advance(to: now))
        fireRegistrationTimers(now: now)
        fireMonitorTimers(now: now)
        rescheduleTimer()
    }
}
