import CoreTypes
import Foundation
import Hashing
import Testing
@testable import GatewayServer

/// ICE servers handed to browsers: credentials made from a TURN secret, and the admin
/// API's list with its mistakes named and its secrets kept.
@Suite struct ICEServerTests {
    @Test func aSecretMakesCredentialsPerIdentityAsCoturnChecksThem() {
        let turn = ICEServer(urls: ["turn:turn.example.org:3478"], secret: "north-secret", credentialLifetimeSeconds: 86_400)
        let handed = turn.handedOut(to: "alice", now: 1_700_000_000) { Hash.sha1.hmac(key: $0, $1) }
        // base64(HMAC-SHA1("north-secret", "1700086400:alice")), computed with Python's hmac.
        #expect(handed == ICEServer(urls: ["turn:turn.example.org:3478"], username: "1700086400:alice",
                                    credential: "Nni2GlD6PVaoCP0Cx2DhLKDWjyY="))
        let fixed = ICEServer(urls: ["turn:t.example.org"], username: "u", credential: "p")
        #expect(fixed.handedOut(to: "alice", now: 0) { _, _ in [] } == fixed)
        #expect(Base64.encode(Array("ab".utf8)) == "YWI=" && Base64.encode(Array("abc".utf8)) == "YWJj"
                && Base64.encode(Array("abcd".utf8)) == "YWJjZA==")
    }

    func read(_ json: String, current: [ICEServer] = []) -> Result<[ICEServer], ICEServerList.Mistake> {
        Result { () throws(ICEServerList.Mistake) in try ICEServerList.read(Data(json.utf8), keepingSecretsOf: current) }
    }

    func field(_ json: String) -> String? {
        if case .failure(let mistake) = read(json) { return mistake.field }
        return nil
    }

    @Test func mistakesAreNamedByTheirPlace() {
        #expect(field(#"{"servers": [{"urls": "http://x"}]}"#) == "servers[0].urls[0]")
        #expect(field(#"{"servers": [{"urls": "stun:a"}, {"urls": ["turn:b"]}]}"#) == "servers[1].username")
        #expect(field(#"{"servers": [{"urls": "turn:b", "username": "u"}]}"#) == "servers[0].credential")
        #expect(field(#"{"servers": [{"urls": "turn:b", "username": "u", "credential": "p", "secret": "s"}]}"#) == "servers[0].secret")
        #expect(field(#"{"servers": [{"urls": "turn:b", "secret": "s", "credentialTtlS": 5}]}"#) == "servers[0].credentialTtlS")
        #expect(field(#"{"servers": [{"urls": []}]}"#) == "servers[0].urls")
        #expect(field(#"{"list": []}"#) == "servers")
        #expect(field(#"{"servers": []}"#) == nil)
    }

    @Test func secretsNotSentAgainAreKeptAndNeverListed() throws {
        let current = [ICEServer(urls: ["turn:a"], secret: "s1", credentialLifetimeSeconds: 3600),
                       ICEServer(urls: ["turn:b"], username: "u", credential: "p")]
        let kept = try read(#"{"servers": [{"urls": ["turn:a"]}, {"urls": ["turn:b"], "username": "u"}]}"#, current: current).get()
        #expect(kept[0].secret == "s1" && kept[1].credential == "p")
        // Another username needs its own credential.
        if case .failure(let mistake) = read(#"{"servers": [{"urls": ["turn:b"], "username": "v"}]}"#, current: current) {
            #expect(mistake.field == "servers[0].credential")
        } else {
            Issue.record("a new username kept the old credential")
        }
        let listed = ICEServerList.listing(current[0])
        #expect(listed["hasSecret"] as? Bool == true && listed["secret"] == nil && listed["credential"] == nil)
        // The stored form reads back to the same list.
        let stored = ICEServerList.storedJSON(current)
        #expect(try read(stored).get() == current)
    }
}
