/// SRTP and SRTCP protection for one WebRTC leg (RFC 3711; RFC 7714 for GCM), on OpenSSL's
/// AES and SHA-1 (`SRTPCipher`).
///
/// All four operations work in place on a buffer the caller owns and reuses, and none
/// allocates once a stream (SSRC) has been seen: the per-packet path allocates nothing.
/// Protecting grows the packet by `profile.rtpOverhead` / `profile.rtcpOverhead` bytes,
/// which must fit in the buffer's capacity.
///
/// Each SSRC has its own rollover counter, SRTCP index and replay windows (RFC 3711 §3.2.3),
/// under the one pair of master keys DTLS exported. A received stream's state is created by
/// its first packet that authenticates, so forged packets cannot make the session grow.
///
/// Confined to one thread or event loop: rollover and replay state change on every packet
/// without locking.
public final class SRTPSession: @unchecked Sendable {
    public let profile: SRTPProfile

    /// The most any protect call adds, over every supported profile (SRTCP with
    /// AEAD_AES_128_GCM: 16-byte tag and the E-flag/index word).
    public static let maximumOverhead = SRTPProfile.allCases.map(\.rtcpOverhead).max() ?? 20

    /// Streams a session keeps state for in each direction; a packet of one more SSRC is
    /// refused (a call carries one audio stream each way).
    static let maximumStreams = 64
    /// RFC 3711 §3.3.2 asks for at least 64; SRTCP comes 100 times less often than SRTP.
    static let rtcpReplayWindow = 128

    private let outbound: SRTPCipher
    private let inbound: SRTPCipher
    private let replayWindow: Int
    private var sent: [UInt32: SentStream] = [:]
    private var received: [UInt32: ReceivedStream] = [:]
    /// The stream of the last packet each way: a call's leg sends and receives one stream,
    /// so nearly every packet finds its stream here without hashing its SSRC.
    private var lastSent: (ssrc: UInt32, stream: SentStream)?
    private var lastReceived: (ssrc: UInt32, stream: ReceivedStream)?

    /// Per-SSRC state, as classes so a packet changes it in place (no copy of the windows).
    private final class SentStream {
        /// Made by the stream's first RTP packet (an RTCP packet may come first).
        var rollover: SRTPRollover?
        var rtcpIndex: UInt32 = 0
    }

    private final class ReceivedStream {
        var rollover: SRTPRollover?
        var rtpWindow: SRTPReplayWindow
        var rtcpWindow = SRTPReplayWindow(size: SRTPSession.rtcpReplayWindow)

        init(replayWindow: Int) {
            rtpWindow = SRTPReplayWindow(size: replayWindow)
        }
    }

    /// Outgoing packets are never checked for repeats (only received ones are), so a
    /// retransmission is always protected.
    ///
    /// - Parameter replayWindow: packets remembered for replay detection (RFC 3711 §3.3.2:
    ///   at least 64). 1024 tolerates about 20 s of reordering at 50 packets per second.
    public init(keyingMaterial: SRTPKeyingMaterial, replayWindow: Int = 1024) throws(SRTPError) {
        let profile = keyingMaterial.profile
        self.profile = profile
        self.replayWindow = min(max(replayWindow, 64), 0x7FFF)
        outbound = try SRTPCipher(profile: profile, masterKeyAndSalt: keyingMaterial.localKeyAndSalt, encrypting: true)
        inbound = try SRTPCipher(profile: profile, masterKeyAndSalt: keyingMaterial.remoteKeyAndSalt, encrypting: false)
    }

    // MARK: - Per-packet operations

    /// Encrypts and authenticates the RTP packet in `packet[0..<length]`;
    /// returns the new length (`length + profile.rtpOverhead`).
    public func protectRTP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int) throws(SRTPError) -> Int {
        try Self.check(length, capacity, minimum: 12, overhead: profile.rtpOverhead)
        guard let headerLength = Self.rtpHeaderLength(packet, length: length) else { throw .malformed }
        let ssrc = SRTPCipher.loadBigEndian(packet + 8)
        let sequence = UInt16(truncatingIfNeeded: SRTPCipher.loadBigEndian(packet) & 0xFFFF)
        let stream = try sentStream(ssrc)
        var rollover = stream.rollover ?? SRTPRollover(firstSequence: sequence)
        // A sender's own sequence only moves on; one from before the last wrap keeps its period.
        let period = rollover.estimate(sequence) ?? 0
        rollover.update(sequence, period: period)
        stream.rollover = rollover
        guard let sealed = outbound.sealRTP(packet, headerLength: headerLength, length: length, ssrc: ssrc,
                                            rollover: period, sequence: sequence) else { throw .cryptoFailed }
        return sealed
    }

    /// Verifies and decrypts the SRTP packet in `packet[0..<length]`; returns the length of
    /// the plain RTP packet. Unprotecting only shrinks a packet, so `capacity` may be left out.
    public func unprotectRTP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int? = nil) throws(SRTPError) -> Int {
        try Self.check(length, capacity ?? length, minimum: 12 + profile.rtpOverhead, overhead: 0)
        guard let headerLength = Self.rtpHeaderLength(packet, length: length - profile.rtpOverhead) else {
            throw .malformed
        }
        let ssrc = SRTPCipher.loadBigEndian(packet + 8)
        let sequence = UInt16(truncatingIfNeeded: SRTPCipher.loadBigEndian(packet) & 0xFFFF)
        let known = receivedStream(ssrc)
        // RFC 3711 §3.3.1: a new stream starts at rollover 0 with its first sequence number.
        var rollover = known?.rollover ?? SRTPRollover(firstSequence: sequence)
        guard let period = rollover.estimate(sequence) else { throw .replay }
        let index = SRTPRollover.index(sequence, period: period)
        if let known, !known.rtpWindow.isFresh(index) { throw .replay }
        guard let plain = inbound.openRTP(packet, headerLength: headerLength, length: length, ssrc: ssrc,
                                          rollover: period, sequence: sequence) else { throw .authFail }
        let stream: ReceivedStream
        if let known { stream = known } else { stream = try newReceivedStream(ssrc) }
        rollover.update(sequence, period: period)
        stream.rollover = rollover
        stream.rtpWindow.mark(index)
        return plain
    }

    /// Encrypts and authenticates the compound RTCP packet in `packet[0..<length]`;
    /// returns the new length (`length + profile.rtcpOverhead`).
    public func protectRTCP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int) throws(SRTPError) -> Int {
        try Self.check(length, capacity, minimum: 8, overhead: profile.rtcpOverhead)
        let ssrc = SRTPCipher.loadBigEndian(packet + 4)
        let stream = try sentStream(ssrc)
        let index = stream.rtcpIndex
        // RFC 3711 §3.3.1: the SRTCP index is a 31-bit counter.
        stream.rtcpIndex = (index &+ 1) & 0x7FFF_FFFF
        guard let sealed = outbound.sealRTCP(packet, length: length, ssrc: ssrc, index: index) else {
            throw .cryptoFailed
        }
        return sealed
    }

    /// Verifies and decrypts the SRTCP packet in `packet[0..<length]`;
    /// returns the length of the plain RTCP packet (`capacity` may be left out).
    public func unprotectRTCP(_ packet: UnsafeMutableRawPointer, length: Int, capacity: Int? = nil) throws(SRTPError) -> Int {
        try Self.check(length, capacity ?? length, minimum: 8 + profile.rtcpOverhead, overhead: 0)
        guard let trailer = inbound.rtcpTrailer(packet, length: length) else { throw .malformed }
        let ssrc = SRTPCipher.loadBigEndian(packet + 4)
        let known = receivedStream(ssrc)
        let index = Int64(trailer.index)
        if let known, !known.rtcpWindow.isFresh(index) { throw .replay }
        guard let plain = inbound.openRTCP(packet, length: length, ssrc: ssrc, encrypted: trailer.encrypted,
                                           index: trailer.index) else { throw .authFail }
        let stream: ReceivedStream
        if let known { stream = known } else { stream = try newReceivedStream(ssrc) }
        stream.rtcpWindow.mark(index)
        return plain
    }

    // MARK: - Helpers

    private func sentStream(_ ssrc: UInt32) throws(SRTPError) -> SentStream {
        if let lastSent, lastSent.ssrc == ssrc { return lastSent.stream }
        let stream: SentStream
        if let known = sent[ssrc] {
            stream = known
        } else {
            guard sent.count < Self.maximumStreams else { throw .tooManyStreams }
            stream = SentStream()
            sent[ssrc] = stream
        }
        lastSent = (ssrc, stream)
        return stream
    }

    private func receivedStream(_ ssrc: UInt32) -> ReceivedStream? {
        if let lastReceived, lastReceived.ssrc == ssrc { return lastReceived.stream }
        guard let stream = received[ssrc] else { return nil }
        lastReceived = (ssrc, stream)
        return stream
    }

    /// Only a packet that authenticated makes a stream.
    private func newReceivedStream(_ ssrc: UInt32) throws(SRTPError) -> ReceivedStream {
        guard received.count < Self.maximumStreams else { throw .tooManyStreams }
        let stream = ReceivedStream(replayWindow: replayWindow)
        received[ssrc] = stream
        lastReceived = (ssrc, stream)
        return stream
    }

    /// RFC 3550 §5.1, §5.3.1: 12 bytes, the CSRCs, and the header extension when X is set.
    static func rtpHeaderLength(_ packet: UnsafeRawPointer, length: Int) -> Int? {
        guard length >= 12 else { return nil }
        let first = packet.load(as: UInt8.self)
        guard first >> 6 == 2 else { return nil }
        var headerLength = 12 + 4 * Int(first & 0x0F)
        if first & 0x10 != 0 {
            guard length >= headerLength + 4 else { return nil }
            let words = Int(packet.load(fromByteOffset: headerLength + 2, as: UInt8.self)) << 8
                | Int(packet.load(fromByteOffset: headerLength + 3, as: UInt8.self))
            headerLength += 4 + 4 * words
        }
        return headerLength <= length ? headerLength : nil
    }

    /// The lengths are checked against the caller's buffer before any byte is touched.
    @inline(__always)
    private static func check(_ length: Int, _ capacity: Int, minimum: Int, overhead: Int) throws(SRTPError) {
        guard length >= minimum, length <= capacity, length <= Int(Int32.max) - overhead else {
            throw .malformed
        }
        guard capacity - length >= overhead else { throw .bufferTooSmall(needed: overhead) }
    }
}
