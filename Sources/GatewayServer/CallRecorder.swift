import Foundation
import Logging
import Store

/// Writes call records off the engine: GRDB calls block, so they run one after
/// another on their own queue and never on an event loop or the engine actor.
final class CallRecorder: Sendable {
    private let store: any CallRecordStore
    private let queue = StoreQueue(label: "gateway.call-records")
    private let logger: Logger

    init(store: any CallRecordStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    func started(_ record: CallRecord) {
        run("insert") { try $0.insert(record) }
    }

    func answered(id: String, at date: Date) {
        run("answer") { try $0.markAnswered(id: id, at: date) }
    }

    func ended(id: String, at date: Date, side: String, cause: String, sipStatus: Int?, q850: Int?) {
        run("end") { try $0.markEnded(id: id, at: date, side: side, cause: cause, sipStatus: sipStatus, q850: q850) }
    }

    /// Adds what happened to the call along the way (a browser dropping, coming back…).
    /// Queued after the call's earlier writes, so its record exists by then.
    func event(id: String, _ event: CallRecordEvent) {
        run("event") { try $0.addEvent(callID: id, event) }
    }

    /// Waits until every queued write is done (used at shutdown).
    func flush() {
        queue.flush()
    }

    private func run(_ what: String, _ body: @escaping @Sendable (any CallRecordStore) throws -> Void) {
        queue.later({ [store] in try body(store) }, onFailure: { [logger] error in
            logger.error("call record \(what) failed", metadata: ["error": "\(error)"])
        })
    }
}
