import Testing
@testable import SDP

@Suite("SDP parser edge cases")
struct ParserEdgeCaseTests {
    static let minimal = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\n"

    @Test func lineFeedAndCRLFGiveTheSameResult() throws {
        let crlf = try SessionDescription.parse(Self.minimal + "m=audio 4000 RTP/AVP 0\r\na=sendonly\r\n")
        let lf = try SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0\na=sendonly")
        #expect(crlf == lf)
        #expect(lf.media.first?.direction == .sendonly)
    }

    @Test func unknownLinesAndAttributesAreKept() throws {
        let text = Self.minimal + "x=private session data\r\na=x-custom:42\r\n"
            + "m=audio 4000 RTP/AVP 0\r\ny=media level\r\na=x-flag\r\n"
        let parsed = try SessionDescription.parse(text)
        #expect(parsed.unknownFields == [SDPUnknownField(type: "x", value: "private session data")])
        #expect(parsed.attributes == [SDPAttribute("x-custom", "42")])
        let media = try #require(parsed.media.first)
        #expect(media.unknownFields == [SDPUnknownField(type: "y", value: "media level")])
        #expect(media.attributes == [SDPAttribute("x-flag")])
        #expect(try SessionDescription.parse(parsed.serialize()) == parsed)
    }

    @Test func fieldsAreWrittenInCanonicalOrder() throws {
        // Session fields arrive out of order; serialize() puts them in RFC 8866 order.
        let text = "v=0\no=- 7 8 IN IP4 192.0.2.1\na=tool:x\nt=0 0\nb=AS:100\nc=IN IP4 192.0.2.1\ns=call\n"
            + "m=audio 4000/2 RTP/AVP 0\na=rtpmap:0 PCMU/8000\nb=TIAS:64000\ni=voice\nc=IN IP4 192.0.2.9\n"
        let parsed = try SessionDescription.parse(text)
        #expect(parsed.serialize() == "v=0\r\no=- 7 8 IN IP4 192.0.2.1\r\ns=call\r\nc=IN IP4 192.0.2.1\r\n"
            + "b=AS:100\r\nt=0 0\r\na=tool:x\r\nm=audio 4000/2 RTP/AVP 0\r\ni=voice\r\nc=IN IP4 192.0.2.9\r\n"
            + "b=TIAS:64000\r\na=rtpmap:0 PCMU/8000\r\n")
        #expect(parsed.media.first?.portCount == 2)
    }

    @Test func missingTimingReadsAsZeroZero() throws {
        let parsed = try SessionDescription.parse("v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n")
        #expect(parsed.timings == [SDPTiming(start: 0, stop: 0)])
        #expect(parsed.media.isEmpty)
    }

    @Test func repeatTimesBelongToTheirTiming() throws {
        let parsed = try SessionDescription.parse(Self.minimal + "r=7d 1h 0 25h\r\nz=2882844526 -1h\r\n")
        #expect(parsed.timings == [SDPTiming(start: 0, stop: 0, repeats: ["7d 1h 0 25h"])])
        #expect(parsed.timeZones == "2882844526 -1h")
        #expect(try SessionDescription.parse(parsed.serialize()) == parsed)
    }

    @Test func sessionIDLargerThanUInt64IsKeptAsText() throws {
        let parsed = try SessionDescription.parse(
            "v=0\no=- 123456789012345678901234567890 18446744073709551615 IN IP6 ::1\ns=-\nt=0 0\n")
        #expect(parsed.origin.sessionID == "123456789012345678901234567890")
        #expect(parsed.origin.sessionVersion == UInt64.max)
        #expect(parsed.origin.addressType == "IP6")
    }

    @Test(arguments: [
        ("", SDPParseError(line: 0, kind: .empty)),
        ("\r\n\r\n", SDPParseError(line: 0, kind: .empty)),
        ("v=1\no=- 1 1 IN IP4 a\n", SDPParseError(line: 1, kind: .unsupportedVersion)),
        ("v=0\ns=-\n", SDPParseError(line: 2, kind: .missingOrigin)),
        ("v=0\n", SDPParseError(line: 1, kind: .missingOrigin)),
        ("v=0\no=- 1 x IN IP4 a\n", SDPParseError(line: 2, kind: .malformedOrigin)),
        ("v=0\no=- 1 18446744073709551616 IN IP4 a\n", SDPParseError(line: 2, kind: .malformedOrigin)),
        ("v=0\no=- 1 1 IN IP4 a\nc=IN IP4\n", SDPParseError(line: 3, kind: .malformedConnection)),
        ("v=0\no=- 1 1 IN IP4 a\nb=AS\n", SDPParseError(line: 3, kind: .malformedBandwidth)),
        ("v=0\no=- 1 1 IN IP4 a\nb=AS:-5\n", SDPParseError(line: 3, kind: .malformedBandwidth)),
        ("v=0\no=- 1 1 IN IP4 a\nt=0\n", SDPParseError(line: 3, kind: .malformedTiming)),
        ("v=0\no=- 1 1 IN IP4 a\nr=1d 1h 0\n", SDPParseError(line: 3, kind: .malformedTiming)),
        ("v=0\no=- 1 1 IN IP4 a\ns=-\ns=-\n", SDPParseError(line: 4, kind: .duplicateField("s"))),
        ("v=0\no=- 1 1 IN IP4 a\no=- 1 1 IN IP4 a\n", SDPParseError(line: 3, kind: .duplicateField("o"))),
        ("v=0\no=- 1 1 IN IP4 a\nm=audio 1 RTP/AVP 0\nc=IN IP4 a\nc=IN IP4 b\n", SDPParseError(line: 5, kind: .duplicateField("c"))),
        ("v=0\no=- 1 1 IN IP4 a\nm=audio 1\n", SDPParseError(line: 3, kind: .malformedMedia)),
        ("v=0\no=- 1 1 IN IP4 a\nm=audio 1/x RTP/AVP 0\n", SDPParseError(line: 3, kind: .malformedMedia)),
        ("v=0\no=- 1 1 IN IP4 a\na=\n", SDPParseError(line: 3, kind: .malformedAttribute)),
        ("v=0\no=- 1 1 IN IP4 a\na=:value\n", SDPParseError(line: 3, kind: .malformedAttribute)),
        ("v=0\no=- 1 1 IN IP4 a\nA=x\n", SDPParseError(line: 3, kind: .malformedLine)),
        ("v=0\no=- 1 1 IN IP4 a\na\n", SDPParseError(line: 3, kind: .malformedLine)),
        ("v=0\no=- 1 1 IN IP4 a\n a=x\n", SDPParseError(line: 3, kind: .malformedLine)),
        ("v=0\no=- 1 1 IN IP4 a\nm=audio 1 RTP/AVP 0\ns=late\n", SDPParseError(line: 4, kind: .misplacedField("s"))),
    ])
    func structurallyBrokenInputIsRefused(text: String, expected: SDPParseError) {
        #expect(throws: expected) { try SessionDescription.parse(text) }
    }

    @Test func sizeLimit() {
        let padding = String(repeating: "a=x-pad:0123456789012345678901234567890123456789\r\n", count: 1400)
        #expect(throws: SDPParseError(line: 0, kind: .tooLarge)) {
            try SessionDescription.parse(Self.minimal + padding)
        }
    }

    @Test func mediaSectionLimit() throws {
        let section = "m=audio 0 RTP/AVP 0\r\n"
        let atLimit = Self.minimal + String(repeating: section, count: SessionDescription.maximumMediaSections)
        #expect(try SessionDescription.parse(atLimit).media.count == 64)
        #expect(throws: SDPParseError(line: 4 + 65, kind: .tooManyMediaSections)) {
            try SessionDescription.parse(atLimit + section)
        }
    }

    @Test func rejectedAndBundleOnlySections() throws {
        let parsed = try SessionDescription.parse(Self.minimal
            + "m=audio 0 RTP/AVP 0\r\nm=audio 0 UDP/TLS/RTP/SAVPF 111\r\na=bundle-only\r\n")
        #expect(parsed.media.map(\.isRejected) == [true, false])
    }

    @Test func sessionLevelFallbacks() throws {
        // Firefox and some SIP stacks put ICE credentials and fingerprints at session level.
        let parsed = try SessionDescription.parse(Self.minimal
            + "a=ice-ufrag:sess\r\na=ice-pwd:sessionpassword123456\r\na=fingerprint:sha-256 AA:BB\r\n"
            + "a=setup:actpass\r\na=recvonly\r\na=ice-lite\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 0\r\na=ice-ufrag:own\r\na=inactive\r\na=setup:active\r\n"
            + "a=fingerprint:sha-1 01:02\r\n")
        let first = parsed.media[0], second = parsed.media[1]
        #expect(parsed.isICELite)
        #expect(first.direction == nil)
        #expect(parsed.effectiveDirection(for: first) == .recvonly)
        #expect(parsed.effectiveDirection(for: second) == .inactive)
        #expect(parsed.effectiveICEUfrag(for: first) == "sess")
        #expect(parsed.effectiveICEUfrag(for: second) == "own")
        #expect(parsed.effectiveICEPwd(for: second) == "sessionpassword123456")
        #expect(parsed.effectiveFingerprints(for: first) == [Fingerprint(algorithm: "sha-256", value: "AA:BB")])
        #expect(parsed.effectiveFingerprints(for: second) == [Fingerprint(algorithm: "sha-1", value: "01:02")])
        #expect(parsed.effectiveSetup(for: first) == .actpass)
        #expect(parsed.effectiveSetup(for: second) == .active)
    }

    @Test func defaultDirectionIsSendRecv() throws {
        let parsed = try SessionDescription.parse(Self.minimal + "m=audio 4000 RTP/AVP 0\r\n")
        #expect(parsed.effectiveDirection(for: parsed.media[0]) == .sendrecv)
    }

    @Test func sdesCryptoIsDetected() throws {
        let parsed = try SessionDescription.parse(Self.minimal + "m=audio 4000 RTP/SAVP 0\r\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n")
        let media = parsed.media[0]
        #expect(media.isSecureRTP)
        #expect(!media.isDTLSSRTP)
        #expect(media.hasCrypto)
    }

    /// Mutations of a real offer (truncations, byte flips, inserted separators)
    /// must either parse or throw; nothing may trap. Deterministic so a failure
    /// reproduces.
    @Test func mutatedInputNeverTraps() throws {
        let seed = Array(try fixture("chrome-offer").utf8)
        var rng = SplitMix64(state: 0x5D9_2026)
        let specials: [UInt8] = [0x0A, 0x0D, 0x3A, 0x20, 0x2F, 0x3D, 0x00, 0xFF, 0x39]
        var parsedCount = 0
        for _ in 0..<3000 {
            var bytes = seed
            for _ in 0..<Int(rng.next() % 6 + 1) {
                let position = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[position] = specials[Int(rng.next() % UInt64(specials.count))]
                case 1: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int(rng.next() % 40)))
                default: bytes.insert(contentsOf: [0x0A, 0x6D, 0x3D], at: position)
                }
                if bytes.isEmpty { bytes = [0x76] }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            if let parsed = try? SessionDescription.parse(text) {
                parsedCount += 1
                // Whatever parses must survive its own round trip.
                #expect(try SessionDescription.parse(parsed.serialize()) == parsed)
                _ = parsed.media.map { ($0.rtpMaps, $0.candidates, $0.fingerprints, $0.ssrcs) }
            }
        }
        #expect(parsedCount > 0)
    }
}

/// Small deterministic generator for reproducible mutation tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
