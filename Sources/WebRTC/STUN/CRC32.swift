/// CRC-32 as used by the STUN FINGERPRINT attribute (RFC 8489 §14.7 refers to
/// ITU-T V.42 / ISO 3309: reflected polynomial 0xEDB88320, initial value and
/// final XOR 0xFFFFFFFF — the same CRC as Ethernet, zlib and PNG).
enum CRC32 {
    /// One entry per byte value, computed once on first use.
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1
        }
        return crc
    }

    /// The running CRC after `bytes`: start from `start`, finish with `finish`; for a
    /// message checked in pieces where it lies.
    static let start: UInt32 = 0xFFFF_FFFF

    static func update<C: Collection>(_ crc: UInt32, _ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc = crc
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        return crc
    }

    static func finish(_ crc: UInt32) -> UInt32 { crc ^ 0xFFFF_FFFF }

    /// The CRC-32 of `bytes`.
    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        finish(update(start, bytes))
    }
}
