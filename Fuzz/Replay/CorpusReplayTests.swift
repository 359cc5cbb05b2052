import Testing

/// Every seed and crash file goes through the same harness the fuzzer runs:
/// parsing, typed access, serialisation and the round-trip preconditions. A
/// parser that traps takes the test process down, so these run in `swift test`
/// without libFuzzer.
@Suite struct CorpusReplayTests {
    @Test(arguments: FuzzTarget.allCases)
    func corpusReplaysWithoutTrapping(target: FuzzTarget) {
        let inputs = FuzzInputs.corpus(target)
        #expect(inputs.count >= 5, "seed corpus Fuzz/corpus/\(target.rawValue) is missing or thin")
        let outcomes = inputs.map { target.run($0.bytes) }
        // The seeds are mostly valid wire data: most must get past the parser.
        #expect(outcomes.filter { $0 == .accepted }.count * 2 > outcomes.count)
    }

    @Test(arguments: FuzzTarget.allCases)
    func crashReproducersReplayWithoutTrapping(target: FuzzTarget) {
        for input in FuzzInputs.crashes(target) {
            _ = target.run(input.bytes)
        }
    }

    /// Named seeds with a known verdict, so a harness that stopped calling its
    /// parser (or a corpus that lost its files) is noticed.
    @Test(arguments: [
        (FuzzTarget.sipMessage, "gateway-invite-with-sdp", FuzzOutcome.accepted),
        (.sipMessage, "rfc4475-wsinv.dat", .accepted),
        (.sipMessage, "rfc4475-badinv01.dat", .rejected),
        (.sipDigest, "rfc7616-sha256", .accepted),
        (.sdp, "chrome-offer.sdp", .accepted),
        (.sdp, "broken-no-version.sdp", .rejected),
        (.stun, "rfc5769-request", .accepted),
        (.rtp, "extension-one-byte", .accepted),
        (.rtcp, "sr-sdes-compound", .accepted),
        (.signaling, "call.json", .accepted),
        (.signaling, "unknown-type.json", .rejected),
        (.wav, "pcm16-mono-8k.wav", .accepted),
        (.wav, "ulaw-8k.wav", .accepted),
        (.wav, "extensible-pcm16-stereo-48k.wav", .accepted),
        (.wav, "data-before-fmt-with-list.wav", .accepted),
        (.wav, "pcm24-rejected.wav", .rejected),
        (.dtmf, "relay-5", .accepted),
        (.dtmf, "relay-numeric-11", .accepted),
        (.dtmf, "broken-relay-huge-duration", .rejected),
        (.dtmf, "broken-dtmf-unknown", .rejected),
        (.dtmf, "event-5-end", .accepted),
        (.dtmf, "broken-event-short", .rejected),
        (.dialplan, "default.yaml", .accepted),
        (.dialplan, "ivr-menu.yaml", .accepted),
        (.dialplan, "collect-extension.yaml", .accepted),
        (.dialplan, "goto-cycle.yaml", .accepted),
        (.dialplan, "crlf-line-endings.yaml", .accepted),
        (.dialplan, "broken-catastrophic-regex.yaml", .rejected),
        (.dialplan, "broken-anchors-aliases.yaml", .rejected),
        (.dialplan, "broken-deep-nesting.yaml", .rejected),
        (.dialplan, "docs-menus.yaml", .rejected),
        (.dialplan, "timeout-time-zone-suggestions.yaml", .rejected),
        (.dialplan, "timeout-name-suggestions.yaml", .rejected),
    ])
    func knownSeedVerdicts(target: FuzzTarget, name: String, expected: FuzzOutcome) throws {
        let input = try #require(FuzzInputs.input(target, name))
        #expect(target.run(input) == expected)
    }
}
