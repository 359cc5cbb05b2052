/// How a call offered to a group of agents picks whom to ring.
public enum RingStrategy: String, Sendable, Hashable, CaseIterable {
    /// Every free member at once; the first to answer takes the call.
    case ringAll = "ring_all"
    /// One member at a time, starting after the one offered the group's previous call.
    case roundRobin = "round_robin"
    /// One member at a time, the one whose last call ended longest ago first.
    case longestIdle = "longest_idle"
    /// One member at a time, in the order the group lists them.
    case inOrder = "in_order"
}
