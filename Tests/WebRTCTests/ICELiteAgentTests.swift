import CoreTypes
import Testing
@testable import WebRTC

@Suite struct ICELiteAgentTests {
    static let local = ICECredentials(ufrag: "gwUF", password: "gatewaypassword0123456789")
    static let remote = ICECredentials(ufrag: "brUF", password: "browserpassword0123456789")
    static let browser = Endpoint(host: "198.51.100.7", port: 50_000)
    static let otherPath = Endpoint(host: "2001:db8::7", port: 50_002)

    func makeAgent() -> ICELiteAgent {
        ICELiteAgent(local: Self.local, remote: Self.remote)
    }

    /// A connectivity check as a browser sends it (RFC 8445 §7.2.4).
    func check(
        username: String = "gwUF:brUF", password: String = "gatewaypassword0123456789",
        useCandidate: Bool = false, fingerprint: Bool = true, integrity: Bool = true,
        messageClass: STUNClass = .request, transactionID: STUNTransactionID = .random()
    ) -> [UInt8] {
        var attributes: [STUNAttribute] = [
            .username(username), .priority(0x6E00_1EFF), .iceControlling(tiebreaker: 0xDEAD_BEEF),
        ]
        if useCandidate { attributes.append(.useCandidate) }
        let message = STUNMessage(messageClass: messageClass, method: .binding,
                                  transactionID: transactionID, attributes: attributes)
        return message.serialized(
            integrityKey: integrity ? STUNMessage.shortTermKey(password: password) : nil,
            fingerprint: fingerprint)
    }

    @Test func answersAuthenticatedCheckWithSignedResponse() throws {
        var agent = makeAgent()
        let id = STUNTransactionID.random()
        let outcome = agent.handle(stun: check(transactionID: id), from: Self.browser, now: .seconds(1))
        guard case .respond(let bytes, let to) = outcome else {
            Issue.record("expected a response, got \(outcome)")
            return
        }
        #expect(to == Self.browser)
        let response = try STUNMessage.parse(bytes)
        #expect(response.messageClass == .successResponse)
        #expect(response.method == .binding)
        #expect(response.transactionID == id)
        #expect(response.xorMappedAddress == Self.browser)
        #expect(response.hasValidIntegrity(key: STUNMessage.shortTermKey(password: Self.local.password)))
        #expect(!response.hasValidIntegrity(key: STUNMessage.shortTermKey(password: Self.remote.password)))
        #expect(response.hasValidFingerprint)
        // The first valid check selects its pair until a nomination arrives.
        #expect(agent.selectedRemote == Self.browser)
        #expect(!agent.isNominated)
        #expect(agent.lastConsent == .seconds(1))
    }

    @Test func ignoresCheckSignedWithTheWrongPassword() {
        var agent = makeAgent()
        let outcome = agent.handle(stun: check(password: Self.remote.password), from: Self.browser, now: .zero)
        #expect(outcome == .ignored(.badIntegrity))
        #expect(agent.selectedRemote == nil)
        #expect(agent.lastConsent == nil)
    }

    @Test func ignoresCheckWithoutIntegrity() {
        var agent = makeAgent()
        #expect(agent.handle(stun: check(integrity: false), from: Self.browser, now: .zero) == .ignored(.badIntegrity))
    }

    @Test func ignoresCheckWithoutFingerprint() {
        var agent = makeAgent()
        #expect(agent.handle(stun: check(fingerprint: false), from: Self.browser, now: .zero) == .ignored(.badFingerprint))
    }

    @Test func ignoresWrongOrReversedUfrag() {
        var agent = makeAgent()
        #expect(agent.handle(stun: check(username: "brUF:gwUF"), from: Self.browser, now: .zero) == .ignored(.wrongUsername))
        #expect(agent.handle(stun: check(username: "gwUF:other"), from: Self.browser, now: .zero) == .ignored(.wrongUsername))
        #expect(agent.handle(stun: check(username: "gwUF"), from: Self.browser, now: .zero) == .ignored(.wrongUsername))
        #expect(agent.selectedRemote == nil)
    }

    @Test func ignoresNonBindingRequestsAndGarbage() {
        var agent = makeAgent()
        #expect(agent.handle(stun: check(messageClass: .successResponse), from: Self.browser, now: .zero)
                == .ignored(.notBindingRequest))
        #expect(agent.handle(stun: check(messageClass: .indication), from: Self.browser, now: .zero)
                == .ignored(.notBindingRequest))
        let allocate = STUNMessage(messageClass: .request, method: STUNMethod(rawValue: 0x003))
            .serialized(integrityKey: Array(Self.local.password.utf8), fingerprint: true)
        #expect(agent.handle(stun: allocate, from: Self.browser, now: .zero) == .ignored(.notBindingRequest))
        #expect(agent.handle(stun: [0, 1, 0], from: Self.browser, now: .zero) == .ignored(.malformed(.tooShort)))
    }

    @Test func nominationSwitchesTheSelectedPair() {
        var agent = makeAgent()
        _ = agent.handle(stun: check(), from: Self.browser, now: .seconds(1))
        // A second unnominated path does not take over.
        _ = agent.handle(stun: check(), from: Self.otherPath, now: .seconds(2))
        #expect(agent.selectedRemote == Self.browser)
        #expect(agent.lastConsent == .seconds(1))
        // USE-CANDIDATE on the other path moves media there.
        _ = agent.handle(stun: check(useCandidate: true), from: Self.otherPath, now: .seconds(3))
        #expect(agent.selectedRemote == Self.otherPath)
        #expect(agent.isNominated)
        #expect(agent.lastConsent == .seconds(3))
        // Checks on the old pair no longer renew consent.
        _ = agent.handle(stun: check(), from: Self.browser, now: .seconds(4))
        #expect(agent.selectedRemote == Self.otherPath)
        #expect(agent.lastConsent == .seconds(3))
    }

    @Test func consentExpiresWithoutChecks() {
        var agent = makeAgent()
        #expect(!agent.consentExpired(now: .seconds(100), timeout: .seconds(30)))
        _ = agent.handle(stun: check(useCandidate: true), from: Self.browser, now: .seconds(10))
        #expect(agent.consentDeadline(timeout: .seconds(30)) == .seconds(40))
        #expect(!agent.consentExpired(now: .seconds(39), timeout: .seconds(30)))
        #expect(agent.consentExpired(now: .seconds(40), timeout: .seconds(30)))
        // RFC 7675: a fresh check renews consent.
        _ = agent.handle(stun: check(), from: Self.browser, now: .seconds(38))
        #expect(!agent.consentExpired(now: .seconds(60), timeout: .seconds(30)))
        #expect(agent.consentExpired(now: .seconds(68), timeout: .seconds(30)))
    }

    @Test func generatedCredentialsFollowRFC8839() {
        let a = ICELiteAgent.generateCredentials()
        let b = ICELiteAgent.generateCredentials()
        let iceChars = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/")
        #expect(a.ufrag.count >= 4 && a.ufrag.count <= 256)
        #expect(a.password.count >= 22 && a.password.count <= 256)
        #expect(a.ufrag.allSatisfy(iceChars.contains))
        #expect(a.password.allSatisfy(iceChars.contains))
        #expect(a != b)
    }
}
