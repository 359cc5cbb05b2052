import Media
import RTP
import WebRTC

/// Everything the media scenario feeds both paths, prepared before any timing: the
/// browser's SRTP-protected Opus packets and the trunk's PCMU RTP packets, one of each
/// per 20 ms of call.
struct MediaInputs {
    static let opusPayloadType: UInt8 = 111
    static let browserSSRC: UInt32 = 0x5EED_0001
    static let trunkSSRC: UInt32 = 0x5EED_0002
    /// Length of the synthesised speech; longer calls loop over it.
    static let clipSeconds = 30

    let profile: SRTPProfile
    /// The gateway's keys: it protects with `local`, unprotects with `remote`.
    let gatewayKeys: SRTPKeyingMaterial
    /// Browser → gateway SRTP packets, back to back; `browserRanges[i]` is packet i.
    let browserPackets: [UInt8]
    let browserRanges: [Range<Int>]
    /// Trunk → gateway RTP packets (12-byte header + 160 μ-law bytes each).
    let trunkPackets: [UInt8]
    let trunkPacketLength: Int
    /// Mean Opus payload bytes of the browser's packets.
    let meanOpusPayload: Double

    var packetCount: Int { browserRanges.count }

    /// - Parameters:
    ///   - packets: 20 ms packets per direction (50 per call-second); every browser packet
    ///     gets its own sequence number, so a fresh receiver authenticates each exactly once.
    ///   - browserClip: how the browser's encoder was asked to code (48 kHz mono input).
    init(packets: Int, profile: SRTPProfile, browserClip: BrowserOpusClip, seed: UInt64) throws {
        self.profile = profile
        let keyLength = profile.keyLength + profile.saltLength
        var keySource = Xorshift(seed: seed)
        let gatewaySide = (0..<keyLength).map { _ in UInt8(truncatingIfNeeded: keySource.next()) }
        let browserSide = (0..<keyLength).map { _ in UInt8(truncatingIfNeeded: keySource.next()) }
        gatewayKeys = SRTPKeyingMaterial(profile: profile, localKeyAndSalt: gatewaySide, remoteKeyAndSalt: browserSide)
        let browserKeys = SRTPKeyingMaterial(profile: profile, localKeyAndSalt: browserSide, remoteKeyAndSalt: gatewaySide)

        // Browser side: speech at 48 kHz, Opus-encoded as a browser does (20 ms mono frames,
        // in-band FEC on); the payloads loop over the clip.
        let payloads = try SpeechClips.browserOpus(seconds: Self.clipSeconds, bitrate: browserClip.bitrate,
                                                   maxBandwidth: browserClip.maxBandwidth, seed: seed)
        meanOpusPayload = SpeechClips.meanSize(payloads)

        let browser = try SRTPSession(keyingMaterial: browserKeys)
        var stream: [UInt8] = []
        var ranges: [Range<Int>] = []
        stream.reserveCapacity(packets * 140)
        for index in 0..<packets {
            let payload = payloads[index % payloads.count]
            let header = RTPHeader(payloadType: Self.opusPayloadType, sequenceNumber: UInt16(truncatingIfNeeded: index),
                                   timestamp: UInt32(truncatingIfNeeded: index &* 960), ssrc: Self.browserSSRC)
            var packet = header.bytes + payload + [UInt8](repeating: 0, count: SRTPSession.maximumOverhead)
            let length = try packet.withUnsafeMutableBytes { raw in
                try browser.protectRTP(raw.baseAddress!, length: 12 + payload.count, capacity: raw.count)
            }
            ranges.append(stream.count..<stream.count + length)
            stream += packet[0..<length]
        }
        browserPackets = stream
        browserRanges = ranges

        // Trunk side: the same kind of speech at 8 kHz, μ-law, 160 bytes per packet.
        let pcmu = SpeechClips.phonePCMU(seconds: Self.clipSeconds, seed: seed &+ 1)
        let frames = pcmu.count / 160
        let packetLength = 12 + 160
        trunkPacketLength = packetLength
        var trunk = [UInt8](repeating: 0, count: packets * packetLength)
        trunk.withUnsafeMutableBytes { out in
            pcmu.withUnsafeBytes { clip in
                for index in 0..<packets {
                    let base = index * packetLength
                    let packet = UnsafeMutableRawBufferPointer(rebasing: out[base..<base + packetLength])
                    RTPHeader(payloadType: 0, sequenceNumber: UInt16(truncatingIfNeeded: index),
                              timestamp: UInt32(truncatingIfNeeded: index &* 160), ssrc: Self.trunkSSRC).write(to: packet)
                    let frame = (index % frames) * 160
                    UnsafeMutableRawBufferPointer(rebasing: packet[12...])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: clip[frame..<frame + 160]))
                }
            }
        }
        trunkPackets = trunk
    }
}
