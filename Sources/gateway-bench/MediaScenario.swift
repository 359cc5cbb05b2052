import WebRTC

/// The two ends of one call's media path, gateway or floor, driven the same way.
protocol MediaPath: AnyObject {
    func fromBrowser(_ packet: UnsafeRawBufferPointer)
    func fromTrunk(_ packet: UnsafeRawBufferPointer)
    var trunkFrames: Int { get }
    var browserPackets: Int { get }
    var failures: Int { get }
}

extension GatewayMediaPath: MediaPath {}
extension FloorMediaPath: MediaPath {}

/// The cost of one pass over the inputs: every browser packet, then every trunk packet.
struct PassCost {
    var browserToTrunk: Cost
    var trunkToBrowser: Cost
}

/// Runs the media scenario: alternating rounds of the gateway's path and the floor's on
/// the same prepared packets, each round on freshly created sessions and codecs (a new
/// SRTP receiver accepts each browser packet once: replay protection, RFC 3711 §3.3.2).
struct MediaScenario {
    let inputs: MediaInputs
    let bitrate: Int32
    let complexity: Int32
    let fec: Bool

    enum Failure: Error, CustomStringConvertible {
        case pathFailed(side: String, failures: Int, trunkFrames: Int, browserPackets: Int)
        var description: String {
            switch self {
            case let .pathFailed(side, failures, trunkFrames, browserPackets):
                "\(side): \(failures) packets failed (\(trunkFrames) trunk frames, \(browserPackets) browser packets out)"
            }
        }
    }

    func makeGateway() throws -> GatewayMediaPath { try GatewayMediaPath(keys: inputs.gatewayKeys, fec: fec) }

    func makeFloor() throws -> FloorMediaPath {
        try FloorMediaPath(keys: inputs.gatewayKeys, bitrate: bitrate, complexity: complexity, fec: fec)
    }

    /// Times one pass of `path` over the first `packets` packets of each direction and
    /// checks that every packet went through.
    func pass(_ path: some MediaPath, side: String, packets: Int) throws -> PassCost {
        let browser = Cost.of {
            inputs.browserPackets.withUnsafeBytes { stream in
                for index in 0..<packets {
                    path.fromBrowser(UnsafeRawBufferPointer(rebasing: stream[inputs.browserRanges[index]]))
                }
            }
        }
        let trunk = Cost.of {
            inputs.trunkPackets.withUnsafeBytes { stream in
                let length = inputs.trunkPacketLength
                for index in 0..<packets {
                    path.fromTrunk(UnsafeRawBufferPointer(rebasing: stream[(index * length)..<((index + 1) * length)]))
                }
            }
        }
        guard path.failures == 0, path.trunkFrames == packets, path.browserPackets == packets else {
            throw Failure.pathFailed(side: side, failures: path.failures, trunkFrames: path.trunkFrames,
                                     browserPackets: path.browserPackets)
        }
        return PassCost(browserToTrunk: browser, trunkToBrowser: trunk)
    }

    /// A short untimed pass of each, then `rounds` timed ones, the two sides alternating.
    func run(rounds: Int) throws -> (gateway: [PassCost], floor: [PassCost]) {
        let warmUp = min(inputs.packetCount, 250)
        _ = try pass(makeGateway(), side: "gateway", packets: warmUp)
        _ = try pass(makeFloor(), side: "floor", packets: warmUp)
        var gateway: [PassCost] = []
        var floor: [PassCost] = []
        for round in 0..<rounds {
            // Alternate which side goes first so neither always runs on a warmer cache.
            if round % 2 == 0 {
                gateway.append(try pass(makeGateway(), side: "gateway", packets: inputs.packetCount))
                floor.append(try pass(makeFloor(), side: "floor", packets: inputs.packetCount))
            } else {
                floor.append(try pass(makeFloor(), side: "floor", packets: inputs.packetCount))
                gateway.append(try pass(makeGateway(), side: "gateway", packets: inputs.packetCount))
            }
        }
        return (gateway, floor)
    }
}
