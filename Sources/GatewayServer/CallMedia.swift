import Gateway
import Media

/// What the engine asks of a call's media, whichever legs it has.
protocol CallMedia: Sendable {
    /// The trunk leg's local RTP port, when the call has one.
    var trunkPort: Int? { get }
    /// Sends trunk audio to the address and codec the trunk's SDP selected.
    func connectTrunk(_ answer: TrunkSDP.Answer)
    /// Queues DTMF digits for the trunk (RFC 4733).
    func sendDTMF(_ digits: String)
    /// Starts or stops the gateway's own ringback toward the browser.
    func playRingback(_ on: Bool)
    /// Closes the sockets and gives the ports back.
    func close()
}

extension CallMedia {
    func playRingback(_ on: Bool) {}
}

extension MediaSession: CallMedia {}

/// Media that can play a dialplan's prompts and run its echo step.
protocol ScriptMedia: CallMedia {
    /// The rate prompts are played at (8 kHz toward browsers and G.711, 16 kHz for G.722).
    var promptSampleRate: Int { get }
    func play(_ playback: PromptPlayback)
    func stopPlayback()
    func startEcho()
}

extension MediaSession: ScriptMedia {
    var promptSampleRate: Int { WebPromptPlayer.sampleRate }
}
