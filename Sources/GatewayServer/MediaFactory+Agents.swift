import Gateway
import NIOCore
import WebRTC

/// The media of agents taking calls (docs/signaling.md, "Agents").
extension MediaFactory {
    /// Media bridging a call from a trunk to the agent who accepted it: a new browser port on
    /// the trunk leg's loop, and the leg itself taken from the dialplan's media (same port,
    /// SSRC and sequence, so the trunk sees one unbroken stream).
    func openAgentLeg(callKey: String, offer: WebOffer, taking trunkMedia: TrunkCallMedia) async throws -> MediaSession {
        let loop = trunkMedia.loop
        let webSocket = try await bind(loop: loop)
        let webLocal = localDescription(port: webSocket.port)
        let webOnly = releaser([webSocket.port])
        let release = releaser([webSocket.port, trunkMedia.trunkPort])
        return try await loop.submit { [self] in
            guard let leg = trunkMedia.handOver() else {
                webSocket.close()
                webOnly()
                throw Failure.callEnded
            }
            do {
                let dtls = try dtlsEndpoint(for: offer)
                let session = try MediaSession(
                    key: callKey, loop: loop, mode: .bridge, offer: offer, webLocal: webLocal, webSocket: webSocket,
                    trunkLeg: leg, dtls: dtls, clock: clock, inbox: inbox, consentTimeout: consentTimeout, release: release)
                session.configure(thresholds: config.qualityWarnings.thresholds, toneCountry: toneCountry)
                webSocket.onDatagram = { session.browserPacket($0, from: $1) }
                return session
            } catch {
                // The leg is ours now: close it with the new port so nothing leaks.
                leg.close()
                webSocket.close()
                release()
                throw error
            }
        }.get()
    }

    /// The browser leg of an agent answering a web user's call: a web-only session on the
    /// caller's loop, so the two can be relayed to each other without locks
    /// (`MediaSession.relay(to:)`).
    func openRelayLeg(callKey: String, offer: WebOffer, peer: MediaSession) async throws -> MediaSession {
        let loop = peer.loop
        let webSocket = try await bind(loop: loop)
        let webLocal = localDescription(port: webSocket.port)
        let release = releaser([webSocket.port])
        return try await loop.submit { [self] in
            do {
                let dtls = try dtlsEndpoint(for: offer)
                let session = try MediaSession(
                    key: callKey, loop: loop, mode: .echo, offer: offer, webLocal: webLocal, webSocket: webSocket,
                    trunkLeg: nil, dtls: dtls, clock: clock, inbox: inbox, echoAtOnce: false,
                    consentTimeout: consentTimeout, release: release)
                session.configure(thresholds: config.qualityWarnings.thresholds, toneCountry: toneCountry)
                webSocket.onDatagram = { session.browserPacket($0, from: $1) }
                return session
            } catch {
                webSocket.close()
                release()
                throw error
            }
        }.get()
    }
}
