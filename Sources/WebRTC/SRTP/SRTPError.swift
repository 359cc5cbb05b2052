/// Why an SRTP session could not be made, or a packet not (un)protected.
public enum SRTPError: Error, Sendable, Equatable {
    /// The authentication tag did not verify (tampered, or wrong keys).
    case authFail
    /// The packet index was already seen or is older than the replay window
    /// (RFC 3711 §3.3.2).
    case replay
    /// The packet is too short to be SRTP or SRTCP, too long, or not RTP version 2.
    case malformed
    /// The caller's buffer cannot hold the packet plus `needed` bytes of trailer.
    case bufferTooSmall(needed: Int)
    /// A key or salt of the wrong length for the profile.
    case badKeyLength
    /// OpenSSL could not set up a cipher context.
    case initFailed
    /// OpenSSL failed while protecting a packet.
    case cryptoFailed
    /// A packet of one more SSRC than a session keeps state for (`SRTPSession.maximumStreams`).
    case tooManyStreams
}
