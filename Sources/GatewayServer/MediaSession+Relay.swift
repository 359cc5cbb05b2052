import Media
import NIOCore

/// Browser to browser through the gateway, for a web user's call answered by an agent: no
/// transcoding, the Opus payload of one leg's SRTP is sent in the other's (RFC 7587 allows
/// any packet length, so the receiving browser decodes it as it came).
extension MediaSession {
    /// Links this session and `peer` (both on this loop) both ways; prompts, ringback and
    /// echo stop on both.
    func relay(to peer: MediaSession) {
        loop.execute {
            guard !self.closed, !peer.closed else { return }
            for session in [self, peer] {
                session.prompts?.stop()
                session.ringback?.stop()
            }
            self.relayPeer = peer
            peer.relayPeer = self
        }
    }

    /// One Opus payload from the other browser, on this leg's own stream.
    func relayed(opus payload: UnsafeRawBufferPointer) {
        guard !closed, let samples = try? OpusPacket.sampleCount(of: payload, sampleRate: 48000) else { return }
        sendToBrowser(payload, samples: UInt32(samples))
    }
}
