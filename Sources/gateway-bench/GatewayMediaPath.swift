import Media
import RTP
import WebRTC

/// One transcoded call through the gateway's own media code, per packet the steps the
/// runtime (GatewayServer's MediaSession and TrunkLeg) takes between socket and socket:
/// - browser → trunk: `SRTPSession.unprotectRTP`, `RTPHeader.parse`,
///   `BrowserToTrunkTranscoder.process`, then an `RTPHeader.write` and payload copy per
///   trunk frame;
/// - trunk → browser: `RTPHeader.parse`, `TrunkToBrowserTranscoder.process`, then an
///   `RTPHeader.write`, payload copy and `SRTPSession.protectRTP` per Opus packet.
/// Buffers are allocated here, once; the runtime's socket buffers are not part of it.
final class GatewayMediaPath {
    let srtp: SRTPSession
    let toTrunk: BrowserToTrunkTranscoder
    let toBrowser: TrunkToBrowserTranscoder
    let inbound = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 16)
    let trunkOut = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 16)
    let browserOut = UnsafeMutableRawBufferPointer.allocate(byteCount: 1500, alignment: 16)
    var trunkSequence: UInt16 = 0
    var trunkTimestamp: UInt32 = 0
    var browserSequence: UInt16 = 0
    var browserTimestamp: UInt32 = 0
    /// Packets produced, so the work cannot be optimised away and the run can be checked.
    var trunkFrames = 0
    var browserPackets = 0
    var failures = 0

    /// The transcoders with the gateway's defaults (as MediaSession creates them), FEC
    /// planned for 10 % loss when `fec`.
    init(keys: SRTPKeyingMaterial, fec: Bool) throws {
        srtp = try SRTPSession(keyingMaterial: keys)
        toTrunk = try BrowserToTrunkTranscoder(trunkCodec: .pcmu)
        // FEC on: planned for 10 % loss, as the floor does; the gateway plans for the loss
        // the browser reports (none on a clean path, which costs as `off`).
        toBrowser = try TrunkToBrowserTranscoder(trunkCodec: .pcmu, fec: fec, expectedLossPercent: fec ? 10 : 0)
    }

    deinit {
        inbound.deallocate()
        trunkOut.deallocate()
        browserOut.deallocate()
    }

    /// One SRTP packet from the browser, as received into a socket buffer.
    func fromBrowser(_ packet: UnsafeRawBufferPointer) {
        inbound.copyMemory(from: packet)
        guard let base = inbound.baseAddress,
              let length = try? srtp.unprotectRTP(base, length: packet.count),
              let header = RTPHeader.parse(UnsafeRawBufferPointer(start: base, count: length))
        else { failures += 1; return }
        let payload = UnsafeRawBufferPointer(start: base + header.headerLength, count: header.payloadLength)
        do {
            try toTrunk.process(opusPayload: payload) { frame in
                let out = RTPHeader(payloadType: 0, sequenceNumber: trunkSequence, timestamp: trunkTimestamp,
                                    ssrc: 0x0B0B_0B0B)
                let headerLength = out.write(to: trunkOut)
                UnsafeMutableRawBufferPointer(rebasing: trunkOut[headerLength...]).copyMemory(from: frame)
                trunkSequence &+= 1
                trunkTimestamp &+= toTrunk.trunkTimestampIncrement
                trunkFrames += 1
            }
        } catch {
            failures += 1
        }
    }

    /// One RTP packet from the trunk.
    func fromTrunk(_ packet: UnsafeRawBufferPointer) {
        guard let header = RTPHeader.parse(packet) else { failures += 1; return }
        let payload = UnsafeRawBufferPointer(rebasing: packet[header.headerLength..<(header.headerLength + header.payloadLength)])
        do {
            try toBrowser.process(trunkPayload: payload) { opus in
                let out = RTPHeader(payloadType: MediaInputs.opusPayloadType, sequenceNumber: browserSequence,
                                    timestamp: browserTimestamp, ssrc: 0x0C0C_0C0C)
                let headerLength = out.write(to: browserOut)
                UnsafeMutableRawBufferPointer(rebasing: browserOut[headerLength...]).copyMemory(from: opus)
                browserSequence &+= 1
                browserTimestamp &+= TrunkToBrowserTranscoder.rtpTimestampIncrement
                guard let base = browserOut.baseAddress,
                      (try? srtp.protectRTP(base, length: headerLength + opus.count, capacity: browserOut.count)) != nil
                else { failures += 1; return }
                browserPackets += 1
            }
        } catch {
            failures += 1
        }
    }
}
