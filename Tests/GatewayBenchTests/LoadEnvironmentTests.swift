import Config
import Testing
@testable import gateway_bench

@Suite struct LoadEnvironmentTests {
    @Test func configurationIsValid() throws {
        let file = LoadGatewayConfig(httpPort: 18_080, sipPort: 15_060, trunkPort: 15_070, rtpPorts: 20_000...20_799,
                                     storePath: "/tmp/load/gateway.sqlite", dialplanDirectory: "/tmp/load/dialplans")
        let config = try GatewayConfig.parse(yaml: file.yaml, source: "gateway.yaml")
        #expect(config.trunks.map(\.name) == ["load"])
        #expect(config.trunks.first?.address.port == 15_070)
        #expect(config.calls.defaultTrunk == "load")
        #expect(config.media.rtpPorts == 20_000...20_799)
        #expect(config.webAuth.maxCallsPerIdentity == 1000)
        #expect(LoadGatewayConfig.rtpPortCount(calls: 100) == 800)
        #expect(config.trunks.first?.codecs == [.pcmu])
    }

    @Test func relayConfigurationOffersOpusToTheTrunk() throws {
        var file = LoadGatewayConfig(httpPort: 18_080, sipPort: 15_060, trunkPort: 15_070, rtpPorts: 20_000...20_799,
                                     storePath: "/tmp/load/gateway.sqlite", dialplanDirectory: "/tmp/load/dialplans")
        file.trunkCodec = "opus"
        let config = try GatewayConfig.parse(yaml: file.yaml, source: "gateway.yaml")
        #expect(config.trunks.first?.codecs == [.opus])
    }

    @Test func theOverloadLevelIsPassedOnOrLeftAtTheDefault() throws {
        var file = LoadGatewayConfig(httpPort: 18_080, sipPort: 15_060, trunkPort: 15_070, rtpPorts: 20_000...20_799,
                                     storePath: "/tmp/load/gateway.sqlite", dialplanDirectory: "/tmp/load/dialplans")
        let defaults = try GatewayConfig.parse(yaml: file.yaml, source: "gateway.yaml")
        #expect(defaults.calls.overloadQueueDelay == CallsConfig().overloadQueueDelay)
        file.overloadQueueDelayMilliseconds = 0
        #expect(try GatewayConfig.parse(yaml: file.yaml, source: "gateway.yaml").calls.overloadQueueDelay == nil)
        file.overloadQueueDelayMilliseconds = 400
        #expect(try GatewayConfig.parse(yaml: file.yaml, source: "gateway.yaml").calls.overloadQueueDelay == .milliseconds(400))
    }

    @Test func procStatTimes() {
        // Field 2 may hold spaces and parentheses; utime 1234, stime 56.
        let stat = "4242 (gate way) (x)) S 1 4242 4242 0 -1 4194560 10 0 0 0 1234 56 0 0 20 0 9 0 100 0 0"
        #expect(ProcessCPU.userAndSystemTicks(stat: stat) == 1290)
        #expect(ProcessCPU.userAndSystemTicks(stat: "garbage") == nil)
    }

    @Test func residentMemory() {
        let status = "Name:\tgatewayd\nVmPeak:\t  900000 kB\nVmRSS:\t   65536 kB\nRssAnon:\t   40000 kB\n"
        #expect(ProcessCPU.residentKilobytes(status: status) == 65_536)
        #expect(ProcessCPU.residentKilobytes(status: "Name:\tgatewayd\n") == nil)
    }

    @Test func udpCounters() {
        let snmp = """
            Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            Udp: 3097768 116679 144227 3436511 144220 3 0 0 0
            UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            UdpLite: 0 0 0 0 0 0 0 0 0
            """
        let counters = UDPCounters.parse(snmp: snmp)
        #expect(counters == UDPCounters(inDatagrams: 3_097_768, inErrors: 144_227, receiveBufferErrors: 144_220,
                                        sendBufferErrors: 3))
    }
}
