/// ITU-T G.711 A-law (PCMA, RFC 3551 §4.5.14), as used on European and most other trunks.
///
/// A-law is defined on 13-bit linear samples; 16-bit input is taken through its top 13 bits,
/// so the encode table needs 8192 entries, indexed by `UInt16(bitPattern: sample) >> 3`.
/// Negative samples use the one's complement magnitude, so the quantiser is symmetric and
/// has no zero code: 0 encodes to 0xD5 (+8 when decoded) and -1 to 0x55 (-8).
public enum G711ALaw {
    /// Even bits are inverted on the line (G.711 §3.4) to keep enough transitions.
    static let evenBitInversion: UInt8 = 0x55

    /// Encodes one sample (table lookup).
    @inline(__always)
    public static func encode(_ sample: Int16) -> UInt8 {
        encodeTable.withUnsafeBufferPointer { $0[Int(UInt16(bitPattern: sample) >> 3)] }
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
                out[i] = table[Int(UInt16(bitPattern: pcm[i]) >> 3)]
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
        let positive = sample >= 0
        let magnitude = Int32(positive ? sample : ~sample) >> 3   // 0…4095, 12-bit
        let segment: Int32
        let mantissa: Int32
        if magnitude < 32 {
            // Segments 0 and 1 share the finest step (G.711 Table 1a, the 13-segment law).
            segment = 0
            mantissa = magnitude >> 1
        } else {
            segment = Int32(Int32.bitWidth - magnitude.leadingZeroBitCount) - 5   // 1…7
            mantissa = (magnitude >> segment) & 0x0F
        }
        let code = UInt8(truncatingIfNeeded: (positive ? 0x80 : 0) | (segment << 4) | mantissa)
        return code ^ evenBitInversion
    }

    /// The decoding rule: the middle of the code's quantisation interval, in 16-bit scale.
    static func computeSample(_ code: UInt8) -> Int16 {
        let bits = code ^ evenBitInversion
        let segment = Int32((bits >> 4) & 0x07)
        let mantissa = Int32(bits & 0x0F)
        let magnitude: Int32
        if segment == 0 {
            magnitude = (mantissa << 4) + 8
        } else {
            magnitude = ((16 + mantissa) << (segment + 3)) + (1 << (segment + 2))
        }
        return Int16(bits & 0x80 != 0 ? magnitude : -magnitude)
    }

    static let encodeTable: [UInt8] = (0..<(1 << 13)).map { index in
        computeCode(Int16(bitPattern: UInt16(index) << 3))
    }

    static let decodeTable: [Int16] = (0..<256).map { computeSample(UInt8($0)) }
}
