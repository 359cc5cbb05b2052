import CBenchFloor
import WebRTC

/// The same call done straight on the C libraries (Sources/CBenchFloor/floor.c), with the
/// gateway's codec settings: the cost below which the gateway's media path cannot go.
final class FloorMediaPath {
    let call: OpaquePointer
    let inbound = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 16)
    let trunkOut = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 16)
    let browserOut = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 16)
    var trunkFrames = 0
    var browserPackets = 0
    var failures = 0

    struct SetupFailed: Error {}

    init(keys: SRTPKeyingMaterial, bitrate: Int32, complexity: Int32, fec: Bool) throws {
        let created = keys.localKeyAndSalt.withUnsafeBufferPointer { local in
            keys.remoteKeyAndSalt.withUnsafeBufferPointer { remote in
                floor_call_create(keys.profile == .aeadAes128Gcm ? 1 : 0, local.baseAddress, remote.baseAddress,
                                  bitrate, complexity, fec ? 1 : 0)
            }
        }
        guard let created else { throw SetupFailed() }
        call = created
    }

    deinit {
        floor_call_destroy(call)
        inbound.deallocate()
        trunkOut.deallocate()
        browserOut.deallocate()
    }

    func fromBrowser(_ packet: UnsafeRawBufferPointer) {
        inbound.copyMemory(from: packet)
        let frames = floor_browser_to_trunk(call, inbound.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                            Int32(packet.count),
                                            trunkOut.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                            Int32(trunkOut.count))
        if frames < 0 { failures += 1 } else { trunkFrames += Int(frames) }
    }

    func fromTrunk(_ packet: UnsafeRawBufferPointer) {
        let length = floor_trunk_to_browser(call, packet.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                            Int32(packet.count),
                                            browserOut.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                            Int32(browserOut.count))
        if length < 0 { failures += 1 } else { browserPackets += 1 }
    }
}
