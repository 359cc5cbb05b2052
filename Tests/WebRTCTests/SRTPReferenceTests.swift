import Testing
@testable import WebRTC

/// The gateway's SRTP against libsrtp2 (`LibSRTPSession`): the same keys must give the same
/// bytes, and each must open what the other sealed, across rollovers, CSRCs, header
/// extensions and SRTCP.
@Suite struct SRTPReferenceTests {
    static func keys(_ profile: SRTPProfile, seed: UInt8) -> SRTPKeyingMaterial {
        let length = profile.keyLength + profile.saltLength
        let local = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 29 &+ Int(seed)) }
        let remote = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 71 &+ Int(seed) &+ 5) }
        return SRTPKeyingMaterial(profile: profile, localKeyAndSalt: local, remoteKeyAndSalt: remote)
    }

    static func mirrored(_ keys: SRTPKeyingMaterial) -> SRTPKeyingMaterial {
        SRTPKeyingMaterial(profile: keys.profile, localKeyAndSalt: keys.remoteKeyAndSalt,
                           remoteKeyAndSalt: keys.localKeyAndSalt)
    }

    /// An RTP packet with `csrcs` contributing sources and, when `extensionWords` > 0, a
    /// header extension (RFC 3550 §5.3.1) of that many 32-bit words.
    static func rtp(sequence: UInt16, ssrc: UInt32 = 0xDEAD_BEEF, csrcs: Int = 0, extensionWords: Int = 0,
                    payload: Int = 67) -> [UInt8] {
        var packet: [UInt8] = [0x80 | (extensionWords > 0 ? 0x10 : 0) | UInt8(csrcs), 111]
        packet += [UInt8(sequence >> 8), UInt8(truncatingIfNeeded: sequence)]
        packet += bytes(UInt32(sequence) &* 960) + bytes(ssrc)
        for index in 0..<csrcs { packet += bytes(UInt32(0x1000 + index)) }
        if extensionWords > 0 {
            packet += [0xBE, 0xDE, 0, UInt8(extensionWords)]
            packet += (0..<(4 * extensionWords)).map { UInt8($0 + 1) }
        }
        packet += (0..<payload).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ Int(sequence)) }
        return packet
    }

    /// A sender report with one report block and an SDES item, as browsers send.
    static func rtcp(ssrc: UInt32 = 0xDEAD_BEEF, marker: UInt8) -> [UInt8] {
        var packet: [UInt8] = [0x81, 200, 0, 12] + bytes(ssrc)
        packet += (0..<44).map { UInt8(truncatingIfNeeded: $0 &+ Int(marker)) }
        packet += [0x81, 202, 0, 3] + bytes(ssrc) + [1, 4, 0x61, 0x62, 0x63, 0x64, 0, 0]
        return packet
    }

    static func bytes(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8),
         UInt8(truncatingIfNeeded: value)]
    }

    /// Runs an in-place operation on `packet` in a buffer with room for any trailer.
    static func apply(_ packet: [UInt8],
                      _ operation: (UnsafeMutableRawPointer, Int, Int) throws -> Int) throws -> [UInt8] {
        var buffer = packet + [UInt8](repeating: 0, count: 64)
        let length = try buffer.withUnsafeMutableBytes { raw in
            try operation(raw.baseAddress!, packet.count, raw.count)
        }
        return Array(buffer[..<length])
    }

    @Test(arguments: SRTPProfile.allCases)
    func sealsRTPByteForByteLikeLibSRTPAcrossARollover(profile: SRTPProfile) throws {
        let keys = Self.keys(profile, seed: 3)
        let ours = try SRTPSession(keyingMaterial: keys)
        let reference = try LibSRTPSession(keyingMaterial: keys)
        let peer = try LibSRTPSession(keyingMaterial: Self.mirrored(keys))
        var sequence: UInt16 = 65_530
        for step in 0..<40 {
            let plain = Self.rtp(sequence: sequence, csrcs: step % 3, extensionWords: step % 4 == 1 ? 2 : 0,
                                 payload: 20 + step * 7)
            let sealed = try Self.apply(plain) { try ours.protectRTP($0, length: $1, capacity: $2) }
            let expected = try Self.apply(plain) { try reference.protectRTP($0, length: $1, capacity: $2) }
            #expect(sealed == expected, "packet \(step), sequence \(sequence)")
            #expect(sealed.count == plain.count + profile.rtpOverhead)
            let opened = try Self.apply(sealed) { try peer.unprotectRTP($0, length: $1, capacity: $2) }
            #expect(opened == plain)
            sequence &+= 1
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func opensWhatLibSRTPSealsAcrossARolloverWithReordering(profile: SRTPProfile) throws {
        let keys = Self.keys(profile, seed: 11)
        let sender = try LibSRTPSession(keyingMaterial: Self.mirrored(keys))
        let ours = try SRTPSession(keyingMaterial: keys)
        // 65 520 … 65 535, 0 … 40, sent in order and received with neighbours swapped.
        let sequences = (0..<57).map { UInt16(truncatingIfNeeded: 65_520 + $0) }
        var sealed: [(UInt16, [UInt8], [UInt8])] = []
        for sequence in sequences {
            let plain = Self.rtp(sequence: sequence, ssrc: 0x0102_0304)
            sealed.append((sequence, plain, try Self.apply(plain) { try sender.protectRTP($0, length: $1, capacity: $2) }))
        }
        var order = Array(sealed.indices)
        for index in stride(from: 1, to: order.count - 1, by: 4) { order.swapAt(index, index + 1) }
        for index in order {
            let (sequence, plain, packet) = sealed[index]
            let opened = try Self.apply(packet) { try ours.unprotectRTP($0, length: $1, capacity: $2) }
            #expect(opened == plain, "sequence \(sequence)")
        }
        // Every one of them again is a replay.
        for (_, _, packet) in sealed.prefix(3) + sealed.suffix(3) {
            #expect(throws: SRTPError.replay) {
                _ = try Self.apply(packet) { try ours.unprotectRTP($0, length: $1, capacity: $2) }
            }
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func srtcpBothWays(profile: SRTPProfile) throws {
        let keys = Self.keys(profile, seed: 23)
        let ours = try SRTPSession(keyingMaterial: keys)
        let peer = try LibSRTPSession(keyingMaterial: Self.mirrored(keys))
        for round in 0..<5 {
            let plain = Self.rtcp(marker: UInt8(round))
            let sealed = try Self.apply(plain) { try ours.protectRTCP($0, length: $1, capacity: $2) }
            #expect(sealed.count == plain.count + profile.rtcpOverhead)
            #expect(try Self.apply(sealed) { try peer.unprotectRTCP($0, length: $1, capacity: $2) } == plain)
            let back = Self.rtcp(ssrc: 0x0A0B_0C0D, marker: UInt8(100 + round))
            let theirs = try Self.apply(back) { try peer.protectRTCP($0, length: $1, capacity: $2) }
            #expect(try Self.apply(theirs) { try ours.unprotectRTCP($0, length: $1, capacity: $2) } == back)
            #expect(throws: SRTPError.replay) {
                _ = try Self.apply(theirs) { try ours.unprotectRTCP($0, length: $1, capacity: $2) }
            }
        }
    }

    @Test(arguments: SRTPProfile.allCases)
    func anyChangedByteFailsAuthenticationAndLeavesTheStreamAsItWas(profile: SRTPProfile) throws {
        let keys = Self.keys(profile, seed: 42)
        let sender = try LibSRTPSession(keyingMaterial: Self.mirrored(keys))
        let ours = try SRTPSession(keyingMaterial: keys)
        let plain = Self.rtp(sequence: 1000, csrcs: 1)
        let sealed = try Self.apply(plain) { try sender.protectRTP($0, length: $1, capacity: $2) }
        for position in stride(from: 0, to: sealed.count, by: 5) where position != 0 {
            var forged = sealed
            forged[position] ^= 0x40
            #expect(throws: SRTPError.self) {
                _ = try Self.apply(forged) { try ours.unprotectRTP($0, length: $1, capacity: $2) }
            }
        }
        // The genuine packet still opens: no forged one was taken as the stream's start.
        #expect(try Self.apply(sealed) { try ours.unprotectRTP($0, length: $1, capacity: $2) } == plain)
    }

    @Test func keyDerivationMatchesRFC3711AppendixB3() throws {
        let masterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139")
        let masterSalt = hex("0EC675AD498AFEEBB6960B3AABE6")
        #expect(try SRTPSessionKeys.derive(.rtpEncryption, masterKey: masterKey, masterSalt: masterSalt, length: 16)
                == hex("C61E7A93744F39EE10734AFE3FF7A087"))
        #expect(try SRTPSessionKeys.derive(.rtpSalt, masterKey: masterKey, masterSalt: masterSalt, length: 14)
                == hex("30CBBC08863D8C85D49DB34A9AE1"))
        #expect(try SRTPSessionKeys.derive(.rtpAuthentication, masterKey: masterKey, masterSalt: masterSalt, length: 20)
                == hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"))
    }

    @Test func replayWindowSlidesAndForgets() {
        var window = SRTPReplayWindow(size: 100)
        #expect(window.size == 128)
        window.mark(1000)
        #expect(!window.isFresh(1000))
        #expect(window.isFresh(999))
        window.mark(1070)
        #expect(!window.isFresh(1000))
        #expect(window.isFresh(1069))
        window.mark(1129)
        // 1000 is now 129 behind the highest: older than the window.
        #expect(!window.isFresh(1000))
        #expect(!window.isFresh(1070))
        #expect(window.isFresh(1071))
        window.mark(5000)
        #expect(!window.isFresh(1129))
        #expect(window.isFresh(4999))
    }

    /// The window against the plain rule it stands for (RFC 3711 §3.3.2: above the highest,
    /// or within `size` of it and not yet accepted) over streams that move on one by one,
    /// skip ahead, arrive late and repeat, with jumps past the whole window.
    @Test func replayWindowAgreesWithTheRuleItStandsFor() {
        var generator = SystemRandomNumberGenerator()
        for size in [64, 128, 1024] {
            var window = SRTPReplayWindow(size: size)
            var accepted: Set<Int64> = []
            var highest: Int64?
            func fresh(_ index: Int64) -> Bool {
                guard let highest else { return true }
                return index > highest || (highest - index < Int64(size) && !accepted.contains(index))
            }
            var next: Int64 = Int64.random(in: 0...1 << 40, using: &generator)
            for _ in 0..<20_000 {
                let index: Int64
                switch Int.random(in: 0..<100, using: &generator) {
                case 0..<70: index = next; next += 1
                case 70..<80: next += Int64.random(in: 2...Int64(size) + 5, using: &generator); index = next
                case 80..<98: index = max(0, next - Int64.random(in: 1...Int64(size) + 10, using: &generator))
                default: next += Int64.random(in: Int64(size)...4 * Int64(size), using: &generator); index = next
                }
                #expect(window.isFresh(index) == fresh(index), "size \(size), index \(index)")
                if fresh(index) {
                    window.mark(index)
                    accepted.insert(index)
                    highest = max(highest ?? index, index)
                }
                let probe = (highest ?? 0) - Int64.random(in: -3...Int64(size) + 3, using: &generator)
                #expect(window.isFresh(probe) == fresh(probe), "size \(size), probe \(probe)")
            }
        }
    }

    @Test func rolloverEstimates() {
        var rollover = SRTPRollover(firstSequence: 65_000)
        #expect(rollover.estimate(65_100) == 0)
        #expect(rollover.estimate(10) == 1)
        rollover.update(10, period: 1)
        #expect(rollover.rollover == 1)
        // A late packet from before the wrap belongs to the period before.
        #expect(rollover.estimate(65_530) == 0)
        // Nothing comes before the first period.
        #expect(SRTPRollover(firstSequence: 10).estimate(60_000) == nil)
    }

    func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }
}
