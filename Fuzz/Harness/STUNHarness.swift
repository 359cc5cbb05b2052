import WebRTC

/// A datagram on the media port that demultiplexes as STUN (RFC 7983): parsed,
/// checked for MESSAGE-INTEGRITY and FINGERPRINT as the ICE-lite agent does,
/// its attributes read, then written back and parsed again.
enum STUNHarness {
    static func run(_ bytes: [UInt8]) -> FuzzOutcome {
        guard let message = try? STUNMessage.parse(bytes) else { return .rejected }
        _ = (message.hasIntegrity, message.hasFingerprint, message.hasValidFingerprint)
        // The RFC 5769 sample password, so the seed vectors reach the matching-HMAC path.
        _ = message.hasValidIntegrity(key: STUNMessage.shortTermKey(password: "VOkJxbRl1RmTxUk/WvJxBt"))
        _ = (message.username, message.software, message.priority, message.useCandidate)
        _ = (message.iceControlling, message.iceControlled, message.errorCode, message.xorMappedAddress)
        let written = message.serialized(integrityKey: Array("key".utf8), fingerprint: true)
        let again = try? STUNMessage.parse(written)
        precondition(again == message, "STUN round trip changed the message")
        precondition(again?.hasValidFingerprint == true, "written FINGERPRINT does not verify")
        return .accepted
    }
}
