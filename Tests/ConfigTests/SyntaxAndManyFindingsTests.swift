import Testing
@testable import Config

@Suite struct SyntaxAndManyFindingsTests {
    @Test func everyMistakeIsReportedInFileOrder() {
        let yaml = """
        http:
          listen: "0.0.0.0:99999"
        sip:
          transport: tcp
          timer_t1: 500
        media:
          rtp_port_min: 20001
        calls:
          default_trunk: nowhere
          answer_timeout_s: 1000
        trunks:
          - name: a
            adress: 192.0.2.1
          - name: a
            address: 192.0.2.2
            codecs: [g729]
        log:
          level: loud
        """
        let found = findings(yaml)
        #expect(found.map(\.keyPath) == [
            "http.listen",
            "sip.transport",
            "sip.timer_t1",
            "media.public_address",
            "media.rtp_port_min",
            "calls.default_trunk",
            "calls.answer_timeout_s",
            "trunks[0].address",
            "trunks[0].adress",
            "trunks[1].name",
            "trunks[1].codecs[0]",
            "log.level",
        ])
        #expect(found.map(\.line) == [2, 4, 5, 6, 7, 9, 10, 12, 13, 14, 16, 18])
        #expect(found.allSatisfy { $0.source == testSource })
        #expect(found[2].fix == "did you mean 'timer_t1_ms'?")
        // The error prints one finding per line.
        let error = ConfigError(findings: found)
        #expect(error.description.split(separator: "\n").count == found.count)
    }

    @Test func syntaxErrorPointsAtItsLine() {
        let yaml = """
        media:
          public_address: 192.0.2.1
        sip:
          listen: "0.0.0.0:5060
        log:
          level: info
        """
        let found = findings(yaml)
        #expect(found.count == 1)
        #expect(found.first?.keyPath == "")
        #expect(found.first?.problem.hasPrefix("YAML syntax error:") == true)
        #expect((found.first?.line ?? 0) >= 4)
    }

    @Test func badIndentationIsASyntaxError() {
        let found = findings("media:\n  public_address: 192.0.2.1\n bind_address: 0.0.0.0\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 3)
        #expect(found.first?.problem.hasPrefix("YAML syntax error:") == true)
    }

    @Test func unquotedStarCodeExplainsTheQuoting() {
        let found = findings(minimalYAML + "calls:\n  echo_test_number: *43\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.fix == "quote values that start with '*' or '&', e.g. \"*43\"")
    }

    @Test func duplicateKeysAreReported() {
        let found = findings("media:\n  public_address: 192.0.2.1\n  public_address: 192.0.2.2\n")
        #expect(found.count == 1)
        #expect(found.first?.problem == "key 'public_address' appears more than once in the same mapping")
        #expect([2, 3].contains(found.first?.line ?? 0))
    }

    @Test func tabsAreExplained() {
        let found = findings("media:\n\tpublic_address: 192.0.2.1\n")
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
    }

    /// Arbitrary text never traps: it parses or yields findings, each with a problem.
    @Test func arbitraryInputNeverTraps() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("ab:- \n\t[]{}\"'#*&!|>%@`,?0123456789.")
        let keys = ["http:", "sip:", "media:", "trunks:", "  - ", "listen: ", "public_address: ", "rtp_port_min: ",
                    "name: ", "address: ", "codecs: ", "urls: ", "webrtc:", "ice_servers:", "calls:", "default_trunk: "]
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<Int(generator.next() % 40) {
                if generator.next() % 3 == 0 {
                    text += keys[Int(generator.next() % UInt64(keys.count))]
                } else {
                    text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
                }
            }
            let found = findings(text)
            #expect(found.allSatisfy { !$0.problem.isEmpty })
        }
    }
}

/// Small deterministic pseudo-random generator for reproducible input.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
