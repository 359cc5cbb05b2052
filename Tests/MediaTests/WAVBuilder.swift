/// Builds WAV files byte by byte, so each test states exactly the header it feeds
/// the parser (RIFF chunks are little-endian, odd-sized bodies get a pad byte).
enum WAVBuilder {
    static func le16(_ value: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    static func le32(_ value: Int) -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }

    static func pcm16(_ samples: [Int16]) -> [UInt8] {
        samples.flatMap { le16(Int($0)) }
    }

    /// One chunk: id, size, body and the pad byte an odd size needs.
    /// - Parameter declaredSize: a size to write instead of the body's (a lie).
    static func chunk(_ id: String, _ body: [UInt8], declaredSize: Int? = nil) -> [UInt8] {
        Array(id.utf8) + le32(declaredSize ?? body.count) + body + (body.count % 2 == 1 ? [0] : [])
    }

    /// A 16-byte WAVEFORMAT body; `blockAlign` defaults to the consistent value.
    static func formatBody(tag: Int = 1, channels: Int = 1, rate: Int = 8000, bits: Int = 16,
                           blockAlign: Int? = nil) -> [UInt8] {
        let align = blockAlign ?? channels * bits / 8
        return le16(tag) + le16(channels) + le32(rate) + le32(rate * align) + le16(align) + le16(bits)
    }

    /// A 40-byte WAVEFORMATEXTENSIBLE body whose subformat GUID carries `subformat`.
    static func extensibleFormatBody(subformat: Int, channels: Int = 1, rate: Int = 8000, bits: Int = 16,
                                     guidTail: [UInt8]? = nil) -> [UInt8] {
        let tail = guidTail ?? [0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71]
        return formatBody(tag: 0xFFFE, channels: channels, rate: rate, bits: bits)
            + le16(22) + le16(bits) + le32(channels == 2 ? 0x3 : 0x4) + le16(subformat) + tail
    }

    /// "RIFF", the size of what follows, the form type and the chunks.
    static func riff(_ chunks: [[UInt8]], form: String = "WAVE", declaredSize: Int? = nil) -> [UInt8] {
        let body = Array(form.utf8) + chunks.flatMap { $0 }
        return Array("RIFF".utf8) + le32(declaredSize ?? body.count) + body
    }

    /// A plain file: "fmt " then "data".
    static func wav(tag: Int = 1, channels: Int = 1, rate: Int = 8000, bits: Int = 16, data: [UInt8]) -> [UInt8] {
        riff([chunk("fmt ", formatBody(tag: tag, channels: channels, rate: rate, bits: bits)), chunk("data", data)])
    }
}
