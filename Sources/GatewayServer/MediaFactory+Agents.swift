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
        let webHandler = MediaPacketHandler()
        let webChannel = try await bind(loop: loop, handler: webHandler)
        let webLocal = localDescription(port: webChannel.localAddress?.port)
        let webOnly = releaser([webChannel.localAddress?.port])
        let release = releaser([webChannel.localAddress?.port, trunkMedia.trunkPort])
        return try await loop.submit { [self] in
            guard let leg = trunkMedia.handOver() else {
                webChannel.close(promise: nil)
                webOnly()
                throw Failure.callEnded
            }
            do {
                let dtls = try dtlsEndpoint(for: offer)
                let session = try MediaSession(
                    key: callKey, loop: loop, mode: .bridge, offer: offer, webLocal: webLocal, webChannel: webChannel,
                    trunkLeg: leg, dtls: dtls, clock: clock, inbox: inbox, consentTimeout: consentTimeout, release: release)
                session.configure(thresholds: config.qualityWarnings.thresholds, toneCountry: toneCountry)
                webHandler.deliver = { [weak session] in session?.browserPacket($0) }
                return session
            } catch {
                // The leg is ours now: close it with the new port so nothing leaks.
                leg.close()
                webChannel.close(promise: nil)
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
        let webHandler = MediaPacketHandler()
        let webChannel = try await bind(loop: loop, handler: webHandler)
        let webLocal = localDescription(port: webChannel.localAddress?.port)
        let release = releaser([webChannel.localAddress?.port])
        return try await loop.submit { [self] in
            do {
                let dtls = try dtlsEndpoint(for: offer)
                let session = try MediaSession(
                    key: callKey, loop: loop, mode: .echo, offer: offer, webLocal: webLocal, webChannel: webChannel,
                    trunkLeg: nil, dtls: dtls, clock: clock, inbox: inbox, echoAtOnce: false,
                    consentTimeout: consentTimeout, release: release)
                session.configure(thresholds: config.qualityWarnings.thresholds, toneCountry: toneCountry)
                webHandler.deliver = { [weak session] in session?.browserPacket($0) }
                return session
            } catch {
                webChannel.close(promise: nil)
                release()
                throw error
            }
        }.get()
    }
}
