import Testing
@testable import Config

@Suite struct MediaQualityConfigTests {
    @Test func defaultsWhenLeftOut() throws {
        let config = try GatewayConfig.parse(yaml: minimalYAML, source: "test.yaml")
        #expect(config.media.qualityWarnings == QualityWarningLimits())
        #expect(config.media.qualityWarnings.lossPercent == 3)
        #expect(config.calls.toneCountry == "US")
    }

    @Test func limitsAndCountryAreRead() throws {
        let config = try GatewayConfig.parse(yaml: """
            media:
              public_address: 192.0.2.10
              quality_warnings:
                rtt_ms: 300
                jitter_ms: 25
                loss_percent: 1.5
                mos: 3.8
            calls:
              tone_country: gb
            """, source: "test.yaml")
        #expect(config.media.qualityWarnings.roundTripMilliseconds == 300)
        #expect(config.media.qualityWarnings.jitterMilliseconds == 25)
        #expect(config.media.qualityWarnings.lossPercent == 1.5)
        #expect(config.media.qualityWarnings.meanOpinionScore == 3.8)
        #expect(config.calls.toneCountry == "GB")
    }

    @Test func badLimitsAreFindingsWithTheirPlace() {
        let found = lines("""
            media:
              public_address: 192.0.2.10
              quality_warnings:
                loss_percent: "5"
                mos: 4.9
                rtt: 300
            """)
        #expect(found.count == 3)
        #expect(found.contains { $0.hasPrefix("test.yaml:4:19: media.quality_warnings.loss_percent: ") && $0.contains("remove the quotes") })
        #expect(found.contains { $0.hasPrefix("test.yaml:5:10: media.quality_warnings.mos: 4.9 is out of range") })
        #expect(found.contains { $0.contains("media.quality_warnings.rtt") && $0.contains("rtt_ms") })
    }

    @Test func aCountryIsTwoLetters() {
        let found = lines(minimalYAML + "calls:\n  tone_country: USA\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("test.yaml:4:17: calls.tone_country: 'USA' is not a two-letter country code") == true)
    }

    @Test func jitterBufferIsOffOrTwentyToSixty() throws {
        let trunk = { (value: String) in minimalYAML + """
            trunks:
              - name: carrier
                address: 192.0.2.1
                jitter_buffer_ms: \(value)
            calls:
              default_trunk: carrier
            """ }
        #expect(try GatewayConfig.parse(yaml: trunk("40"), source: "test.yaml").trunks.first?.jitterBufferMilliseconds == 40)
        #expect(try GatewayConfig.parse(yaml: trunk("0"), source: "test.yaml").trunks.first?.jitterBufferMilliseconds == nil)
        #expect(try GatewayConfig.parse(yaml: minimalYAML, source: "test.yaml").trunks.isEmpty)
        #expect(lines(trunk("10")).first?.contains("below one 20 ms packet") == true)
        #expect(lines(trunk("80")).first?.contains("80 is out of range") == true)
    }
}

@Suite struct DrainConfigTests {
    @Test func drainTimeoutIsReadAndBounded() throws {
        #expect(try GatewayConfig.parse(yaml: minimalYAML, source: "test.yaml").calls.drainTimeout == .seconds(60))
        let config = try GatewayConfig.parse(yaml: minimalYAML + "calls:\n  drain_timeout_s: 600\n", source: "test.yaml")
        #expect(config.calls.drainTimeout == .seconds(600))
        let found = lines(minimalYAML + "calls:\n  drain_timeout_s: -1\n")
        #expect(found.first?.hasPrefix("test.yaml:4:20: calls.drain_timeout_s: -1 is out of range") == true)
    }

    @Test func overloadQueueDelayIsReadWithZeroForOff() throws {
        #expect(try GatewayConfig.parse(yaml: minimalYAML, source: "test.yaml").calls.overloadQueueDelay == .milliseconds(250))
        let set = try GatewayConfig.parse(yaml: minimalYAML + "calls:\n  overload_queue_delay_ms: 500\n", source: "test.yaml")
        #expect(set.calls.overloadQueueDelay == .milliseconds(500))
        let off = try GatewayConfig.parse(yaml: minimalYAML + "calls:\n  overload_queue_delay_ms: 0\n", source: "test.yaml")
        #expect(off.calls.overloadQueueDelay == nil)
        let short = lines(minimalYAML + "calls:\n  overload_queue_delay_ms: 5\n")
        #expect(short.first?.hasPrefix("test.yaml:4:28: calls.overload_queue_delay_ms: 5 ms is too short") == true)
        #expect(short.first?.contains("or 0 to never refuse") == true)
    }
}

@Suite struct SIPSourceLimitConfigTests {
    @Test func limitsAreReadWithDefaults() throws {
        let defaults = try GatewayConfig.parse(yaml: minimalYAML, source: "test.yaml").sip
        #expect(defaults.requestsPerSecondPerSource == 20 && defaults.banAfterFailures == 5)
        #expect(defaults.banDuration == .seconds(600))
        let sip = try GatewayConfig.parse(yaml: minimalYAML + """
            sip:
              requests_per_second_per_source: 50
              ban_after_failures: 3
              ban_s: 3600
            """, source: "test.yaml").sip
        #expect(sip.requestsPerSecondPerSource == 50 && sip.banAfterFailures == 3 && sip.banDuration == .seconds(3600))
        #expect(lines(minimalYAML + "sip:\n  ban_after_failures: 0\n").first?.contains("0 is out of range") == true)
    }
}
