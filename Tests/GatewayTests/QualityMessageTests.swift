import Foundation
import RTP
import Testing
@testable import Gateway

/// The `quality` message: one leg's figures rounded for people, optional figures only
/// when known, and the warnings in force (docs/signaling.md, "Call quality").
@Suite struct QualityMessageTests {
    private func object(_ message: ServerMessage) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(message.json().utf8)) as? [String: Any])
    }

    /// A leg before any far-end report: no RTT, no far-end figures, no jitter buffer.
    private func earlyFigures() -> LegQuality {
        var quality = LegQuality()
        quality.packetsReceived = 250
        quality.packetsLost = 3
        quality.packetsSent = 251
        quality.lossPercent = 1.171875
        quality.jitterMilliseconds = 2.375
        quality.meanOpinionScore = 4.356
        return quality
    }

    @Test func figuresWithoutFarEndReportLeaveTheOptionalKeysOut() throws {
        let json = ServerMessage.quality(callId: "c1", leg: "trunk", quality: earlyFigures(), warnings: []).json()
        #expect(json == #"{"callId":"c1","jitterMs":2.4,"leg":"trunk","lossPercent":1.2,"mos":4.36,"#
            + #""packetsLost":3,"packetsReceived":250,"packetsSent":251,"type":"quality","warnings":[]}"#)
    }

    @Test func lossJitterAndRoundTripAreRoundedToOneDecimalAndMOSToTwo() throws {
        var quality = earlyFigures()
        quality.lossPercent = 4.6875
        quality.jitterMilliseconds = 12.349
        quality.roundTripMilliseconds = 99.96
        quality.farEndLossPercent = 0.04
        // 22.5 tenths rounds away from zero: 2.3, not the even 2.2.
        quality.farEndJitterMilliseconds = 2.25
        quality.meanOpinionScore = 3.14159
        let sent = try object(.quality(callId: "c2", leg: "browser", quality: quality, warnings: ["high_loss"]))
        #expect(sent["type"] as? String == "quality")
        #expect(sent["callId"] as? String == "c2")
        #expect(sent["leg"] as? String == "browser")
        #expect(sent["lossPercent"] as? Double == 4.7)
        #expect(sent["jitterMs"] as? Double == 12.3)
        #expect(sent["rttMs"] as? Double == 100)
        #expect(sent["farEndLossPercent"] as? Double == 0)
        #expect(sent["farEndJitterMs"] as? Double == 2.3)
        #expect(sent["mos"] as? Double == 3.14)
        #expect(sent["warnings"] as? [String] == ["high_loss"])
    }

    @Test func jitterBufferDelayIsSentOnlyWhenTheLegHasOne() throws {
        let without = try object(.quality(callId: "c3", leg: "browser", quality: earlyFigures(), warnings: []))
        #expect(without["jitterBufferMs"] == nil)
        var buffered = earlyFigures()
        buffered.jitterBufferMilliseconds = 60
        let with = try object(.quality(callId: "c3", leg: "trunk", quality: buffered, warnings: []))
        #expect(with["jitterBufferMs"] as? Int == 60)
        // Nothing else changes with it.
        #expect(Set(with.keys).subtracting(without.keys) == ["jitterBufferMs"])
    }

    @Test func everyKnownFigureHasItsKey() throws {
        var quality = earlyFigures()
        quality.roundTripMilliseconds = 12
        quality.farEndLossPercent = 1
        quality.farEndJitterMilliseconds = 3
        quality.jitterBufferMilliseconds = 40
        let sent = try object(.quality(callId: "c4", leg: "trunk", quality: quality, warnings: ["high_rtt", "low_mos"]))
        #expect(Set(sent.keys) == ["type", "callId", "leg", "warnings", "mos", "lossPercent", "jitterMs",
                                   "packetsReceived", "packetsLost", "packetsSent", "rttMs", "farEndLossPercent",
                                   "farEndJitterMs", "jitterBufferMs"])
        #expect(sent["warnings"] as? [String] == ["high_rtt", "low_mos"])
        #expect(sent["packetsReceived"] as? Int == 250)
        #expect(sent["packetsLost"] as? Int == 3)
        #expect(sent["packetsSent"] as? Int == 251)
    }

    @Test func aNegativeCumulativeLossIsSentAsIs() throws {
        var quality = earlyFigures()
        quality.packetsLost = -2
        let sent = try object(.quality(callId: "c5", leg: "browser", quality: quality, warnings: []))
        #expect(sent["packetsLost"] as? Int == -2)
    }

    /// Written member by member in a kept array, the message is the text `JSONValue` writes
    /// for the same members as a dictionary (sorted keys, the same numbers), whatever the
    /// figures and whichever optional ones are known; and reusing an array leaves nothing of
    /// the message before.
    @Test func writtenInPlaceItIsTheSortedObjectsText() throws {
        var generator = SystemRandomNumberGenerator()
        var kept: [UInt8] = Array(repeating: UInt8(ascii: "x"), count: 600)
        for round in 0..<500 {
            var quality = LegQuality()
            quality.packetsReceived = UInt32.random(in: 0...UInt32.max, using: &generator)
            quality.packetsLost = Int32.random(in: -50...Int32.max, using: &generator)
            quality.packetsSent = UInt32.random(in: 0...1_000_000, using: &generator)
            quality.lossPercent = Double.random(in: 0...100, using: &generator)
            quality.jitterMilliseconds = Double.random(in: 0...500, using: &generator)
            quality.meanOpinionScore = Double.random(in: 1...4.5, using: &generator)
            if Bool.random(using: &generator) { quality.roundTripMilliseconds = Double.random(in: 0...2000, using: &generator) }
            if Bool.random(using: &generator) { quality.farEndLossPercent = Double.random(in: 0...100, using: &generator) }
            if Bool.random(using: &generator) { quality.farEndJitterMilliseconds = Double.random(in: 0...300, using: &generator) }
            if Bool.random(using: &generator) { quality.jitterBufferMilliseconds = Int.random(in: 0...400, using: &generator) }
            let warnings = ["high_jitter", "high_loss", "high_rtt", "low_mos"].filter { _ in Bool.random(using: &generator) }
            let callId = round % 7 == 0 ? "quote\"back\\slash\n\u{1}é" : "call-\(round)"
            let message = ServerMessage.quality(callId: callId, leg: round % 2 == 0 ? "trunk" : "browser",
                                                quality: quality, warnings: warnings)
            message.writeJSON(into: &kept)
            let expected = JSONValue.object(Self.members(callId: callId, leg: round % 2 == 0 ? "trunk" : "browser",
                                                         quality: quality, warnings: warnings)).text
            #expect(String(decoding: kept, as: UTF8.self) == expected)
            #expect(message.json() == expected)
        }
    }

    /// The message as a dictionary of values, the way every other message is made.
    private static func members(callId: String, leg: String, quality: LegQuality, warnings: [String]) -> [String: JSONValue] {
        func rounded(_ value: Double, _ places: Double = 10) -> JSONValue { .double((value * places).rounded() / places) }
        var object: [String: JSONValue] = [
            "type": .string("quality"), "callId": .string(callId), "leg": .string(leg),
            "warnings": .array(warnings.map(JSONValue.string)),
            "mos": rounded(quality.meanOpinionScore, 100), "lossPercent": rounded(quality.lossPercent),
            "jitterMs": rounded(quality.jitterMilliseconds), "packetsReceived": .int(Int(quality.packetsReceived)),
            "packetsLost": .int(Int(quality.packetsLost)), "packetsSent": .int(Int(quality.packetsSent)),
        ]
        if let rtt = quality.roundTripMilliseconds { object["rttMs"] = rounded(rtt) }
        if let loss = quality.farEndLossPercent { object["farEndLossPercent"] = rounded(loss) }
        if let jitter = quality.farEndJitterMilliseconds { object["farEndJitterMs"] = rounded(jitter) }
        if let buffer = quality.jitterBufferMilliseconds { object["jitterBufferMs"] = .int(buffer) }
        return object
    }
}
