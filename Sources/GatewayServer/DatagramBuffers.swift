import NIOCore

/// The outgoing buffer of one media stream, reused for every packet it sends.
///
/// `writeAndFlush` on a UDP channel normally hands the datagram to the kernel before it
/// returns, and SwiftNIO then drops its reference: the next packet finds the storage
/// unshared and is written into it with no allocation. When the kernel could not take a
/// datagram at once, SwiftNIO still holds it; writing the next packet then copies the
/// storage first (ByteBuffer is copy-on-write), so a queued packet is never overwritten.
struct OutgoingDatagram {
    private var buffer: ByteBuffer

    /// Enough for any RTP or RTCP packet the gateway sends (one Ethernet MTU).
    static let capacity = 1500

    init() {
        buffer = ByteBufferAllocator().buffer(capacity: Self.capacity)
    }

    /// Clears the buffer and lets `write` fill it; `write` returns how many bytes it
    /// wrote (0 to send nothing). Returns the packet, or nil when it is empty.
    mutating func fill(minimumCapacity: Int = capacity,
                       _ write: (UnsafeMutableRawBufferPointer) -> Int) -> ByteBuffer? {
        buffer.clear()
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: minimumCapacity, write)
        return buffer.readableBytes > 0 ? buffer : nil
    }
}

/// Writable room for one received datagram, allocated once per stream.
///
/// SRTP is removed in place, but a received ByteBuffer is shared with SwiftNIO's
/// receive-buffer pool while it is handled, so changing it would copy it into a new
/// allocation. Copying the bytes here instead costs one memcpy and no allocation.
final class IncomingScratch {
    let bytes: UnsafeMutableRawBufferPointer

    init(capacity: Int = 2048) {
        bytes = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { bytes.deallocate() }

    /// Copies `data` in (nil when it does not fit) and passes the copy to `body`.
    func withCopy<Result>(of data: ByteBuffer,
                          _ body: (UnsafeMutableRawBufferPointer) -> Result) -> Result? {
        let count = data.readableBytes
        guard count <= bytes.count, let base = bytes.baseAddress else { return nil }
        data.withUnsafeReadableBytes { source in
            if let from = source.baseAddress { base.copyMemory(from: from, byteCount: count) }
        }
        return body(UnsafeMutableRawBufferPointer(start: base, count: count))
    }
}
