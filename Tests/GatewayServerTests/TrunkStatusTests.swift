import Config
import CoreTypes
import Foundation
import Gateway
import SIP
import Testing
@testable import GatewayServer

/// The runtime side of trunk registration that needs no socket: the JSON of
/// `GET /api/trunks`, the engine's deadline table and the digest user of calls.
@Suite struct TrunkStatusTests {
    func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test func everyRegistrationKeyIsWrittenEvenWhenNull() throws {
        var registration = RegistrationStatus(state: "failed", registrar: "192.0.2.10:5060",
                                              lastError: "403 Forbidden")
        registration.retryAt = "2026-01-01T10:00:05.000Z"
        let trunk = TrunkStatus(name: "carrier", address: "192.0.2.10:5060", transport: "udp",
                                registration: registration)
        #expect(try json([trunk]) == #"[{"address":"192.0.2.10:5060","keepAlive":null,"name":"carrier","#
            + #""registration":{"expiresAt":null,"lastError":"403 Forbidden","registrar":"192.0.2.10:5060","#
            + #""retryAt":"2026-01-01T10:00:05.000Z","state":"failed"},"transport":"udp"}]"#)
    }

    @Test func aTrunkThatDoesNotRegisterHasANullRegistration() throws {
        let trunk = TrunkStatus(name: "pbx", address: "[2001:db8::1]:5060", transport: "tls", registration: nil)
        #expect(try json(trunk) == #"{"address":"[2001:db8::1]:5060","keepAlive":null,"name":"pbx","registration":null,"transport":"tls"}"#)
    }

    @Test func keepAliveShowsTheProbeResult() throws {
        var trunk = TrunkStatus(name: "pbx", address: "192.0.2.1:5060", transport: "udp", registration: nil)
        trunk.keepAlive = KeepAliveStatus(.up(roundTrip: .milliseconds(42)))
        #expect(try json(trunk).contains(#""keepAlive":{"reason":null,"roundTripMs":42,"state":"up"}"#))
        trunk.keepAlive = KeepAliveStatus(.down(reason: "no answer to OPTIONS"))
        #expect(try json(trunk).contains(#""keepAlive":{"reason":"no answer to OPTIONS","roundTripMs":null,"state":"down"}"#))
    }

    @Test func tableDeadlineIsTheEarliestOfItsRegistrations() throws {
        func registration(expires: Int) -> TrunkRegistration {
            let plan = RegistrationPlan(trunkName: "t\(expires)", registrar: Endpoint(host: "192.0.2.1", port: 5060),
                                        domain: "example.com", username: "u", password: "p",
                                        local: LocalSIPAddress(endpoint: Endpoint(host: "192.0.2.2", port: 5060),
                                                               userAgent: "gw"),
                                        expires: expires, callID: "c\(expires)", fromTag: "f")
            return TrunkRegistration(plan: plan, random: { 0 })
        }
        var table = RegistrationTable()
        #expect(table.nextDeadline == nil)
        for expires in [600, 60] {
            var r = registration(expires: expires)
            let register = r.start(now: .zero).compactMap { action -> SIPRequest? in
                if case .sendRequest(let request, _) = action { return request } else { return nil }
            }
            var ok = try #require(register.first).makeResponse(status: 200, toTag: "x")
            ok.headers.add("Expires", String(expires))
            _ = r.handle(.sipResponse(ok), now: .zero)
            table.byTrunk[r.plan.trunkName] = r
        }
        // 60 s granted: refreshed at 30 s, before the 600 s one (480 s).
        #expect(table.nextDeadline == .seconds(30))
    }

    @Test func authUsernameSignsTheCallsChallengesToo() {
        let trunk = TrunkConfig(name: "carrier", address: Endpoint(host: "192.0.2.10", port: 5060),
                                username: "4930123", password: "pw", authUsername: "acct-77")
        #expect(trunk.target.username == "acct-77")
        let plain = TrunkConfig(name: "carrier", address: Endpoint(host: "192.0.2.10", port: 5060),
                                username: "4930123", password: "pw")
        #expect(plain.target.username == "4930123")
    }
}

