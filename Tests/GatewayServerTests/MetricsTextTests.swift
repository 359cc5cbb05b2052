import Testing
@testable import GatewayServer

@Suite struct MetricsTextTests {
    @Test func gaugesAreWrittenInTheExpositionFormat() {
        var metrics = MetricsText()
        metrics.gauge("gateway_trunk_up", help: "Up or down.",
                      samples: [([("trunk", "carrier")], 1), ([("trunk", "odd \"name\"")], 0)])
        metrics.gauge("gateway_calls_active", help: "Calls.", samples: [([], 3)])
        metrics.gauge("gateway_rtt_seconds", help: "RTT.", samples: [([], 0.042)])
        #expect(metrics.text == """
        # HELP gateway_trunk_up Up or down.
        # TYPE gateway_trunk_up gauge
        gateway_trunk_up{trunk="carrier"} 1
        gateway_trunk_up{trunk="odd \\"name\\""} 0
        # HELP gateway_calls_active Calls.
        # TYPE gateway_calls_active gauge
        gateway_calls_active 3
        # HELP gateway_rtt_seconds RTT.
        # TYPE gateway_rtt_seconds gauge
        gateway_rtt_seconds 0.042

        """)
    }
}
