import Foundation
import Testing

/// The fuzz targets as the replay tests see them: each name is a folder under
/// Fuzz/corpus and Fuzz/crashes, and the harness is the one the fuzzer links.
enum FuzzTarget: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sipMessage = "sip-message"
    case sipDigest = "sip-digest"
    case sdp
    case stun
    case rtp
    case rtcp
    case signaling
    case wav
    case dialplan
    case dtmf

    func run(_ input: [UInt8]) -> FuzzOutcome {
        switch self {
        case .sipMessage: SIPMessageHarness.run(input)
        case .sipDigest: SIPDigestHarness.run(input)
        case .sdp: SDPHarness.run(input)
        case .stun: STUNHarness.run(input)
        case .rtp: RTPHarness.run(input)
        case .rtcp: RTCPHarness.run(input)
        case .signaling: SignalingHarness.run(input)
        case .wav: WAVHarness.run(input)
        case .dialplan: DialplanHarness.run(input)
        case .dtmf: DTMFHarness.run(input)
        }
    }

    var testDescription: String { rawValue }
}

/// Reads the inputs from the source tree, so no resources are copied and a file
/// dropped into Fuzz/crashes/<target>/ is replayed by the next `swift test`.
enum FuzzInputs {
    static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    /// Seed corpus files of a target, sorted by name.
    static func corpus(_ target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        files(in: fuzzFolder.appendingPathComponent("corpus/\(target.rawValue)"))
    }

    /// Crash reproducers of a target (found by the fuzzer, fixed since).
    static func crashes(_ target: FuzzTarget) -> [(name: String, bytes: [UInt8])] {
        files(in: fuzzFolder.appendingPathComponent("crashes/\(target.rawValue)"))
    }

    /// One named input, from the corpus or the crash folder.
    static func input(_ target: FuzzTarget, _ name: String) -> [UInt8]? {
        (corpus(target) + crashes(target)).first { $0.name == name }?.bytes
    }

    private static func files(in folder: URL) -> [(name: String, bytes: [UInt8])] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                return nil
            }
            return (name, [UInt8](data))
        }
    }
}
