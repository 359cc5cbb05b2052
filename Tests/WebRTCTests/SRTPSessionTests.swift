import Testing
@testable import WebRTC

@Suite struct SRTPSessionTests {
    /// An RTP packet (RFC 3550 §5.1) with a 160-byte payload, in a buffer
    /// with room for the SRTP trailer.
    static func rtpPacket(sequence: UInt16, ssrc: UInt32 = 0x1234_5678) -> [UInt8] {
        var packet: [UInt8] = [0x80, 0x00] + sequence.bigEndianBytes + UInt32(160 * Int(sequence)).bigEndianBytes
            + ssrc.bigEndianBytes
        packet += (0..<160).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(sequence)) }
        return packet
    }

    /// A receiver report (RFC 3550 §6.4.2) with no report blocks.
    static let rtcpPacket: [UInt8] = [0x80, 201, 0x00, 0x01, 0xCA, 0xFE, 0xBA, 0xBE]

    static func sessions(_ profile: SRTPProfile) throws -> (server: SRTPSession, client: SRTPSession) {
        var pair = try DTLSPair(serverProfiles: [profile], clientProfiles: [profile])
        pair.connect()
        let serverKeys = try #require(pair.server.state.keyingMaterial)
        let clientKeys = try #require(pair.client.state.keyingMaterial)
        #expect(serverKeys.profile == profile)
        return (try SRTPSession(keyingMaterial: serverKeys), try SRTPSession(keyingMaterial: clientKeys))
    }

    /// Runs `body` on a copy of `packet` in a 1500-byte buffer; returns the bytes after it.
    static func inBuffer(_ packet: [UInt8], _ body: (UnsafeMutableRawPointer, Int, Int) throws -> Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 1500)
        buffer.replaceSubrange(0..<packet.count, with: packet)
        let length = try buffer.withUnsafeMutableBytes { raw in
            try body(raw.baseAddress!, packet.count, raw.count)
        }
        return Array(buffer[0..<length])
    }

    @Test(arguments: SRTPProfile.allCases)
    func rtpProtectedByServerIsUnprotectedByClient(profile: SRTPProfile) throws {
        let (server, client) = try Self.sessions(profile)
        for sequence in UInt16(1)...5 {
            let plain = Self.rtpPacket(sequence: sequence)
            let protected = try Self.inBuffer(plain, server.protectRTP)
            #expect(protected.count == plain.count + profile.rtpOverhead)
            #expect(protected[0..<12] == plain[0..<12])        // header stays in clear
            #expect(protected[12..<172] != plain[12...])       // payload is encrypted
            let recovered = try Self.inBuffer(protected, client.unprotectRTP)
            #expect(recovered == plain)
        }
        // And the other direction.
        let plain = Self.rtpPacket(sequence: 77, ssrc: 0xAABB_CCDD)
        let protected = try Self.inBuffer(plain, client.protectRTP)
        #expect(try Self.inBuffer(protected, server.unprotectRTP) == plain)
    }

    @Test(arguments: SRTPProfile.allCases)
    func rtcpRoundTrip(profile: SRTPProfile) throws {
        let (server, client) = try Self.sessions(profile)
        let protected = try Self.inBuffer(Self.rtcpPacket, server.protectRTCP)
        #expect(protected.count == Self.rtcpPacket.count + profile.rtcpOverhead)
        #expect(PacketDemux.classify(protected) == .rtcp)
        #expect(try Self.inBuffer(protected, client.unprotectRTCP) == Self.rtcpPacket)
    }

    @Test(arguments: SRTPProfile.allCases)
    func tamperedPacketFailsAuthentication(profile: SRTPProfile) throws {
        let (server, client) = try Self.sessions(profile)
        var protected = try Self.inBuffer(Self.rtpPacket(sequence: 9), server.protectRTP)
        protected[40] ^= 0x01
        #expect(throws: SRTPError.authFail) { try Self.inBuffer(protected, client.unprotectRTP) }
        var protectedRTCP = try Self.inBuffer(Self.rtcpPacket, server.protectRTCP)
        protectedRTCP[9] ^= 0x80
        #expect(throws: SRTPError.authFail) { try Self.inBuffer(protectedRTCP, client.unprotectRTCP) }
    }

    @Test func replayedPacketIsRejected() throws {
        let (server, client) = try Self.sessions(.aeadAes128Gcm)
        let protected = try Self.inBuffer(Self.rtpPacket(sequence: 100), server.protectRTP)
        _ = try Self.inBuffer(protected, client.unprotectRTP)
        #expect(throws: SRTPError.replay) { try Self.inBuffer(protected, client.unprotectRTP) }
    }

    @Test func wrongKeysFailAuthentication() throws {
        let (server, _) = try Self.sessions(.aes128CmHmacSha1_80)
        let (_, otherClient) = try Self.sessions(.aes128CmHmacSha1_80)
        let protected = try Self.inBuffer(Self.rtpPacket(sequence: 1), server.protectRTP)
        #expect(throws: SRTPError.authFail) { try Self.inBuffer(protected, otherClient.unprotectRTP) }
    }

    @Test func checksLengthsBeforeTouchingMemory() throws {
        let (server, _) = try Self.sessions(.aeadAes128Gcm)
        var buffer = Self.rtpPacket(sequence: 1)
        let length = buffer.count
        buffer.withUnsafeMutableBytes { raw in
            // No room for the 16-byte tag.
            #expect(throws: SRTPError.bufferTooSmall(needed: 16)) {
                try server.protectRTP(raw.baseAddress!, length: length, capacity: length + 15)
            }
            #expect(throws: SRTPError.malformed) {
                try server.protectRTP(raw.baseAddress!, length: 11, capacity: raw.count)
            }
            #expect(throws: SRTPError.malformed) {
                try server.unprotectRTP(raw.baseAddress!, length: length + 1, capacity: length)
            }
        }
    }

    /// Unprotecting needs no spare capacity; the largest trailer is 20 bytes.
    @Test func unprotectWithoutCapacityAndMaximumOverhead() throws {
        #expect(SRTPSession.maximumOverhead == 20)
        let (server, client) = try Self.sessions(.aeadAes128Gcm)
        let plain = Self.rtpPacket(sequence: 3)
        var protected = try Self.inBuffer(plain, server.protectRTP)
        let length = protected.count
        let recovered = try protected.withUnsafeMutableBytes { raw in
            try client.unprotectRTP(raw.baseAddress!, length: length)
        }
        #expect(Array(protected[0..<recovered]) == plain)
    }

    @Test func rejectsKeysOfTheWrongLength() {
        let material = SRTPKeyingMaterial(profile: .aeadAes128Gcm,
                                          localKeyAndSalt: [UInt8](repeating: 1, count: 30),
                                          remoteKeyAndSalt: [UInt8](repeating: 2, count: 28))
        #expect(throws: SRTPError.badKeyLength) { try SRTPSession(keyingMaterial: material) }
    }

    /// RFC 5764 §4.2 layout: client key, server key, client salt, server salt.
    @Test func keyingMaterialSplitsByRole() throws {
        let exported = Array(UInt8(0)..<60)
        let server = try #require(SRTPKeyingMaterial(profile: .aes128CmHmacSha1_80, exported: exported, isServer: true))
        let client = try #require(SRTPKeyingMaterial(profile: .aes128CmHmacSha1_80, exported: exported, isServer: false))
        #expect(server.localKeyAndSalt == Array(16..<32) + Array(46..<60))
        #expect(server.remoteKeyAndSalt == Array(0..<16) + Array(32..<46))
        #expect(client.localKeyAndSalt == server.remoteKeyAndSalt)
        #expect(client.remoteKeyAndSalt == server.localKeyAndSalt)
        let gcm = try #require(SRTPKeyingMaterial(profile: .aeadAes128Gcm, exported: Array(UInt8(0)..<56), isServer: true))
        #expect(gcm.localKeyAndSalt == Array(16..<32) + Array(44..<56))
        #expect(SRTPKeyingMaterial(profile: .aeadAes128Gcm, exported: exported, isServer: true) == nil)
        #expect(!"\(server)".contains("16"))   // keys never printed
    }
}
