/// ITU-T G.711 μ-law (PCMU, RFC 3551 §4.5.14), as used on North American and Japanese trunks.
///
/// μ-law is defined on 14-bit linear samples; 16-bit input is taken through its top 14 bits,
/// so the encode table needs 16 384 entries, indexed by `UInt16(bitPattern: sample) >> 2`.
/// Negative samples use the one's complement magnitude (`~x`), which makes the quantiser
/// symmetric: `x` and `-1 - x` land in mirror-image codes.
public enum G711MuLaw {
    /// Largest 14-bit magnitude before bias (G.711 Table 2a: the top decision value).
    static let clip: Int32 = 8159
    /// Bias added so that segment boundaries fall on powers of two (G.711 §3.2).
    static let bias: Int32 = 33

    /// Encodes one sample (table lookup).
    @inline(__always)
    public static func encode(_ sample: Int16) -> UInt8 {
        encodeTable.withUnsafeBufferPointer { $0[Int(UInt16(bitPattern: sample) >> 2)] }
    }

    /// Decodes one code (table lookup).
    @inline(__always)
    public static func decode(_ code: UInt8) -> Int16 {
        decodeTable.withUnsafeBufferPointer { $0[Int(code)] }
    }

    /// Encodes `min(pcm.count, out.count)` samples into `out`, one byte each.
    /// - Returns: the number of bytes written.
    @discardableResult
    public static func encode(_ pcm: UnsafeBufferPointer<Int16>, into out: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(pcm.count, out.count)
        encodeTable.withUnsafeBufferPointer { table in
            for i in 0..<count {
                out[i] = table[Int(UInt16(bitPattern: pcm[i]) >> 2)]
            }
        }
        return count
    }

    /// Decodes `min(codes.count, pcm.count)` codes into `pcm`.
    /// - Returns: the number of samples written.
    @discardableResult
    public static func decode(_ codes: UnsafeRawBufferPointer, into pcm: UnsafeMutableBufferPointer<Int16>) -> Int {
        let count = min(codes.count, pcm.count)
        decodeTable.withUnsafeBufferPointer { table in
            for i in 0..<count {
                pcm[i] = table[Int(codes[i])]
            }
        }
        return count
    }

    /// The encoding rule itself, from which the table is built; kept for tests.
    static func computeCode(_ sample: Int16) -> UInt8 {
        let negative = sample < 0
        let magnitude = Int32(negative ? ~sample : sample) >> 2           // 0…8191, 14-bit
        let biased = min(magnitude, clip) + bias                          // 33…8192
        let limited = min(biased, 0x1FFF)                                 // keep within 13 bits
        // Segment = position of the leading one above bit 5 (biased ≥ 32 always).
        let segment = Int32(Int32.bitWidth - limited.leadingZeroBitCount) - 6  // 0…7
        let mantissa = (limited >> (segment + 1)) & 0x0F
        let code = UInt8(truncatingIfNeeded: (negative ? 0x80 : 0) | (segment << 4) | mantissa)
        return ~code                                                      // G.711 transmits inverted bits
    }

    /// The decoding rule: the middle of the code's quantisation interval, in 16-bit scale.
    static func computeSample(_ code: UInt8) -> Int16 {
        let bits = ~code
        let segment = Int32((bits >> 4) & 0x07)
        let mantissa = Int32(bits & 0x0F)
        // ((2m + 33) << segment) - 33 in 14-bit units, times 4 for 16-bit scale.
        let magnitude = (((mantissa << 3) + 4 * bias) << segment) - 4 * bias
        return Int16(bits & 0x80 != 0 ? -magnitude : magnitude)
    }

    static let encodeTable: [UInt8] = (0..<(1 << 14)).map { index in
        computeCode(Int16(bitPattern: UInt16(index) << 2))
    }

    static let decodeTable: [Int16] = (0..<256).map { computeSample(UInt8($0)) }
}
