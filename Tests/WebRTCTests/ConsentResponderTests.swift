import CoreTypes
import Testing
@testable import WebRTC

/// The quick consent answers: what the ICE agent would answer, byte for byte, and nothing it
/// would not.
@Suite struct ConsentResponderTests {
    static let local = ICELiteAgentTests.local
    static let remote = ICELiteAgentTests.remote
    let responder = ConsentResponder(local: Self.local, remote: Self.remote)
    let checks = ICELiteAgentTests()

    /// The responder's answer to `request` from `source`, as bytes, and the nomination flag.
    func quick(_ request: [UInt8], from source: Endpoint, room: Int = 128) -> (bytes: [UInt8], useCandidate: Bool)? {
        guard let address = IPAddressLiteral.bytes(of: source.host) else { return nil }
        var out = [UInt8](repeating: 0, count: room)
        let answer = request.withUnsafeBytes { request in
            address.withUnsafeBytes { address in
                out.withUnsafeMutableBytes { responder.answer(request, address: address, port: UInt16(source.port), into: $0) }
            }
        }
        return answer.map { (Array(out[0..<$0.length]), $0.useCandidate) }
    }

    /// What the agent answers, from a fresh agent.
    func agentsAnswer(_ request: [UInt8], from source: Endpoint) -> [UInt8]? {
        var agent = ICELiteAgent(local: Self.local, remote: Self.remote)
        if case .respond(let bytes, _) = agent.handle(stun: request, from: source, now: .seconds(1)) { return bytes }
        return nil
    }

    @Test(arguments: [ICELiteAgentTests.browser, ICELiteAgentTests.otherPath])
    func theAnswerIsTheAgentsByteForByte(source: Endpoint) throws {
        for useCandidate in [false, true] {
            let request = checks.check(useCandidate: useCandidate)
            let answer = try #require(quick(request, from: source))
            #expect(answer.bytes == agentsAnswer(request, from: source))
            #expect(answer.useCandidate == useCandidate)
            let response = try STUNMessage.parse(answer.bytes)
            #expect(response.xorMappedAddress == source)
            #expect(response.hasValidIntegrity(key: STUNMessage.shortTermKey(password: Self.local.password)))
            #expect(response.hasValidFingerprint)
        }
    }

    @Test func refusesWhatTheAgentIgnores() {
        let source = ICELiteAgentTests.browser
        let refused: [[UInt8]] = [
            checks.check(password: Self.remote.password),
            checks.check(integrity: false),
            checks.check(fingerprint: false),
            checks.check(username: "brUF:gwUF"),
            checks.check(username: "gwUF"),
            checks.check(messageClass: .indication),
            checks.check(messageClass: .successResponse),
            Array(checks.check().prefix(19)),
            [],
        ]
        for request in refused {
            #expect(quick(request, from: source) == nil)
            #expect(agentsAnswer(request, from: source) == nil)
        }
        // No room for the answer: nothing is written.
        #expect(quick(checks.check(), from: source, room: ConsentResponder.maximumResponseLength - 1) == nil)
    }

    @Test func damagedChecksAreAnsweredExactlyWhenTheAgentAnswersThem() {
        // Every byte of a valid check changed in turn, and every length cut: the quick path
        // never answers what the agent would not, and answers the same bytes when both do.
        let source = ICELiteAgentTests.browser
        let request = checks.check(useCandidate: true)
        var damaged: [[UInt8]] = (0..<request.count).flatMap { index in
            [0x01, 0x80, 0xFF].map { flip -> [UInt8] in
                var copy = request
                copy[index] ^= UInt8(flip)
                return copy
            }
        }
        damaged += (0..<request.count).map { Array(request.prefix($0)) }
        var answered = 0
        for bytes in damaged {
            let quickAnswer = quick(bytes, from: source)?.bytes
            #expect(quickAnswer == agentsAnswer(bytes, from: source), "\(bytes)")
            if quickAnswer != nil { answered += 1 }
        }
        // FINGERPRINT covers every byte before it, so neither answers any damaged check.
        #expect(answered == 0)
    }
}
