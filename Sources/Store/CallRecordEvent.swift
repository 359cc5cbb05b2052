import Foundation

/// Something that happened to a call between its start and its end, kept with its record
/// (`CallRecord.events`): a browser dropping and coming back, so far.
///
/// `kind` is an open set of short snake_case words; the ones written today are the
/// static constants below. `detail` says why or how, in words for people reading logs.
public struct CallRecordEvent: Codable, Sendable, Hashable {
    /// The browser's leg was lost; `detail` says how it was noticed, e.g.
    /// `signaling closed`, `DTLS closed`, `ICE consent lost`.
    public static let browserDropped = "browser_dropped"
    /// The browser is back on the call; `detail` says how, e.g. `new peer connection`
    /// (a resume on a new signaling connection) or `path came back` (ICE consent returned).
    public static let browserResumed = "browser_resumed"
    /// A browser asked to resume the call and was refused; `detail` says why.
    public static let resumeRefused = "resume_refused"
    /// Written by the store, once, in place of the first event past
    /// `CallRecordEvent.maximumPerCall`; later events of that call are dropped.
    public static let eventsTruncated = "events_truncated"

    /// How many events a call keeps, not counting the `events_truncated` marker: a call
    /// whose browser flaps for hours must not grow its record without bound.
    public static let maximumPerCall = 1000

    public var at: Date
    public var kind: String
    public var detail: String?

    public init(at: Date, kind: String, detail: String? = nil) {
        self.at = at
        self.kind = kind
        self.detail = detail
    }
}
