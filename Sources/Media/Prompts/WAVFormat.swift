/// The contents of a WAV file's "fmt " chunk, reduced to what decoding needs and
/// checked against what the prompt player supports.
struct WAVFormat: Equatable {
    /// How each sample is coded in the "data" chunk.
    enum Encoding: Equatable {
        /// 8-bit PCM, unsigned, 128 is silence.
        case unsignedPCM8
        /// 16-bit PCM, signed little-endian.
        case signedPCM16
        case muLaw
        case aLaw
    }

    // Format tags (RFC 2361 Appendix A).
    static let pcm: UInt16 = 0x0001
    static let aLaw: UInt16 = 0x0006
    static let muLaw: UInt16 = 0x0007
    static let extensible: UInt16 = 0xFFFE

    let encoding: Encoding
    let channels: Int
    let sampleRate: Int
    /// Bytes of one sample frame (every channel's sample).
    let blockAlign: Int

    static let supportedRates = 8000...48000

    /// The last 14 bytes of every KSDATAFORMAT_SUBTYPE GUID
    /// {xxxxxxxx-0000-0010-8000-00AA00389B71} as stored (Data1 is little-endian, its
    /// low 16 bits carry the format tag and its high 16 bits are zero).
    static let subformatGUIDTail: [UInt8] = [0x00, 0x00, 0x00, 0x00, 0x10, 0x00,
                                              0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]

    /// Reads a "fmt " chunk body: WAVEFORMAT (16 bytes), WAVEFORMATEX (18) or
    /// WAVEFORMATEXTENSIBLE (40). The checks run in the order a user can act on:
    /// encoding and sample width, then channels, rate and finally the block align.
    static func parse(_ body: ArraySlice<UInt8>) throws(WAVError) -> WAVFormat {
        guard body.count >= 16 else { throw .formatChunkTooShort(byteCount: body.count, needed: 16) }
        let start = body.startIndex
        var tag = RIFFBytes.uint16(body, at: start)
        let channels = Int(RIFFBytes.uint16(body, at: start + 2))
        let sampleRate = Int(RIFFBytes.uint32(body, at: start + 4))
        // The byte rate at +8 is redundant and often wrong in the wild; it is not used.
        let blockAlign = Int(RIFFBytes.uint16(body, at: start + 12))
        let bits = Int(RIFFBytes.uint16(body, at: start + 14))

        if tag == extensible {
            // cbSize (+16), valid bits (+18) and channel mask (+20) precede the subformat GUID (+24).
            guard body.count >= 40 else { throw .formatChunkTooShort(byteCount: body.count, needed: 40) }
            guard Array(body[(start + 26)..<(start + 40)]) == subformatGUIDTail else {
                throw .unsupportedExtensibleSubformat
            }
            tag = RIFFBytes.uint16(body, at: start + 24)
            guard tag == pcm || tag == aLaw || tag == muLaw else { throw .unsupportedExtensibleSubformat }
        }

        let encoding: Encoding
        switch (tag, bits) {
        case (pcm, 8): encoding = .unsignedPCM8
        case (pcm, 16): encoding = .signedPCM16
        case (aLaw, 8): encoding = .aLaw
        case (muLaw, 8): encoding = .muLaw
        case (pcm, _), (aLaw, _), (muLaw, _): throw .unsupportedBitsPerSample(bits, formatTag: tag)
        default: throw .unsupportedEncoding(formatTag: tag)
        }
        guard channels == 1 || channels == 2 else { throw .unsupportedChannelCount(channels) }
        guard supportedRates.contains(sampleRate) else { throw .unsupportedSampleRate(sampleRate) }
        let expectedAlign = channels * bits / 8
        guard blockAlign == expectedAlign else { throw .invalidBlockAlign(declared: blockAlign, expected: expectedAlign) }
        return WAVFormat(encoding: encoding, channels: channels, sampleRate: sampleRate, blockAlign: blockAlign)
    }

    /// One channel's sample at `offset` as 16-bit linear PCM. The caller keeps
    /// `offset` inside the data chunk; out-of-range reads give silence.
    func sample(_ bytes: [UInt8], at offset: Int) -> Int16 {
        switch encoding {
        case .unsignedPCM8:
            guard bytes.indices.contains(offset) else { return 0 }
            return Int16(Int(bytes[offset]) - 128) << 8
        case .signedPCM16:
            return Int16(bitPattern: RIFFBytes.uint16(bytes[...], at: offset))
        case .muLaw:
            guard bytes.indices.contains(offset) else { return 0 }
            return G711MuLaw.decode(bytes[offset])
        case .aLaw:
            guard bytes.indices.contains(offset) else { return 0 }
            return G711ALaw.decode(bytes[offset])
        }
    }
}

/// Bounds-checked little-endian reads (RIFF is little-endian throughout); bytes
/// beyond the slice read as zero, so a short buffer never traps.
enum RIFFBytes {
    static func uint16(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt16 {
        guard offset >= bytes.startIndex, offset <= bytes.endIndex - 2 else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func uint32(_ bytes: ArraySlice<UInt8>, at offset: Int) -> UInt32 {
        guard offset >= bytes.startIndex, offset <= bytes.endIndex - 4 else { return 0 }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
