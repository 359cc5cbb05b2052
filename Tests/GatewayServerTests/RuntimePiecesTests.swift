import Config
import CoreTypes
import Gateway
import Logging
import Testing
@testable import GatewayServer

/// Small runtime pieces that need no socket: record values,
/// configuration adapters, the clock and the inbox.
@Suite struct RuntimePiecesTests {
    @Test func hangupSideNamesInCallRecords() {
        #expect(HangupSide.local.recordValue == "web")
        #expect(HangupSide.remote.recordValue == "sip")
        #expect(HangupSide.gateway.recordValue == "gateway")
    }

    @Test func trunkConfigBecomesTheTargetTheCoreSees() {
        let config = TrunkConfig(name: "carrier", address: Endpoint(host: "192.0.2.10", port: 5080),
                                 username: "user", password: "pw", fromUser: "+4930123456",
                                 fromDomain: "sip.example.com", codecs: [.pcma, .pcmu])
        #expect(config.target == TrunkTarget(name: "carrier", endpoint: Endpoint(host: "192.0.2.10", port: 5080),
                                             domain: "sip.example.com", username: "user", password: "pw",
                                             fromUser: "+4930123456", codecs: [.pcma, .pcmu]))
        let plain = TrunkConfig(name: "pbx", address: Endpoint(host: "pbx.example.net", port: 5060))
        #expect(plain.target.domain == "pbx.example.net")
        #expect(plain.target.codecs == [.pcmu, .pcma])
        #expect(plain.target.username == nil)
    }

    @Test func theBrowserIsAskedForOpusAsWideAsItsCallCarries() {
        func trunk(_ codecs: [AudioCodec]) -> TrunkConfig {
            TrunkConfig(name: "t", address: Endpoint(host: "192.0.2.1", port: 5060), codecs: codecs)
        }
        // The echo test hears itself through G.711.
        #expect(WebRoute.echo.browserPlaybackRate == 8000)
        #expect(WebRoute.trunks(TrunkRoute(trunks: [trunk([.pcmu, .pcma])])).browserPlaybackRate == 8000)
        // Failover to a G.722 trunk: wideband is worth sending.
        #expect(WebRoute.trunks(TrunkRoute(trunks: [trunk([.pcmu]), trunk([.g722, .pcmu])])).browserPlaybackRate == 16000)
        // A trunk that takes Opus gets it as the browser sends it.
        #expect(WebRoute.trunks(TrunkRoute(trunks: [trunk([.opus, .pcmu])])).browserPlaybackRate == nil)
        #expect(WebRoute.unavailable("none").browserPlaybackRate == nil)
    }

    @Test func everyConfiguredCodecHasATrunkCodec() {
        for codec in AudioCodec.allCases {
            #expect(TrunkCodec(config: codec)?.rawValue == codec.rawValue)
        }
    }

    @Test func everyLogLevelMapsToTheSameLoggerLevel() {
        for level in LogLevel.allCases {
            #expect(level.loggerLevel.rawValue == level.rawValue)
        }
    }

    @Test func clockNeverAsksToWaitForThePast() {
        let clock = RuntimeClock()
        #expect(clock.delay(until: .zero - .seconds(1)) == .zero)
        #expect(clock.delay(until: .seconds(1_000_000)) <= .seconds(1_000_000))
        #expect(clock.now >= .zero)
    }

    @Test func inboxDeliversItemsInOrderUntilFinished() async {
        let inbox = EngineInbox()
        inbox.post(.sip([1, 2, 3], from: Endpoint(host: "192.0.2.10", port: 5060), transport: .udp))
        inbox.post(.media(callKey: "call-1", .dtmfFromTrunk("5", .rfc4733)))
        inbox.post(.media(callKey: "call-1", .webConnected))
        inbox.finish()
        var seen: [String] = []
        for await posted in inbox.stream {
            let item = posted.item
            switch item {
            case .sip(let bytes, let from, let transport): seen.append("sip \(bytes) from \(from) over \(transport)")
            case .sipUndeliverable(let to, _, _): seen.append("undeliverable to \(to)")
            case .media(let key, .dtmfFromTrunk(let digit, let method)): seen.append("\(key) dtmf \(digit) \(method.rawValue)")
            case .media(let key, .webConnected): seen.append("\(key) connected")
            case .media(let key, _): seen.append("\(key) other")
            }
        }
        #expect(seen == ["sip [1, 2, 3] from 192.0.2.10:5060 over udp", "call-1 dtmf 5 rfc4733", "call-1 connected"])
    }
}
