import COpenSSL
import CShims
import CoreTypes

/// One DTLS 1.2 association (RFC 6347) for DTLS-SRTP (RFC 5764), driven by
/// datagrams in and datagrams out through memory BIOs: no sockets, no threads.
///
/// Confined to one thread or event loop: the OpenSSL `SSL` object is mutated
/// by every call without locking.
///
/// Retransmission (RFC 6347 §4.2.4): OpenSSL 3 keeps the retransmission
/// timer on its own wall clock (gettimeofday) and offers no way to drive it
/// from outside; it also retransmits by itself when any call finds the timer
/// expired. After every call `nextTimeout` projects OpenSSL's timer onto the
/// caller's timeline (`now` plus OpenSSL's remaining time); when it passes,
/// the caller calls `handleTimeout(now:)` and sends what it returns. With a
/// real monotonic clock both timelines agree; a manual clock that runs ahead
/// of real time cannot make OpenSSL retransmit early.
public final class DTLSEndpoint: @unchecked Sendable {
    public let role: DTLSRole
    public let context: DTLSContext
    /// Largest datagram produced. Fixed (no path MTU discovery over memory
    /// BIOs) and small enough that IP never fragments a flight.
    public let mtu: Int
    public private(set) var state: DTLSState = .handshaking
    /// When `handleTimeout(now:)` should next be called; nil when no flight awaits an answer.
    public private(set) var nextTimeout: Instant?

    let ssl: OpaquePointer
    /// Datagrams from the peer are written here for OpenSSL to read (owned by `ssl`).
    let readBIO: OpaquePointer
    /// OpenSSL writes records here; they are collected into datagrams (owned by `ssl`).
    let writeBIO: OpaquePointer
    private let expectedFingerprint: DTLSFingerprint
    private var started = false
    /// The record buffers were given back after the handshake (`finishCall`).
    private var buffersReleased = false

    /// The first retransmission timeout of each flight (RFC 6347 §4.2.4.1: 1 s).
    /// Later timeouts double up to 60 s.
    var initialRetransmissionTimeout: Duration = .seconds(1) {
        didSet { storeInitialTimeout() }
    }

    /// An endpoint with its own context built from `certificate`.
    public convenience init(
        certificate: DTLSCertificate, role: DTLSRole,
        remoteFingerprint: (algorithm: String, value: String), mtu: Int = 1200
    ) throws(DTLSError) {
        try self.init(context: DTLSContext(certificate: certificate), role: role,
                      remoteFingerprint: remoteFingerprint, mtu: mtu)
    }

    /// - Parameters:
    ///   - remoteFingerprint: the peer's `a=fingerprint` (e.g. "sha-256", "AB:CD:...").
    ///   - mtu: largest DTLS datagram, record headers included.
    public init(
        context: DTLSContext, role: DTLSRole,
        remoteFingerprint: (algorithm: String, value: String), mtu: Int = 1200
    ) throws(DTLSError) {
        let expected = try DTLSFingerprint(algorithm: remoteFingerprint.algorithm, value: remoteFingerprint.value)
        OpenSSLErrors.clear()
        guard let ssl = SSL_new(context.context) else {
            throw DTLSError(.setup, OpenSSLErrors.describe("SSL_new failed"))
        }
        guard let readBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw DTLSError(.setup, OpenSSLErrors.describe("BIO_new failed"))
        }
        guard let writeBIO = BIO_new(BIO_s_mem()) else {
            BIO_free(readBIO)
            SSL_free(ssl)
            throw DTLSError(.setup, OpenSSLErrors.describe("BIO_new failed"))
        }
        // An empty memory BIO must mean "no datagram yet" (retry), not end of file.
        _ = BIO_ctrl(readBIO, BIO_C_SET_BUF_MEM_EOF_RETURN, -1, nil)
        _ = BIO_ctrl(writeBIO, BIO_C_SET_BUF_MEM_EOF_RETURN, -1, nil)
        SSL_set_bio(ssl, readBIO, writeBIO)   // ssl now owns both BIOs

        self.role = role
        self.context = context
        self.mtu = mtu
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
        self.expectedFingerprint = expected

        // SSL_set_mtu returns the MTU it accepted, 0 when it is below the DTLS minimum.
        guard cshim_SSL_set_mtu(ssl, mtu) > 0 else {
            throw DTLSError(.setup, OpenSSLErrors.describe("MTU \(mtu) rejected"))
        }
        storeInitialTimeout()
        DTLS_set_timer_cb(ssl, dtlsRetransmissionTimer)
        switch role {
        case .server: SSL_set_accept_state(ssl)
        case .client: SSL_set_connect_state(ssl)
        }
    }

    deinit {
        SSL_free(ssl)   // frees both BIOs too
    }

    // MARK: - Driving the association

    /// Begins the handshake: a client returns its ClientHello flight, a server
    /// returns nothing and waits for the peer's ClientHello.
    public func start(now: Instant) -> [[UInt8]] {
        guard !started else { return [] }
        started = true
        if role == .client, case .handshaking = state {
            advanceHandshake()
        }
        return finishCall(now: now)
    }

    /// Feeds one datagram from the peer (first byte 20–63, RFC 7983).
    public func receive(_ datagram: [UInt8], now: Instant) -> DTLSResult {
        let before = state
        var applicationData: [[UInt8]] = []
        switch state {
        case .failed, .closed:
            return DTLSResult()
        case .handshaking, .connected:
            break
        }
        started = true
        restoreBuffers()
        _ = datagram.withUnsafeBytes { BIO_write(readBIO, $0.baseAddress, Int32($0.count)) }
        if case .handshaking = state {
            advanceHandshake()
        }
        if case .connected = state {
            readApplicationData(into: &applicationData)
        }
        // One datagram at a time: whatever OpenSSL left unread must not be
        // glued to the next datagram.
        _ = BIO_ctrl(readBIO, BIO_CTRL_RESET, 0, nil)
        let datagrams = finishCall(now: now)
        return DTLSResult(datagrams: datagrams, applicationData: applicationData,
                          stateChange: state == before ? nil : state)
    }

    /// Retransmits the last flight if OpenSSL's timer has expired (RFC 6347
    /// §4.2.4). May move `state` to `.failed` when retransmissions are exhausted.
    public func handleTimeout(now: Instant) -> [[UInt8]] {
        switch state {
        case .failed, .closed: return []
        case .handshaking, .connected: break
        }
        OpenSSLErrors.clear()
        restoreBuffers()
        if cshim_DTLSv1_handle_timeout(ssl) < 0 {
            state = .failed(DTLSError(.timeout, OpenSSLErrors.describe("no answer from the peer")))
        }
        return finishCall(now: now)
    }

    /// Sends application data (only once connected).
    public func send(_ data: [UInt8], now: Instant) -> [[UInt8]] {
        guard case .connected = state, !data.isEmpty else { return [] }
        OpenSSLErrors.clear()
        restoreBuffers()
        _ = data.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
        return finishCall(now: now)
    }

    /// Sends close_notify (RFC 5246 §7.2.1) and moves to `.closed`.
    public func close(now: Instant) -> [[UInt8]] {
        switch state {
        case .failed, .closed: return []
        case .handshaking, .connected: break
        }
        OpenSSLErrors.clear()
        restoreBuffers()
        _ = SSL_shutdown(ssl)
        state = .closed
        return finishCall(now: now)
    }

    // MARK: - Internals

    private func advanceHandshake() {
        OpenSSLErrors.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            state = completedHandshakeState()
            if case .failed = state {
                _ = SSL_shutdown(ssl)   // tell the peer with close_notify
            }
            return
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return   // waiting for the peer's next flight
        default:
            if peerSentAlert {
                state = .failed(DTLSError(.peerAlert, OpenSSLErrors.describe("peer aborted the handshake")))
            } else {
                state = .failed(DTLSError(.handshake, OpenSSLErrors.describe("handshake failed")))
            }
        }
    }

    private var peerSentAlert: Bool { SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN != 0 }

    /// RFC 5763 §5: the peer's certificate must hash to `a=fingerprint`; then
    /// RFC 5764 §4.2: export the SRTP keys for the negotiated profile.
    private func completedHandshakeState() -> DTLSState {
        guard let peer = SSL_get1_peer_certificate(ssl) else {
            return .failed(DTLSError(.fingerprintMismatch, "the peer presented no certificate"))
        }
        defer { X509_free(peer) }
        guard let actual = DTLSFingerprint.of(certificate: peer, algorithm: expectedFingerprint.algorithm) else {
            return .failed(DTLSError(.fingerprintMismatch, OpenSSLErrors.describe("cannot hash the peer certificate")))
        }
        guard actual == expectedFingerprint else {
            return .failed(DTLSError(.fingerprintMismatch,
                "peer certificate \(actual.algorithm.rawValue) \(actual.text), expected \(expectedFingerprint.text)"))
        }
        guard let selected = SSL_get_selected_srtp_profile(ssl),
              let profile = SRTPProfile(dtlsProfileID: UInt16(truncatingIfNeeded: selected.pointee.id)) else {
            return .failed(DTLSError(.noSRTPProfile, "the peer accepted none of the offered SRTP profiles"))
        }
        let label = "EXTRACTOR-dtls_srtp"
        var exported = [UInt8](repeating: 0, count: SRTPKeyingMaterial.exportLength(for: profile))
        let ok = SSL_export_keying_material(ssl, &exported, exported.count, label, label.utf8.count, nil, 0, 0)
        guard ok == 1, let material = SRTPKeyingMaterial(profile: profile, exported: exported, isServer: role == .server) else {
            return .failed(DTLSError(.keyExport, OpenSSLErrors.describe("exporting \(label) failed")))
        }
        return .connected(material)
    }

    /// Reads records after the handshake: application data, and alerts that
    /// end the association.
    private func readApplicationData(into output: inout [[UInt8]]) {
        // Made per read, not kept: after the handshake a record is rare (an alert), and a
        // call holds no 16 KB buffer for it.
        var readBuffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            OpenSSLErrors.clear()
            let count = readBuffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if count > 0 {
                output.append(Array(readBuffer[0..<Int(count)]))
                continue
            }
            let error = SSL_get_error(ssl, count)
            if error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE { return }
            if error == SSL_ERROR_ZERO_RETURN || peerSentAlert {
                state = .closed   // close_notify or fatal alert: the peer is gone
            } else {
                state = .failed(DTLSError(.handshake, OpenSSLErrors.describe("reading a record failed")))
            }
            return
        }
    }

    /// OpenSSL's DTLS write path uses its record buffer without making it, so the buffers
    /// `finishCall` gave back are made again before anything that may read or write.
    private func restoreBuffers() {
        guard buffersReleased else { return }
        buffersReleased = false
        _ = SSL_alloc_buffers(ssl)
    }

    /// Collects what OpenSSL wrote and re-arms `nextTimeout`.
    private func finishCall(now: Instant) -> [[UInt8]] {
        let datagrams = drainWrittenDatagrams()
        switch state {
        case .handshaking, .connected:
            if case .connected = state {
                // OpenSSL keeps a DTLS connection's 16 KB read and write record buffers for
                // its lifetime (SSL_MODE_RELEASE_BUFFERS applies to TLS only); once the
                // handshake is done they are idle, so they are given back after every call
                // (SSL_free_buffers(3) declines while a record is pending) and made again
                // before the next (`restoreBuffers`).
                buffersReleased = SSL_free_buffers(ssl) == 1
            }
            let remaining = cshim_DTLSv1_get_timeout_ms(ssl)
            nextTimeout = remaining >= 0 ? now + .milliseconds(remaining) : nil
        case .failed, .closed:
            nextTimeout = nil
        }
        return datagrams
    }
}
