import Foundation
import Logging
import Store
import Testing
@testable import GatewayServer

/// The recorder's queued writes, and the call record as `GET /api/calls/:id` sends it.
@Suite struct CallRecorderTests {
    private func date(_ seconds: Double) -> Date {
        Date(timeIntervalSince1970: 1_750_000_000 + seconds)
    }

    private func record(id: String) -> CallRecord {
        CallRecord(id: id, direction: CallRecord.outbound, webIdentity: "alice",
                   destination: "+15551230000", trunk: "carrier", startedAt: date(0))
    }

    @Test func eventsAreQueuedAfterTheRecordTheyBelongTo() throws {
        let store = try GatewayStore.inMemory()
        let recorder = CallRecorder(store: store, logger: Logger(label: "test.recorder"))
        let dropped = CallRecordEvent(at: date(10), kind: CallRecordEvent.browserDropped, detail: "DTLS closed")
        let resumed = CallRecordEvent(at: date(12), kind: CallRecordEvent.browserResumed, detail: "new peer connection")
        recorder.started(record(id: "c1"))
        recorder.answered(id: "c1", at: date(2))
        recorder.event(id: "c1", dropped)
        recorder.event(id: "c1", resumed)
        // An unknown call is logged, not fatal, and does not stop later writes.
        recorder.event(id: "unknown", dropped)
        recorder.ended(id: "c1", at: date(60), side: "web", cause: "normal_clearing", sipStatus: nil, q850: 16)
        recorder.flush()

        let stored = try #require(try store.record(id: "c1"))
        #expect(stored.events == [dropped, resumed])
        #expect(stored.answeredAt == date(2) && stored.endedAt == date(60))
        #expect(try store.events(callID: "unknown") == [])
    }

    @Test func oneRecordIsSentWithItsEvents() throws {
        var one = record(id: "c9")
        one.events = [CallRecordEvent(at: date(5), kind: CallRecordEvent.browserDropped, detail: "ICE consent lost"),
                      CallRecordEvent(at: date(7), kind: CallRecordEvent.resumeRefused)]
        let body = try #require(String(data: JSONResponse.encode(one), encoding: .utf8))
        #expect(body.contains(#""events":[{"at":"2025-06-15T15:06:45Z","detail":"ICE consent lost","kind":"browser_dropped"},{"at":"2025-06-15T15:06:47Z","kind":"resume_refused"}]"#))
        // Records listed by `GET /api/calls` have no events loaded and no `events` key.
        let listed = try #require(String(data: JSONResponse.encode([record(id: "c9")]), encoding: .utf8))
        #expect(!listed.contains("events"))
    }
}
