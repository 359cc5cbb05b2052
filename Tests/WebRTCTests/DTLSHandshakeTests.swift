import CoreTypes
import Hashing
import Testing
@testable import WebRTC

@Suite struct DTLSHandshakeTests {
    @Test func handshakeConnectsBothSidesWithMirroredKeys() throws {
        var pair = try DTLSPair()
        #expect(pair.server.start(now: .seconds(1)).isEmpty)   // the server waits for a ClientHello
        pair.connect()
        let serverKeys = try #require(pair.server.state.keyingMaterial)
        let clientKeys = try #require(pair.client.state.keyingMaterial)
        // GCM is offered first by both sides.
        #expect(serverKeys.profile == .aeadAes128Gcm)
        #expect(clientKeys.profile == .aeadAes128Gcm)
        #expect(serverKeys.localKeyAndSalt.count == 28)
        #expect(serverKeys.localKeyAndSalt == clientKeys.remoteKeyAndSalt)
        #expect(serverKeys.remoteKeyAndSalt == clientKeys.localKeyAndSalt)
        #expect(serverKeys.localKeyAndSalt != serverKeys.remoteKeyAndSalt)
        // Flights fit the fixed MTU and demultiplex as DTLS (RFC 7983).
        #expect(!pair.sent.isEmpty)
        for datagram in pair.sent {
            #expect(datagram.count <= 1200)
            #expect(PacketDemux.classify(datagram) == .dtls)
        }
        // Nothing left to retransmit: the client has the server's Finished,
        // and the server's final flight is only resent when the client
        // repeats its own (RFC 6347 §4.2.4).
        #expect(pair.client.nextTimeout == nil)
        #expect(pair.server.nextTimeout == nil)
    }

    @Test func negotiatesAESCMWhenThatIsAllThePeerOffers() throws {
        var pair = try DTLSPair(clientProfiles: [.aes128CmHmacSha1_80])
        pair.connect()
        let serverKeys = try #require(pair.server.state.keyingMaterial)
        let clientKeys = try #require(pair.client.state.keyingMaterial)
        #expect(serverKeys.profile == .aes128CmHmacSha1_80)
        #expect(serverKeys.localKeyAndSalt.count == 30)
        #expect(serverKeys.localKeyAndSalt == clientKeys.remoteKeyAndSalt)
        #expect(serverKeys.remoteKeyAndSalt == clientKeys.localKeyAndSalt)
    }

    @Test func stateChangeIsReported() throws {
        let pair = try DTLSPair()
        let hello = pair.client.start(now: .zero)
        #expect(pair.client.nextTimeout != nil)   // ClientHello awaits an answer
        var changes: [DTLSState] = []
        var toServer = hello
        for _ in 0..<5 where !toServer.isEmpty {
            var toClient: [[UInt8]] = []
            for datagram in toServer {
                let result = pair.server.receive(datagram, now: .zero)
                toClient += result.datagrams
                if let change = result.stateChange { changes.append(change) }
            }
            toServer = []
            for datagram in toClient { toServer += pair.client.receive(datagram, now: .zero).datagrams }
        }
        #expect(changes.count == 1)
        #expect(changes.first?.keyingMaterial != nil)
    }

    @Test func serverRejectsPeerWhoseCertificateDoesNotMatch() throws {
        let stranger = try DTLSCertificate()
        var pair = try DTLSPair(serverExpects: stranger.fingerprint)
        pair.connect()
        guard case .failed(let error) = pair.server.state else {
            Issue.record("server should fail, is \(pair.server.state)")
            return
        }
        #expect(error.kind == .fingerprintMismatch)
        #expect(error.reason.contains(stranger.fingerprint))
        #expect(pair.server.nextTimeout == nil)
        // The client learns about it through the close_notify the server sent.
        #expect(pair.client.state == .closed)
    }

    @Test func clientRejectsServerWhoseCertificateDoesNotMatch() throws {
        var pair = try DTLSPair(clientExpects: try DTLSCertificate().fingerprint)
        pair.connect()
        guard case .failed(let error) = pair.client.state else {
            Issue.record("client should fail, is \(pair.client.state)")
            return
        }
        #expect(error.kind == .fingerprintMismatch)
    }

    @Test func fingerprintComparisonIgnoresCase() throws {
        let serverCertificate = try DTLSCertificate()
        let clientCertificate = try DTLSCertificate()
        let server = try DTLSEndpoint(certificate: serverCertificate, role: .server,
                                      remoteFingerprint: ("SHA-256", clientCertificate.fingerprint.lowercased()))
        let client = try DTLSEndpoint(certificate: clientCertificate, role: .client,
                                      remoteFingerprint: ("sha-256", serverCertificate.fingerprint))
        var toServer = client.start(now: .zero)
        for _ in 0..<5 {
            var toClient: [[UInt8]] = []
            for d in toServer { toClient += server.receive(d, now: .zero).datagrams }
            toServer = []
            for d in toClient { toServer += client.receive(d, now: .zero).datagrams }
        }
        #expect(server.state.keyingMaterial != nil)
        #expect(client.state.keyingMaterial != nil)
    }

    @Test func rejectsUnusableFingerprints() throws {
        let certificate = try DTLSCertificate()
        for (algorithm, value) in [("md5", certificate.fingerprint), ("sha-256", "AB:CD"),
                                   ("sha-256", String(certificate.fingerprint.dropLast())),
                                   ("sha-256", String(certificate.fingerprint.map { $0 == ":" ? "-" : $0 }))] {
            #expect(throws: DTLSError.self) {
                _ = try DTLSEndpoint(certificate: certificate, role: .server, remoteFingerprint: (algorithm, value))
            }
        }
    }

    @Test func certificateFingerprintIsSHA256OfDERInSDPForm() throws {
        let certificate = try DTLSCertificate()
        let pairs = certificate.fingerprint.split(separator: ":")
        #expect(pairs.count == 32)
        #expect(pairs.allSatisfy { $0.count == 2 && $0.allSatisfy { "0123456789ABCDEF".contains($0) } })
        let expected = Hash.sha256.digest(certificate.der).map { String($0, radix: 16, uppercase: true) }
            .map { $0.count == 1 ? "0" + $0 : $0 }.joined(separator: ":")
        #expect(certificate.fingerprint == expected)
        #expect(certificate.fingerprintAlgorithm == "sha-256")
        #expect(try DTLSCertificate().fingerprint != certificate.fingerprint)
    }

    @Test func applicationDataFlowsBothWays() throws {
        var pair = try DTLSPair()
        pair.connect()
        var received: [[UInt8]] = []
        for datagram in pair.client.send(Array("hello".utf8), now: .seconds(2)) {
            received += pair.server.receive(datagram, now: .seconds(2)).applicationData
        }
        #expect(received == [Array("hello".utf8)])
        received = []
        for datagram in pair.server.send([1, 2, 3], now: .seconds(2)) {
            received += pair.client.receive(datagram, now: .seconds(2)).applicationData
        }
        #expect(received == [[1, 2, 3]])
    }

    @Test func closeNotifyIsReportedAsClosed() throws {
        var pair = try DTLSPair()
        pair.connect()
        let goodbye = pair.client.close(now: .seconds(5))
        #expect(!goodbye.isEmpty)
        #expect(pair.client.state == .closed)
        var changes: [DTLSState] = []
        for datagram in goodbye {
            if let change = pair.server.receive(datagram, now: .seconds(5)).stateChange { changes.append(change) }
        }
        #expect(changes == [.closed])
        #expect(pair.server.state == .closed)
        // Nothing more happens on a closed association.
        #expect(pair.server.receive(goodbye[0], now: .seconds(6)) == DTLSResult())
        #expect(pair.server.handleTimeout(now: .seconds(7)).isEmpty)
    }

    @Test func garbageNeverTraps() throws {
        let pair = try DTLSPair()
        _ = pair.client.start(now: .zero)
        var generator = SplitMix64(seed: 7)
        for length in [0, 1, 12, 13, 14, 60, 300, 1500] {
            var datagram = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if !datagram.isEmpty { datagram[0] = 22 }   // looks like a handshake record
            _ = pair.server.receive(datagram, now: .zero)
            _ = pair.client.receive(datagram, now: .zero)
        }
    }
}

@Suite struct DTLSNegotiationTests {
    /// RFC 5764 §4.1.2: without a common SRTP profile there are no keys; both sides fail.
    @Test func noCommonSRTPProfileFails() throws {
        var pair = try DTLSPair(serverProfiles: [.aeadAes128Gcm], clientProfiles: [.aes128CmHmacSha1_80])
        pair.connect()
        guard case .failed(let serverError) = pair.server.state,
              case .failed(let clientError) = pair.client.state else {
            Issue.record("both should fail: \(pair.server.state), \(pair.client.state)")
            return
        }
        #expect(serverError.kind == .noSRTPProfile)
        #expect(clientError.kind == .noSRTPProfile)
    }

    /// A small MTU splits the certificate flight over several datagrams, each within the MTU.
    @Test func smallMTUSplitsFlights() throws {
        let serverCertificate = try DTLSCertificate()
        let clientCertificate = try DTLSCertificate()
        let server = try DTLSEndpoint(certificate: serverCertificate, role: .server,
                                      remoteFingerprint: ("sha-256", clientCertificate.fingerprint), mtu: 300)
        let client = try DTLSEndpoint(certificate: clientCertificate, role: .client,
                                      remoteFingerprint: ("sha-256", serverCertificate.fingerprint), mtu: 300)
        var toServer = client.start(now: .zero)
        var largestFlight = 0
        var all: [[UInt8]] = toServer
        for _ in 0..<6 {
            var toClient: [[UInt8]] = []
            for d in toServer { toClient += server.receive(d, now: .zero).datagrams }
            largestFlight = max(largestFlight, toClient.count)
            toServer = []
            for d in toClient { toServer += client.receive(d, now: .zero).datagrams }
            all += toClient + toServer
        }
        #expect(largestFlight > 1)
        #expect(all.allSatisfy { $0.count <= 300 })
        #expect(server.state.keyingMaterial != nil)
        #expect(server.state.keyingMaterial?.localKeyAndSalt == client.state.keyingMaterial?.remoteKeyAndSalt)
    }

    @Test func recordsArePackedIntoDatagramsWithoutSplittingAny() {
        func record(_ length: Int, fill: UInt8) -> [UInt8] {
            [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, fill, UInt8(length >> 8), UInt8(length & 0xFF)]
                + [UInt8](repeating: fill, count: length)
        }
        let stream = record(100, fill: 1) + record(500, fill: 2) + record(50, fill: 3) + record(1000, fill: 4)
        let records = stream.withUnsafeBytes { DTLSEndpoint.splitRecords($0) }
        #expect(records.map(\.count) == [113, 513, 63, 1013])
        let datagrams = DTLSEndpoint.pack(records: records, mtu: 1200)
        #expect(datagrams.map(\.count) == [113 + 513 + 63, 1013])
        #expect(datagrams.joined().elementsEqual(stream))
    }
}
