/// Room to build one outgoing packet in, allocated once per stream: RTP and SRTP packets
/// are written here and sent from here (`MediaSocket.send` copies them into the kernel
/// before it returns), so no packet allocates.
final class PacketBuffer {
    let bytes: UnsafeMutableRawBufferPointer

    init(capacity: Int = MediaSocket.maximumDatagram) {
        bytes = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { bytes.deallocate() }
}
