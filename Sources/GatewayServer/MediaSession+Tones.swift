import Gateway
import Media
import NIOCore

/// Tones the gateway generates toward the browser when the far end gives none: a hold tone
/// while the trunk holds the call in silence, and busy or congestion after a refusal.
extension MediaSession {
    /// The trunk holds the call (its SDP is `sendonly`, `recvonly` or `inactive`, RFC 3264
    /// §8.4): the browser hears the hold tone until the trunk's own audio (its music on
    /// hold) arrives, or the hold ends.
    func followTrunkHold(_ answer: TrunkSDP.Answer) {
        if answer.farEndSends && answer.farEndReceives {
            stopHoldTone()
        } else if progressTone == nil {
            progressTone = try? ProgressTonePlayer(holdToneOn: loop)
            progressTone?.start { [unowned self] opus in self.sendToBrowser(opus, samples: 960) }
            playingHoldTone = true
        }
    }

    /// The trunk's audio takes over from the hold tone.
    func stopHoldTone() {
        guard playingHoldTone else { return }
        playingHoldTone = false
        progressTone?.stop()
        progressTone = nil
    }

    /// The call ended with a refusal the far end gave no audio for: `tone` plays to the
    /// browser for `milliseconds`, then the media closes.
    func close(after tone: ProgressTone, milliseconds: Int) {
        loop.execute {
            guard !self.closed else { return }
            self.ringback?.stop()
            self.prompts?.stop()
            self.playingHoldTone = false
            self.progressTone?.stop()
            self.progressTone = try? ProgressTonePlayer(loop: self.loop, tone: tone, country: self.toneCountry)
            self.progressTone?.start { [unowned self] opus in self.sendToBrowser(opus, samples: 960) }
            self.loop.scheduleTask(in: .milliseconds(Int64(milliseconds))) { self.close() }
        }
    }
}
