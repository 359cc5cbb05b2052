import Dialplan
import Foundation
import NIOConcurrencyHelpers

/// The dialplan version new calls use, with its prompts and where it came from.
struct ActiveDialplan: Sendable {
    let dialplan: Dialplan
    let prompts: PromptLibrary
    /// The store's revision id, when it was stored.
    let revision: Int64?
    let files: [DialplanFile]
    let loadedAt: Date

    /// Whether web users are routed by the dialplan (an `entry.web` is written); without
    /// one, `calls.default_trunk` and `calls.echo_test_number` route them.
    var routesWebCalls: Bool {
        let entry = dialplan.entry
        return entry.webDefault != nil || !entry.identities.isEmpty || !entry.classes.isEmpty || !entry.callLinks.isEmpty
    }

    /// Whether calls from trunks are routed by the dialplan (`entry.trunks` or `entry.dids`
    /// is written); without either, `calls.inbound_destination` answers them.
    var routesTrunkCalls: Bool { !dialplan.entry.trunks.isEmpty || !dialplan.entry.dids.isEmpty }
}

/// The one current `ActiveDialplan`, swapped whole on reload: a call reads it once when it
/// starts and keeps that version to its end.
final class DialplanSlot: Sendable {
    private let box = NIOLockedValueBox<ActiveDialplan?>(nil)

    var current: ActiveDialplan? { box.withLockedValue { $0 } }

    func replace(with active: ActiveDialplan) {
        box.withLockedValue { $0 = active }
    }
}
