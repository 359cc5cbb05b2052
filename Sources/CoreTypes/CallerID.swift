/// A caller as the far end sees it: number, display name, and privacy (RFC 3323: present
/// as anonymous, keep the real identity for the trusted network only).
public struct CallerID: Sendable, Hashable {
    public var number: String
    public var name: String?
    public var privacy: Bool

    public init(number: String, name: String? = nil, privacy: Bool = false) {
        self.number = number
        self.name = name
        self.privacy = privacy
    }
}
