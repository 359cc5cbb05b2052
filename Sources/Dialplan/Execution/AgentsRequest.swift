import CoreTypes

/// Everything the runtime needs to offer a call to agents.
public struct AgentsRequest: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        /// A group of `agents.groups` in gateway.yaml.
        case group(String)
        /// One agent: an identity or an extension, as the step's template gave it.
        case agent(String)
    }

    public var target: Target
    /// Longest time the caller spends in the step, ringing and waiting together.
    public var maxWaitSeconds: Int
    /// A prompt looped while no agent is ringing; nil plays the ringback tone.
    public var music: String?
    /// Seconds between announcements of the caller's place in the queue; nil for none.
    public var announceEverySeconds: Int?
    /// The caller ID as `caller` steps left it.
    public var caller: CallerID
    /// Keys the caller pressed in menus and `collect` steps so far, at most 32, oldest first.
    public var keys: String

    public init(target: Target, maxWaitSeconds: Int = AgentsStep.defaultMaxWaitSeconds, music: String? = nil,
                announceEverySeconds: Int? = nil, caller: CallerID, keys: String = "") {
        self.target = target
        self.maxWaitSeconds = maxWaitSeconds
        self.music = music
        self.announceEverySeconds = announceEverySeconds
        self.caller = caller
        self.keys = keys
    }
}
