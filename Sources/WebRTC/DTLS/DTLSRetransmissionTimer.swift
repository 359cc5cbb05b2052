import COpenSSL
import CShims

extension DTLSEndpoint {
    /// Milliseconds until OpenSSL's own timer expires (0 once it has), -1
    /// when no flight awaits an answer.
    var openSSLTimerRemainingMilliseconds: Int { cshim_DTLSv1_get_timeout_ms(ssl) }

    /// Hands the initial timeout to the timer callback through the SSL's
    /// application-data slot, in microseconds (at least 1, as 0 means "unset").
    func storeInitialTimeout() {
        let micros = min(max(initialRetransmissionTimeout.nanosecondsClamped / 1000, 1), Int64(UInt32.max))
        SSL_set_ex_data(ssl, 0, UnsafeMutableRawPointer(bitPattern: UInt(micros)))
    }
}

/// RFC 6347 §4.2.4.1: start at the initial timeout, double on each
/// retransmission, cap at 60 s. OpenSSL calls this with 0 when it arms the
/// timer for a new flight and with the current timeout when it expires.
/// Retransmission intervals never drop below 1 s so a short initial timeout
/// cannot make OpenSSL retransmit in a loop: it treats a timer with under
/// 15 ms left as expired, and checks it again right after retransmitting.
let dtlsRetransmissionTimer: DTLS_timer_cb = { ssl, previousMicros in
    if previousMicros == 0 {
        let initial = UInt(bitPattern: SSL_get_ex_data(ssl, 0))
        return initial == 0 ? 1_000_000 : UInt32(clamping: initial)
    }
    let doubled = UInt64(previousMicros) * 2
    return UInt32(min(max(doubled, 1_000_000), 60_000_000))
}
