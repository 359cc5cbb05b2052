import Dispatch

/// A serial queue for blocking store calls, off the event loops and the engine: writes
/// nobody waits for are queued and their failure logged by the caller's `onFailure`, and
/// calls whose result is awaited run after the writes queued before them.
struct StoreQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Queues `body` without waiting; `onFailure` gets its error.
    func later(_ body: @escaping @Sendable () throws -> Void, onFailure: @escaping @Sendable (any Error) -> Void) {
        queue.async {
            do { try body() } catch { onFailure(error) }
        }
    }

    /// Runs `body` after the queued writes and waits for its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Waits until everything queued is done (shutdown, tests).
    func flush() {
        queue.sync {}
    }
}
