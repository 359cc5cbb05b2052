import CSRTP

/// Why libsrtp2 refused to create a session or to (un)protect a packet.
public enum SRTPError: Error, Sendable, Equatable {
    /// The authentication tag did not verify (tampered, or wrong keys).
    case authFail
    /// The packet index was already seen or is older than the replay window
    /// (RFC 3711 §3.3.2).
    case replay
    /// The packet is too short to be RTP (12 bytes) or RTCP (8 bytes), or too long.
    case malformed
    /// The caller's buffer cannot hold the packet plus `needed` bytes of trailer.
    case bufferTooSmall(needed: Int)
    /// A key or salt of the wrong length for the profile.
    case badKeyLength
    /// libsrtp2 could not be initialised.
    case initFailed
    /// Any other libsrtp2 status (`srtp_err_status_t`).
    case library(status: Int32)

    init(status: srtp_err_status_t) {
        switch status {
        case srtp_err_status_auth_fail: self = .authFail
        case srtp_err_status_replay_fail, srtp_err_status_replay_old: self = .replay
        default: self = .library(status: Int32(bitPattern: status.rawValue))
        }
    }
}
