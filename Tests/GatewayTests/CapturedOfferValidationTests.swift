import Foundation
import SDP
import Testing
@testable import Gateway

/// The gateway's WebRTC leg against offers captured from real peers
/// (`tests/interop/capture_offers.py`), read from the SDP tests' fixtures.
@Suite struct CapturedOfferValidationTests {
    /// What each peer really offers; random values (credentials, fingerprint) are
    /// compared with the SDP text itself rather than written here.
    struct Capture: Sendable, CustomTestStringConvertible {
        var file: String
        var opusPayloadType: UInt8
        var telephoneEvent48k: UInt8?
        var telephoneEvent8k: UInt8?
        /// The formats the answer keeps: Opus, then the telephone-event it chose.
        var answeredFormats: [String]
        var testDescription: String { file }
    }

    static let captures = [
        Capture(file: "captured-aiortc-offer", opusPayloadType: 96,
                telephoneEvent48k: nil, telephoneEvent8k: nil, answeredFormats: ["96"]),
        Capture(file: "captured-chromium-offer", opusPayloadType: 111,
                telephoneEvent48k: 110, telephoneEvent8k: 126, answeredFormats: ["111", "110"]),
    ]

    let local = WebLocalMedia(address: "127.0.0.1", port: 40_000, iceUfrag: "gwUf",
                              icePwd: "gatewaypassword0123456789",
                              fingerprint: "AA:BB", ssrc: 1234, cname: "cname1")

    /// GatewayTests has no resources: the files are read from the source tree.
    static func captured(_ name: String) throws -> String {
        let fixtures = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // GatewayTests
            .deletingLastPathComponent()   // Tests
            .appendingPathComponent("SDPTests/Fixtures")
        let data = try Data(contentsOf: fixtures.appendingPathComponent("\(name).sdp"))
        return String(decoding: data, as: UTF8.self)
    }

    @Test(arguments: captures)
    func validateAcceptsTheCapturedOffer(capture: Capture) throws {
        let text = try Self.captured(capture.file)
        let audio = try #require(try SessionDescription.parse(text).media.first)
        let offer = try WebOffer.validate(text).get()
        #expect(offer.audioIndex == 0)
        #expect(offer.mid == "0")
        #expect(offer.opusPayloadType == capture.opusPayloadType)
        #expect(offer.telephoneEvent48kPayloadType == capture.telephoneEvent48k)
        #expect(offer.telephoneEvent8kPayloadType == capture.telephoneEvent8k)
        #expect(offer.iceUfrag == audio.iceUfrag)
        #expect(offer.icePwd == audio.icePwd)
        #expect(offer.fingerprint.algorithm == "sha-256")
        #expect(offer.fingerprint == audio.fingerprints.first { $0.algorithm == "sha-256" })
        #expect(offer.fingerprint.digest?.count == 32)
    }

    @Test(arguments: captures)
    func answerReadsBackWithTheOffersMidAndOpus(capture: Capture) throws {
        let offer = try WebOffer.validate(try Self.captured(capture.file)).get()
        let answer = try SessionDescription.parse(WebAnswer.build(offer: offer, local: local, sessionID: 7))
        #expect(answer.isICELite)
        #expect(answer.media.count == 1)
        let audio = try #require(answer.media.first)
        #expect(audio.mid == offer.mid)
        #expect(answer.bundleMids == [try #require(offer.mid)])
        #expect(audio.formats == capture.answeredFormats)
        #expect(audio.rtpMap(for: capture.opusPayloadType)
                == RTPMap(payloadType: capture.opusPayloadType, encodingName: "opus",
                          clockRate: 48000, channels: 2))
        #expect(audio.setup == .passive)
        #expect(audio.rtcpMux)
        #expect(audio.proto == "UDP/TLS/RTP/SAVPF")
        #expect(audio.candidates.map(\.address) == ["127.0.0.1"])
        #expect(audio.candidates.first?.port == 40_000)
    }
}
