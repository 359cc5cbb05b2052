import CoreTypes
import Testing
@testable import Gateway

/// Reading and writing the DTMF bodies of SIP INFO requests (`application/dtmf-relay`,
/// `application/dtmf`).
@Suite struct DTMFInfoBodyTests {
    typealias Format = DTMFInfoBody.Format

    /// (body, format, key, duration in ms or -1 for none)
    static let goodBodies: [(String, Format, String, Int)] = [
        ("Signal=5\r\nDuration=160", .dtmfRelay, "5", 160),
        ("Signal=5\r\nDuration=160\r\n", .dtmfRelay, "5", 160),
        ("signal=1\nduration=250\n", .dtmfRelay, "1", 250),
        ("SIGNAL = 0 \r\n DURATION = 100 ", .dtmfRelay, "0", 100),
        ("\tSignal\t=\t8\t\r\n", .dtmfRelay, "8", -1),
        ("Signal= *\r\nDuration= 100", .dtmfRelay, "*", 100),
        ("Signal=#", .dtmfRelay, "#", -1),
        ("Signal=a\r\nDuration=40", .dtmfRelay, "A", 40),
        ("Signal=D\r\nDuration=0", .dtmfRelay, "D", 0),
        ("Signal=10", .dtmfRelay, "*", -1),
        ("Signal=11", .dtmfRelay, "#", -1),
        ("Signal=12", .dtmfRelay, "A", -1),
        ("Signal=15", .dtmfRelay, "D", -1),
        ("Signal=05", .dtmfRelay, "5", -1),
        ("Signal=9\r\nDuration=9999", .dtmfRelay, "9", 9999),
        ("Duration=120\r\nSignal=3", .dtmfRelay, "3", 120),
        ("Signal=7\r\nDuration=160\r\nVolume=10", .dtmfRelay, "7", 160),
        ("\r\n\r\nSignal=2\r\n\r\n", .dtmfRelay, "2", -1),
        ("Signal=3\rDuration=80\r", .dtmfRelay, "3", 80),
        ("5", .dtmf, "5", -1),
        ("#\r\n", .dtmf, "#", -1),
        (" 11 ", .dtmf, "#", -1),
        ("10", .dtmf, "*", -1),
        ("14", .dtmf, "C", -1),
        ("b", .dtmf, "B", -1),
        ("0", .dtmf, "0", -1),
        ("Signal=4\r\nDuration=100", .dtmf, "4", 100),
    ]

    @Test(arguments: goodBodies)
    func readsGoodBodies(body: String, format: Format, key: String, milliseconds: Int) throws {
        let parsed = try DTMFInfoBody.parse(Array(body.utf8), format: format)
        #expect(parsed.digit == Character(key))
        #expect(parsed.duration == (milliseconds < 0 ? nil : .milliseconds(milliseconds)))
    }

    static let badBodies: [(String, Format, DTMFInfoBody.ParseError)] = [
        ("", .dtmfRelay, .empty),
        ("\r\n \t\r\n", .dtmfRelay, .empty),
        ("", .dtmf, .empty),
        ("Signal=", .dtmfRelay, .unknownSignal),
        ("Signal=16", .dtmfRelay, .unknownSignal),
        ("Signal=!", .dtmfRelay, .unknownSignal),
        ("Signal=E", .dtmfRelay, .unknownSignal),
        ("Signal=55", .dtmfRelay, .unknownSignal),
        ("Signal=-1", .dtmfRelay, .unknownSignal),
        ("Signal=100", .dtmfRelay, .unknownSignal),
        ("Signal=5 5", .dtmfRelay, .unknownSignal),
        ("Signal=1.0", .dtmfRelay, .unknownSignal),
        ("Signal=\"5\"", .dtmfRelay, .unknownSignal),
        ("Signal==5", .dtmfRelay, .unknownSignal),
        ("Duration=160", .dtmfRelay, .missingSignal),
        ("Volume=10", .dtmfRelay, .missingSignal),
        ("Signal=5\r\nSignal=6", .dtmfRelay, .repeatedKey),
        ("Signal=5\r\nsignal=5", .dtmfRelay, .repeatedKey),
        ("Signal=5\r\nDuration=160\r\nDuration=200", .dtmfRelay, .repeatedKey),
        ("Signal=5\r\nDuration=-100", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=10000", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=99999999999999999999999", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=abc", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=1e3", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=+160", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=160ms", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=0x10", .dtmfRelay, .impossibleDuration),
        ("Signal=5\r\nDuration=16 0", .dtmfRelay, .impossibleDuration),
        ("hello world", .dtmfRelay, .malformedLine),
        ("Signal:5", .dtmfRelay, .malformedLine),
        ("=5", .dtmfRelay, .malformedLine),
        ("Sig nal=5", .dtmfRelay, .malformedLine),
        ("Signal=5\r\nVia: SIP/2.0/UDP 203.0.113.9", .dtmfRelay, .malformedLine),
        ("55", .dtmf, .unknownSignal),
        ("16", .dtmf, .unknownSignal),
        ("x", .dtmf, .unknownSignal),
        ("5\r\n6", .dtmf, .unknownSignal),
        ("5 6", .dtmf, .unknownSignal),
        ("Signal=5\u{0}", .dtmfRelay, .notText),
        ("Signal=\u{0665}", .dtmfRelay, .notText),
        ("Signal=\u{FF15}", .dtmfRelay, .notText),
        ("Signal=5\u{0301}", .dtmfRelay, .notText),
        ("Signal=5\u{1B}[31m", .dtmfRelay, .notText),
        ("\u{FEFF}Signal=5", .dtmfRelay, .notText),
        ("5\u{7F}", .dtmf, .notText),
        (String(repeating: "x", count: 513), .dtmfRelay, .tooLarge),
        ("Signal=5\r\n" + String(repeating: " ", count: 600), .dtmfRelay, .tooLarge),
        (String(repeating: "5", count: 100_000), .dtmf, .tooLarge),
    ]

    @Test(arguments: badBodies)
    func refusesBadBodies(body: String, format: Format, error: DTMFInfoBody.ParseError) {
        #expect(throws: error) { try DTMFInfoBody.parse(Array(body.utf8), format: format) }
    }

    @Test func refusesBytesThatAreNotText() {
        for bytes: [UInt8] in [[0xFF], [0x53, 0x69, 0x00, 0x35], [0xC0, 0xB5], [0xEF, 0xBB, 0xBF, 0x35],
                               Array("Signal=5".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })] {
            #expect(throws: DTMFInfoBody.ParseError.notText) { try DTMFInfoBody.parse(bytes, format: .dtmfRelay) }
        }
    }

    @Test func aBodyOfExactlyTheLimitIsRead() throws {
        let body = "Signal=6\r\n" + String(repeating: " ", count: DTMFInfoBody.maximumBodyBytes - 10)
        #expect(body.utf8.count == DTMFInfoBody.maximumBodyBytes)
        #expect(try DTMFInfoBody.parse(Array(body.utf8), format: .dtmfRelay).digit == "6")
    }

    @Test func everyKeyRoundTripsInBothFormats() throws {
        for key in "0123456789*#ABCD" {
            let relay = DTMFInfoBody(digit: key, duration: .milliseconds(100))
            #expect(String(decoding: relay.serialized(as: .dtmfRelay), as: UTF8.self) == "Signal=\(key)\r\nDuration=100\r\n")
            #expect(try DTMFInfoBody.parse(relay.serialized(as: .dtmfRelay), format: .dtmfRelay) == relay)
            #expect(String(decoding: relay.serialized(as: .dtmf), as: UTF8.self) == String(key))
            #expect(try DTMFInfoBody.parse(relay.serialized(as: .dtmf), format: .dtmf) == DTMFInfoBody(digit: key))
        }
    }

    @Test func eventCodesMapToRFC4733Keys() throws {
        let keys = try (0...15).map { try DTMFInfoBody.parse(Array(String($0).utf8), format: .dtmf).digit }
        #expect(String(keys) == "0123456789*#ABCD")
    }

    @Test(arguments: [
        ("application/dtmf-relay", Format?.some(.dtmfRelay)),
        ("Application/DTMF-Relay; charset=utf-8", .dtmfRelay),
        (" application/dtmf ", .dtmf),
        ("application/dtmf;x=1", .dtmf),
        ("application/sdp", nil),
        ("application/dtmf-relay2", nil),
        ("audio/telephone-event", nil),
        ("", nil),
    ])
    func formatsByMediaType(mediaType: String, format: Format?) {
        #expect(Format(mediaType: mediaType) == format)
    }

    @Test func explanationsNeverEchoTheBody() {
        let errors: [DTMFInfoBody.ParseError] = [.empty, .tooLarge, .notText, .malformedLine, .missingSignal,
                                                 .repeatedKey, .unknownSignal, .impossibleDuration]
        #expect(Set(errors.map(\.explanation)).count == errors.count, "each reason is told apart")
        #expect(errors.allSatisfy { !$0.explanation.contains("\"") && !$0.explanation.contains("\r") })
    }
}

/// How digits go to a trunk for each `dtmf` setting.
@Suite struct TrunkDTMFModeTests {
    @Test func autoFollowsTheTrunksTelephoneEvent() {
        let withEvents = TrunkSDP.Answer(address: "192.0.2.50", port: 30000, codec: .pcmu, telephoneEventPayloadType: 101)
        let without = TrunkSDP.Answer(address: "192.0.2.50", port: 30000, codec: .pcmu, telephoneEventPayloadType: nil)
        #expect(TrunkDTMFMode.auto.method(for: withEvents) == .rfc4733)
        #expect(TrunkDTMFMode.auto.method(for: without) == .inband)
        for (mode, method) in [(TrunkDTMFMode.rfc4733, DTMFMethod.rfc4733), (.info, .info), (.inband, .inband)] {
            #expect(mode.method(for: withEvents) == method && mode.method(for: without) == method,
                    "\(mode) does not depend on the SDP")
        }
    }

    @Test func aTrunkSendsRFC4733UnlessConfigured() {
        #expect(Fixture.trunk().dtmf == .rfc4733)
    }
}
