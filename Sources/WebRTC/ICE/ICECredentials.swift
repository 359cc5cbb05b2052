import Hashing

/// A local ICE username fragment and password (`a=ice-ufrag` / `a=ice-pwd`).
public struct ICECredentials: Hashable, Sendable {
    public var ufrag: String
    public var password: String

    public init(ufrag: String, password: String) {
        self.ufrag = ufrag
        self.password = password
    }
}

extension ICELiteAgent {
    /// An agent for the gateway's `local` credentials (from its SDP answer)
    /// and the browser's `remote` ones (from its offer).
    public init(local: ICECredentials, remote: ICECredentials) {
        self.init(localUfrag: local.ufrag, localPassword: local.password,
                  remoteUfrag: remote.ufrag, remotePassword: remote.password)
    }

    /// Fresh random credentials. RFC 8839 §5.4: the ufrag needs at least 24
    /// bits of randomness (4+ ice-chars) and the password at least 128 bits
    /// (22+ ice-chars). Letters and digits are ice-chars; 8 and 24 of them
    /// give about 47 and 142 bits.
    public static func generateCredentials() -> ICECredentials {
        ICECredentials(ufrag: randomToken(length: 8), password: randomToken(length: 24))
    }
}
