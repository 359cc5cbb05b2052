import COpenSSL
import CShims

extension DTLSEndpoint {
    /// RFC 6347 §4.1: type (1), version (2), epoch (2), sequence number (6), length (2).
    static let recordHeaderLength = 13

    /// Takes everything OpenSSL wrote to the memory BIO and packs its records
    /// into datagrams of at most `mtu` bytes.
    ///
    /// A memory BIO is a byte stream, so the boundaries OpenSSL meant are
    /// lost; they are recovered from the record headers. RFC 6347 §4.1.1
    /// allows several records per datagram but never one record across two.
    func drainWrittenDatagrams() -> [[UInt8]] {
        var data: UnsafeMutablePointer<CChar>?
        let length = cshim_BIO_get_mem_data(writeBIO, &data)
        guard length > 0, let data else { return [] }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        let datagrams = DTLSEndpoint.pack(records: DTLSEndpoint.splitRecords(bytes), mtu: mtu)
        _ = BIO_ctrl(writeBIO, BIO_CTRL_RESET, 0, nil)
        return datagrams
    }

    /// Splits a stream of DTLS records into records. A trailing fragment that
    /// is not a whole record (never produced by OpenSSL) is kept as its own piece.
    static func splitRecords(_ bytes: UnsafeRawBufferPointer) -> [[UInt8]] {
        var records: [[UInt8]] = []
        var offset = 0
        while offset < bytes.count {
            var end = bytes.count
            if bytes.count - offset >= recordHeaderLength {
                let bodyLength = Int(bytes[offset + 11]) << 8 | Int(bytes[offset + 12])
                end = min(offset + recordHeaderLength + bodyLength, bytes.count)
            }
            records.append(Array(bytes[offset..<end]))
            offset = end
        }
        return records
    }

    /// Greedy packing: consecutive records share a datagram while they fit.
    static func pack(records: [[UInt8]], mtu: Int) -> [[UInt8]] {
        var datagrams: [[UInt8]] = []
        var current: [UInt8] = []
        for record in records {
            if !current.isEmpty, current.count + record.count > mtu {
                datagrams.append(current)
                current = []
            }
            current += record
        }
        if !current.isEmpty { datagrams.append(current) }
        return datagrams
    }
}
