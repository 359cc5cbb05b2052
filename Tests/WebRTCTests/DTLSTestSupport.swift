import CoreTypes
@testable import WebRTC

/// A server (the gateway's role) and a client (the browser's role) that
/// trust each other's certificates, with a lossless in-memory link.
struct DTLSPair {
    let server: DTLSEndpoint
    let client: DTLSEndpoint
    /// Every datagram either side produced, for size and demux checks.
    var sent: [[UInt8]] = []

    init(serverProfiles: [SRTPProfile] = DTLSContext.defaultSRTPProfiles,
         clientProfiles: [SRTPProfile] = DTLSContext.defaultSRTPProfiles,
         serverExpects: String? = nil, clientExpects: String? = nil) throws {
        let serverCertificate = try DTLSCertificate()
        let clientCertificate = try DTLSCertificate()
        server = try DTLSEndpoint(
            context: DTLSContext(certificate: serverCertificate, srtpProfiles: serverProfiles), role: .server,
            remoteFingerprint: ("sha-256", serverExpects ?? clientCertificate.fingerprint))
        client = try DTLSEndpoint(
            context: DTLSContext(certificate: clientCertificate, srtpProfiles: clientProfiles), role: .client,
            remoteFingerprint: ("sha-256", clientExpects ?? serverCertificate.fingerprint))
    }

    /// Delivers datagrams both ways until neither side has anything to send.
    mutating func pump(toServer initial: [[UInt8]], toClient initialToClient: [[UInt8]] = [], now: Instant) {
        var toServer = initial
        var toClient = initialToClient
        var rounds = 0
        while !(toServer.isEmpty && toClient.isEmpty), rounds < 50 {
            rounds += 1
            sent += toServer + toClient
            let serverInput = toServer, clientInput = toClient
            toServer = []
            toClient = []
            for datagram in serverInput { toClient += server.receive(datagram, now: now).datagrams }
            for datagram in clientInput { toServer += client.receive(datagram, now: now).datagrams }
        }
    }

    /// Runs a full handshake without loss.
    mutating func connect(now: Instant = .seconds(1)) {
        pump(toServer: client.start(now: now), now: now)
    }
}
