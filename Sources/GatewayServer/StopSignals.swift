import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// SIGTERM and SIGINT, as the gateway's run loop waits for them: the first starts a
/// graceful stop (calls drain), a second one cuts the drain short. The dispatch sources are
/// set up in `init` and only cancelled after; the rest of the state is behind a lock.
final class StopSignals: @unchecked Sendable {
    enum Reason: Sendable { case signal, httpEnded }

    private struct State {
        var signals = 0
        var reason: Reason?
        var waiter: CheckedContinuation<Reason, Never>?
    }

    private let state = NIOLockedValueBox(State())
    private let sources: [DispatchSourceSignal]

    init() {
        var made: [DispatchSourceSignal] = []
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            made.append(source)
        }
        sources = made
        for source in sources {
            source.setEventHandler { [weak self] in self?.received(.signal) }
            source.resume()
        }
    }

    /// Whether a stop signal came more than once.
    var signalledAgain: Bool { state.withLockedValue { $0.signals > 1 } }

    /// The HTTP server stopped by itself (a failure): the run loop should not wait for a signal.
    func httpEnded() { received(.httpEnded) }

    /// Waits for the first stop reason.
    func next() async -> Reason {
        await withCheckedContinuation { continuation in
            let ready: Reason? = state.withLockedValue { state in
                if let reason = state.reason { return reason }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }

    private func received(_ reason: Reason) {
        let waiter: CheckedContinuation<Reason, Never>? = state.withLockedValue { state in
            if reason == .signal { state.signals += 1 }
            guard state.reason == nil else { return nil }
            state.reason = reason
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: reason)
    }
}
